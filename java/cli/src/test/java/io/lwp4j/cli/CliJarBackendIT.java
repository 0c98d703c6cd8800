package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lwp4j.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The executable jar as the README runs it, {@code java -jar lwp4j.jar}, with no JVM option but the backend: the
 * manifest's {@code Enable-Native-Access: ALL-UNNAMED} must keep every backend free of JEP 472 warnings on Java 24+
 * (JNA and jnr-ffi load JNI code with {@code System.load}, a restricted method too), and on Java 17, where FFM's
 * provider cannot load, the jar must pick jnr-ffi.
 */
class CliJarBackendIT {

    /** The command that shows the backend in use: `lwp4j backends`, whose row for it says "in use". */
    private static final List<String> SHOW_BACKEND = List.of("backends");

    @TempDir
    Path tmp;

    /**
     * The JDK 17 that .ci/test always passes as -Dlwp4j.jdk17; without one (a bare {@code mvn verify}) the Java 17
     * checks are skipped, saying so, like the Java 17 runs of the backend contract.
     */
    private static Path jdk17() {
        String home = System.getProperty("lwp4j.jdk17", "");
        assumeTrue(!home.isEmpty() && !home.startsWith("${"),
                "no -Dlwp4j.jdk17=JDK17_HOME: the Java 17 checks of the jar are skipped (.ci/test always gives one)");
        Path java = Paths.get(home, "bin", "java");
        assertTrue(Files.isExecutable(java), "-Dlwp4j.jdk17=" + home + " has no bin/java");
        return java;
    }

    private static Path thisJava() {
        return ChildJvm.java();
    }

    @Test
    @Timeout(60)
    void onJava17TheJarPicksJnr() throws Exception {
        assertEquals("jnr", runJar(jdk17(), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jnr", "jna"})
    @Timeout(60)
    void onJava17EachJniBackendCanBeForced(String backend) throws Exception {
        assertEquals(backend, runJar(jdk17(), backend));
    }

    @Test
    @Timeout(60)
    void onTheBuildJdkTheJarPicksFfm() throws Exception {
        assertTrue(Runtime.version().feature() >= 22, "the build runs on Java 22+");
        assertEquals("ffm", runJar(thisJava(), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ffm", "jnr", "jna"})
    @Timeout(60)
    void onTheBuildJdkEveryBackendRunsWithoutWarnings(String backend) throws Exception {
        assertEquals(backend, runJar(thisJava(), backend));
    }

    /**
     * {@code java [-Dlwp4j.backend=B] -jar lwp4j.jar}: returns the backend it reports, failing if it wrote anything
     * to stderr (a warning) or exited non-zero.
     */
    private String runJar(Path java, String backend) throws IOException, InterruptedException {
        List<String> cmd = ChildJvm.jarCommand(java, backend == null ? List.of() : List.of("-Dlwp4j.backend=" + backend),
                CliJar.path(), SHOW_BACKEND.toArray(new String[0]));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(50, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail(cmd + " did not finish in 50 s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals("", stderr, cmd + " wrote to stderr");
        assertEquals(0, p.exitValue(), cmd + " exit status; stdout: " + stdout);
        for (String line : stdout.split("\n")) {
            if (line.contains(" in use (")) { // `lwp4j backends`: "ffm   300       in use (jar:...)"
                return line.trim().split("\\s+")[0];
            }
        }
        return fail(cmd + " printed no 'in use' backend row: " + stdout);
    }
}
