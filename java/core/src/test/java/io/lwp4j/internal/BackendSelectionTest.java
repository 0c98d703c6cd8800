package io.lwp4j.internal;

import io.lwp4j.testing.ChildJvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lwp4j.BackendStatus;
import io.lwp4j.Lwp4j;
import io.lwp4j.Lwp4jException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the loader chooses a backend, seen from outside: the listing, forcing one that cannot run, and what a fresh JVM
 * picks with and without {@code -Dlwp4j.backend} — with no warning on its stderr (JEP 472 native access, or a
 * library's use of {@code sun.misc.Unsafe}) whichever backend it uses.
 */
class BackendSelectionTest {

    private static final int JAVA = Runtime.version().feature();

    @TempDir
    Path tmp;

    private NativeLibraryLoader loaderForcing(String backend) {
        return new NativeLibraryLoader(getClass().getClassLoader(), NativeLibraryLoader.RESOURCE_ROOT, null, backend,
                tmp);
    }

    @Test
    void listingIsBestFirstAndIncludesTheBackendInUse() {
        List<BackendStatus> all = Lwp4j.backends();
        assertFalse(all.isEmpty());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).priority() >= all.get(i).priority(), "not best first: " + all);
        }
        String inUse = Lwp4j.backendName();
        assertTrue(all.stream().anyMatch(b -> b.name().equals(inUse) && b.available()), inUse + " not in " + all);
        for (BackendStatus b : all) {
            assertEquals(b.available(), b.unavailableReason() == null, b.toString());
        }
    }

    @Test
    void forcingAnAbsentBackendNamesTheOnesPresent() {
        Lwp4jException e = assertThrows(Lwp4jException.class, () -> loaderForcing("nosuch").load());
        assertTrue(e.getMessage().startsWith("backend nosuch (forced by -Dlwp4j.backend) is not on the class path; "
                + "found: "), e.getMessage());
        for (BackendStatus b : Lwp4j.backends()) {
            assertTrue(e.getMessage().contains(b.name()), e.getMessage());
        }
    }

    @Test
    void forcingFfmBelowJava22SaysItNeedsJava22() {
        assumeTrue(JAVA < 22, "FFM runs on Java " + JAVA + ": nothing to refuse (the JDK 17 runs check this)");
        Optional<BackendStatus> ffm = Lwp4j.backends().stream().filter(b -> b.name().equals("ffm")).findFirst();
        assertTrue(ffm.isPresent(), "lwp4j-ffm should be on the test class path: " + Lwp4j.backends());
        assertFalse(ffm.get().available());
        Lwp4jException e = assertThrows(Lwp4jException.class, () -> loaderForcing("ffm").load());
        assertEquals("backend ffm (forced by -Dlwp4j.backend) is not available: it needs Java 22 or newer; this is Java "
                + JAVA, e.getMessage());
    }

    @Test
    @Timeout(60)
    void aFreshJvmPicksTheBestAvailable() throws Exception {
        String best = Lwp4j.backends().stream().filter(BackendStatus::available).findFirst().orElseThrow().name();
        if (JAVA >= 22 && Lwp4j.backends().stream().anyMatch(b -> b.name().equals("ffm"))) {
            assertEquals("ffm", best, "FFM runs here and is the best: " + Lwp4j.backends());
        }
        assertEquals("backend=" + best, probe(null).get(0));
    }

    @Test
    @Timeout(120)
    void everyAvailableBackendLoadsInAFreshJvmWithoutWarnings() throws Exception {
        for (BackendStatus b : Lwp4j.backends()) {
            if (b.available()) {
                List<String> out = probe(b.name());
                assertEquals("backend=" + b.name(), out.get(0));
                assertTrue(out.get(1).matches("tid=[1-9][0-9]*"), out.toString());
            }
        }
    }

    /**
     * Runs {@link BackendProbe} in a new JVM of this Java, this class path and native access enabled (as the README
     * and the CLI jar's manifest do), forcing {@code backend} unless null; returns its stdout lines and fails on any
     * stderr output.
     */
    private List<String> probe(String backend) throws IOException, InterruptedException {
        // An empty -Dlwp4j.backend= forces none: the child then picks the best backend itself.
        List<String> cmd = ChildJvm.command(List.of(),
                List.of("-D" + NativeLibraryLoader.BACKEND_PROP_NAME + "=" + (backend == null ? "" : backend)),
                BackendProbe.class);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(50, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("the probe JVM (" + backend + ") did not finish in 50 s");
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "probe (" + backend + ") exit; stderr: " + stderr);
        assertEquals("", stderr, "the probe JVM (" + (backend == null ? "default" : backend) + ") wrote to stderr");
        assertFalse(lines.isEmpty(), "probe printed nothing");
        return lines;
    }
}
