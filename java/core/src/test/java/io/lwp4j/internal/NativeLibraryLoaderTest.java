package io.lwp4j.internal;

import io.lwp4j.testing.ChildJvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.Lwp4jException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The loader of ARCHITECTURE.md §8: checksum, missing resource, the path override, the unavailability cause. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeLibraryLoaderTest {

    @TempDir
    Path tmp;

    static final String FORCED = System.getProperty(NativeLibraryLoader.BACKEND_PROP_NAME);

    private static byte[] realLibrary() throws IOException {
        String res = "META-INF/native/linux-" + NativeLibraryLoader.arch() + "/liblwp4j.so";
        try (InputStream in = NativeLibraryLoaderTest.class.getClassLoader().getResourceAsStream(res)) {
            assertTrue(in != null, res + " missing from the class path");
            return in.readAllBytes();
        }
    }

    private NativeLibraryLoader loaderOver(Path root, String libraryPath) throws IOException {
        ClassLoader cl = new URLClassLoader(new URL[] {root.toUri().toURL()}, getClass().getClassLoader());
        return new NativeLibraryLoader(cl, "fake/", libraryPath, FORCED, tmp);
    }

    @Test
    void aMissingResourceSaysWhichAndWhatToDo() throws IOException {
        NativeLibraryLoader l = new NativeLibraryLoader(getClass().getClassLoader(), "nowhere/", null, FORCED, tmp);
        Lwp4jException e = assertThrows(Lwp4jException.class, l::load);
        assertTrue(e.getMessage().contains("nowhere/linux-" + NativeLibraryLoader.arch() + "/liblwp4j.so"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Dlwp4j.library.path"), e.getMessage());
        assertNoLeftovers();
    }

    @Test
    void aChecksumMismatchIsRefusedAndNothingIsLeftBehind() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cp/fake/linux-" + NativeLibraryLoader.arch()));
        byte[] lib = realLibrary();
        lib[lib.length - 1] ^= 1; // one flipped bit
        Files.write(dir.resolve("liblwp4j.so"), lib);
        Files.writeString(dir.resolve("liblwp4j.so.sha256"), "0".repeat(64) + "  liblwp4j.so\n");
        Lwp4jException e = assertThrows(Lwp4jException.class, () -> loaderOver(tmp.resolve("cp"), null).load());
        assertTrue(e.getMessage().startsWith("checksum mismatch for fake/linux-"), e.getMessage());
        assertNoLeftovers();
    }

    @Test
    void aGoodCopyWithItsChecksumLoadsAndIsDeletedAfterwards() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cp/fake/linux-" + NativeLibraryLoader.arch()));
        byte[] lib = realLibrary();
        Files.write(dir.resolve("liblwp4j.so"), lib);
        String sum = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(lib));
        Files.writeString(dir.resolve("liblwp4j.so.sha256"), sum + "  liblwp4j.so\n");
        assertLoadsInAFreshJvm(tmp.resolve("cp"));
        assertNoLeftovers();
    }

    /**
     * ARCHITECTURE.md §8: the checksum travels in the same jar as the library, so a changed library with its checksum
     * changed too passes — it detects corruption, not tampering, and the loader says no more than that.
     */
    @Test
    void item16_theChecksumDetectsCorruptionNotTampering() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cp/fake/linux-" + NativeLibraryLoader.arch()));
        byte[] real = realLibrary();
        byte[] changed = java.util.Arrays.copyOf(real, real.length + 16); // "tampered": bytes appended
        Files.write(dir.resolve("liblwp4j.so"), changed);
        Files.writeString(dir.resolve("liblwp4j.so.sha256"), "0".repeat(64) + "  liblwp4j.so\n");
        Lwp4jException bad = assertThrows(Lwp4jException.class, () -> loaderOver(tmp.resolve("cp"), null).load());
        assertTrue(bad.getMessage().endsWith("(a corrupted jar)"), bad.getMessage());
        assertFalse(bad.getMessage().toLowerCase(java.util.Locale.ROOT).contains("tamper"), bad.getMessage());
        Files.writeString(dir.resolve("liblwp4j.so.sha256"), java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(changed)) + "  liblwp4j.so\n");
        assertLoadsInAFreshJvm(tmp.resolve("cp")); // the changed library and its changed checksum: accepted
        assertNoLeftovers();
    }

    /** The extraction directory is owner-only, uniquely named, and removed after loading. */
    private void assertNoLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            List<String> left = new ArrayList<>();
            s.filter(p -> p.getFileName().toString().startsWith("lwp4j-")).forEach(p -> left.add(p.toString()));
            assertEquals(List.of(), left);
        }
    }

    @Test
    void theLibraryPathPropertyIsUsedAsIs() throws Exception {
        Path copy = tmp.resolve("my-liblwp4j.so");
        Files.write(copy, realLibrary());
        String out = probe("-Dlwp4j.library.path=" + copy);
        assertTrue(out.contains("available=true"), out);
        assertTrue(out.contains("source=" + copy), out);
        Matcher m = Pattern.compile("tid=(\\d+)").matcher(out);
        assertTrue(m.find(), out);
    }

    @Test
    void aMissingLibraryPathIsTheUnavailabilityCause() throws Exception {
        assertUnavailable("-Dlwp4j.library.path=/nonexistent/liblwp4j.so",
                "-Dlwp4j.library.path=/nonexistent/liblwp4j.so does not name a readable file");
    }

    @Test
    void aForcedBackendThatIsNotThereIsTheUnavailabilityCause() throws Exception {
        assertUnavailable("-Dlwp4j.backend=nosuch",
                "backend nosuch (forced by -Dlwp4j.backend) is not on the class path; found: ");
    }

    /** A child JVM started with {@code option} finds lwp4j unavailable and reports {@code cause} as the reason. */
    private static void assertUnavailable(String option, String cause) throws Exception {
        String out = probe(option);
        assertTrue(out.contains("available=false"), out);
        assertTrue(out.contains("cause=" + cause), out);
    }

    @Test
    void theHeaderAndTheJavaSideAgreeOnTheAbiVersion() throws IOException {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("native/include/lwp4j.h"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "native/include/lwp4j.h not found above " + Paths.get("").toAbsolutePath());
        String h = Files.readString(dir.resolve("native/include/lwp4j.h"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("#define LWP4J_ABI_VERSION (\\d+)").matcher(h);
        assertTrue(m.find());
        assertEquals(Integer.parseInt(m.group(1)), NativeLibraryLoader.ABI_VERSION);
    }

    /**
     * Loads the library from {@code root} (resources under {@code fake/}) in a child JVM where nothing is bound yet,
     * with this JVM's backend: extraction, the checksum, the bind and a call all succeed, and the extracted copy is
     * gone afterwards. (In this JVM a second library would be refused by FFM and JNA, which bind one per class
     * loader, so the success branch must run where no library is bound.)
     */
    private void assertLoadsInAFreshJvm(Path root) throws Exception {
        Path extractTo = Files.createDirectories(tmp.resolve("extract"));
        List<String> cmd = ChildJvm.command(List.of(), JarLoadProbe.class, root.toString(), extractTo.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("source=jar:fake/linux-" + NativeLibraryLoader.arch() + "/liblwp4j.so\n"), out);
        if (FORCED != null && !FORCED.isEmpty()) {
            assertTrue(out.contains("backend=" + FORCED + "\n"), out);
        }
        assertTrue(out.contains("abi=" + NativeLibraryLoader.ABI_VERSION + "\n"), out);
        Matcher tid = Pattern.compile("tid=(\\d+)").matcher(out);
        assertTrue(tid.find() && Long.parseLong(tid.group(1)) > 0, out);
        assertTrue(out.contains("leftovers=0\n"), out);
    }

    /** Runs {@link LoaderProbe} in a child JVM of the same runtime and class path, with {@code props}. */
    static String probe(String... props) throws Exception {
        List<String> cmd = ChildJvm.command(List.of(), List.of(props), LoaderProbe.class);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
