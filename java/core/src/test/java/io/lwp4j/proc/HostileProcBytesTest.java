package io.lwp4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.internal.proc.ProcFile;
import io.lwp4j.internal.proc.TaskParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code /proc} parsing over hostile bytes, fed from files through the same reader ({@link ProcFile}) that reads
 * {@code /proc}: a task's {@code stat} and {@code status} may come from a process that names itself anything, from a
 * kernel with other fields, or from a file cut short. The parser answers a {@link TaskInfo} or an
 * {@link IllegalArgumentException} naming what is wrong — never an {@code ArrayIndexOutOfBoundsException},
 * a {@code NumberFormatException} or a {@code StringIndexOutOfBoundsException}, which the readers would not catch.
 */
class HostileProcBytesTest {

    private static final String STAT = "4242 (name) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 12345 "
            + "1000000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
    private static final String STATUS = "Name:\tname\nTgid:\t4242\nPid:\t4242\nUid:\t0\t0\t0\t0\n"
            + "NSpid:\t4242\t1\nCpus_allowed_list:\t0-1\nvoluntary_ctxt_switches:\t5\nnonvoluntary_ctxt_switches:\t6\n";

    @Provide
    Arbitrary<byte[]> statLines() {
        byte[] good = STAT.getBytes(StandardCharsets.US_ASCII);
        Arbitrary<byte[]> mutated = Combinators.combine(
                Arbitraries.integers().between(0, good.length),
                Arbitraries.integers().between(0, good.length),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                .as((cut, at, insert) -> {
                    byte[] head = Arrays.copyOf(good, Math.min(cut, good.length));
                    int a = Math.min(at, head.length);
                    byte[] out = new byte[head.length + insert.length];
                    System.arraycopy(head, 0, out, 0, a);
                    System.arraycopy(insert, 0, out, a, insert.length);
                    System.arraycopy(head, a, out, a + insert.length, head.length - a);
                    return out;
                });
        Arbitrary<byte[]> crafted = Arbitraries.of(
                "", "(", ")", "()", ") (", "1 (x", "1 (x)", "1 (x) ", "1 (x) S", "1 (x) S ",
                "1 (a) S 1 (b) R 2 " + "0 ".repeat(40), "-1 (x) S " + "-9223372036854775808 ".repeat(39),
                "99999999999999999999999 (x) S " + "99999999999999999999999 ".repeat(39),
                "1 (x) S " + "1 ".repeat(38), "1 (x) S " + "+1 ".repeat(39), "1 (x) S " + "0x10 ".repeat(39),
                "1 (x) S " + "  ".repeat(39), "1 (x)\0S " + "1 ".repeat(39), "1 (\n) S " + "1 ".repeat(39))
                .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.oneOf(mutated, crafted, Arbitraries.bytes().array(byte[].class).ofMaxSize(600));
    }

    @Provide
    Arbitrary<byte[]> statusFiles() {
        byte[] good = STATUS.getBytes(StandardCharsets.US_ASCII);
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, good.length).map(n -> Arrays.copyOf(good, n));
        Arbitrary<byte[]> crafted = Arbitraries.of("\n\n\n", "Tgid:", "Tgid:\n", "Uid:\n", "Uid:\t\t\n", "NSpid:\t\n",
                "NSpid:\t1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33\n",
                "Cpus_allowed_list:", "voluntary_ctxt_switches:", "Tgid:\tx\n", "Uid:\t1 x\n",
                "Tgid:\t99999999999999999999999\n", "NSpid:\t-1\t-2\n")
                .map(s -> s.getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.oneOf(cut, crafted, Arbitraries.bytes().array(byte[].class).ofMaxSize(600));
    }

    @Property(tries = 1500)
    void hostileStatAndStatusParseOrAreRefusedByName(@ForAll("statLines") byte[] stat,
                                                     @ForAll("statusFiles") byte[] status) throws IOException {
        Path dir = Files.createTempDirectory("lwp4j-hostile-proc");
        try {
            Files.write(dir.resolve("stat"), stat);
            Files.write(dir.resolve("status"), status);
            ProcFile statFile = new ProcFile(64);
            ProcFile statusFile = new ProcFile(64);
            assertTrue(statFile.read(dir.resolve("stat").toString(), 1 << 16, "test", "stat"));
            assertTrue(statusFile.read(dir.resolve("status").toString(), 1 << 16, "test", "status"));
            assertEquals(stat.length, statFile.length(), "the whole file was read");
            try {
                TaskInfo t = TaskParser.parse(statFile.bytes(), statFile.length(), statusFile.bytes(),
                        statusFile.length());
                assertNotNull(t.name());
            } catch (IllegalArgumentException refused) {
                assertNotNull(refused.getMessage());
            }
        } finally {
            for (String f : List.of("stat", "status")) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.delete(dir);
        }
    }

    @Property(tries = 300)
    void anyThreadNameSurvivesTheStatLine(@ForAll("names") String name) {
        String stat = "77 (" + name + ") R 1 77 77 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 9 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
                + "17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
        byte[] b = stat.getBytes(StandardCharsets.UTF_8);
        TaskInfo t = TaskParser.parse(b, b.length, new byte[0], 0);
        assertEquals(77, t.tid());
        assertEquals('R', t.state());
        assertEquals(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), t.name());
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of(")", ") (", "a) S 1", "((", "))", " ", "x) R 1 2 3 (y"),
                Arbitraries.strings().withChars("() SR0123456789\n\t\u001b").ofMaxLength(15));
    }
}
