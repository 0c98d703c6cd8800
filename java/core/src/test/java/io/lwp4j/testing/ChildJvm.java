package io.lwp4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the tests run in a fresh JVM: this Java, this class path, native access enabled, and this JVM's
 * {@code lwp4j.backend} and {@code lwp4j.library.path} passed on — optionally under a wrapper command
 * ({@code setpriv …}). The one way core's tests start another JVM.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** The command line: {@code wrapper... java ... mainClass args...}. */
    public static List<String> command(List<String> wrapper, Class<?> mainClass, String... args) {
        return command(wrapper, List.of(), mainClass, args);
    }

    /**
     * The command line with JVM options of its own: {@code wrapper... java ... jvmOptions... mainClass args...}. A
     * {@code -Dlwp4j.backend=} or {@code -Dlwp4j.library.path=} among {@code jvmOptions} replaces this JVM's (an empty
     * {@code -Dlwp4j.backend=} forces none: the child picks the best backend itself).
     */
    public static List<String> command(List<String> wrapper, List<String> jvmOptions, Class<?> mainClass,
            String... args) {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        for (String p : new String[] {"lwp4j.backend", "lwp4j.library.path"}) {
            String v = System.getProperty(p);
            boolean replaced = jvmOptions.stream().anyMatch(o -> o.startsWith("-D" + p + "="));
            if (v != null && !v.isEmpty() && !replaced) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** Starts it with stdout piped and stderr to a temporary file. */
    public static Process start(List<String> wrapper, Class<?> mainClass, String... args) throws IOException {
        Path err = Files.createTempFile("lwp4j-child", ".err");
        err.toFile().deleteOnExit();
        return new ProcessBuilder(command(wrapper, mainClass, args)).redirectError(err.toFile()).start();
    }

    /** Runs it to completion (at most 60 s) and returns its stdout lines; fails on a non-zero exit. */
    public static List<String> run(List<String> wrapper, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        Path err = Files.createTempFile("lwp4j-child", ".err");
        try {
            Process p = new ProcessBuilder(command(wrapper, mainClass, args)).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail(mainClass.getSimpleName() + " did not finish in 60 s");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail(mainClass.getSimpleName() + " exited " + p.exitValue() + "; stderr: " + stderr);
            }
            return List.of(new String(out, StandardCharsets.UTF_8).split("\n"));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
