package io.lwp4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * ({@code setpriv …}, {@code taskset …}). The one way the tests of core, cli, bench and it start another JVM (a
 * jar with {@link #jarCommand}), in core's test-jar with the other fixtures of {@code io.lwp4j.testing}.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** This JVM's {@code bin/java}. */
    public static Path java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * {@code java jvmOptions... -jar jar args...}: a packaged jar as a user runs it, with nothing of this JVM passed
     * on (no class path, no backend, no native-access flag: the jar's manifest has to say what it needs).
     */
    public static List<String> jarCommand(Path java, List<String> jvmOptions, Path jar, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

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
        cmd.add(java().toString());
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

    /** A child JVM that printed its first line, and its stdout after that line. */
    public record Ready(Process process, BufferedReader out, String firstLine) {
        public long pid() {
            return process.pid();
        }
    }

    /**
     * Starts it (stderr discarded) and reads its first stdout line, which must start with {@code "ready"}: the
     * protocol of the tests' child main classes (which may print more after the word, their TIDs say).
     */
    public static Ready startReady(List<String> wrapper, List<String> jvmOptions, Class<?> mainClass, String... args)
            throws IOException {
        Process p = new ProcessBuilder(command(wrapper, jvmOptions, mainClass, args))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = in.readLine();
        if (first == null || !first.startsWith("ready")) {
            p.destroyForcibly();
            fail(mainClass.getSimpleName() + " did not say ready: " + first);
        }
        return new Ready(p, in, first);
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
