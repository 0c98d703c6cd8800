package io.lwp4j.internal.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;

/** System-wide values from {@code /proc} that turn a task's raw numbers into times and column widths. */
public final class ProcSystem {
    private ProcSystem() {}

    /** {@code AT_CLKTCK} in {@code <elf.h>}: the auxiliary vector entry glibc's {@code sysconf(_SC_CLK_TCK)} reads. */
    private static final long AT_CLKTCK = 17;

    private static final int HERTZ = readHertz();

    /**
     * Clock ticks per second, as {@code sysconf(_SC_CLK_TCK)} answers: the kernel's {@code USER_HZ}, passed to
     * every process in its ELF auxiliary vector ({@code AT_CLKTCK}). It is 100 on x86_64 and arm64 today, but it
     * is the kernel's to say, so it is read, not assumed.
     */
    public static int hertz() {
        return HERTZ;
    }

    private static int readHertz() {
        try {
            byte[] auxv = Files.readAllBytes(Paths.get("/proc/self/auxv"));
            ByteBuffer b = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
            boolean wide = !"32".equals(System.getProperty("sun.arch.data.model"));
            while (b.remaining() >= (wide ? 16 : 8)) {
                long type = wide ? b.getLong() : b.getInt() & 0xffffffffL;
                long value = wide ? b.getLong() : b.getInt() & 0xffffffffL;
                if (type == AT_CLKTCK && value > 0) {
                    return (int) value;
                }
                if (type == 0) {
                    break; // AT_NULL ends the vector
                }
            }
        } catch (IOException e) {
            // fall through to the value every Linux port has used since 2.6 (USER_HZ)
        }
        return 100;
    }

    /** The boot time in seconds since the epoch: {@code btime} in {@code /proc/stat}. */
    public static long bootTimeSeconds() {
        String stat = readAscii("/proc/stat");
        int i = stat.indexOf("\nbtime ");
        if (i < 0) {
            throw new IllegalStateException("/proc/stat has no btime line");
        }
        int end = stat.indexOf('\n', i + 1);
        return Long.parseLong(stat.substring(i + 7, end < 0 ? stat.length() : end).trim());
    }

    /** Seconds since boot, the first number of {@code /proc/uptime}. */
    public static double uptimeSeconds() {
        String up = readAscii("/proc/uptime");
        return Double.parseDouble(up.substring(0, up.indexOf(' ')));
    }

    /** The text of {@code /proc/sys/kernel/pid_max} without its newline, for example {@code "32768"}. */
    public static String pidMaxText() {
        return readAscii("/proc/sys/kernel/pid_max").trim();
    }

    /**
     * The whole file in one read. Why not {@code Files.readAllBytes}: for a {@code /proc} file it first reads a
     * single byte, and a sysctl file such as {@code pid_max} answers any read at a non-zero offset with EOF, so
     * only the first digit would come back.
     */
    public static String readAscii(String path) {
        ProcFile f = new ProcFile(8192);
        if (!f.read(path, 1 << 20, "read", path)) {
            throw new UncheckedIOException(new NoSuchFileException(path));
        }
        return new String(f.bytes(), 0, f.length(), StandardCharsets.ISO_8859_1);
    }
}
