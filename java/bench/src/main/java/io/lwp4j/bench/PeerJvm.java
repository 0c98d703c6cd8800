package io.lwp4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Another JVM on this one's class path: the echo peers of the two-JVM benchmarks ({@link ChannelEcho},
 * {@link IpcEcho}, {@link AeronEcho}) and the {@link BlockedTasks} JVM of the tasks group.
 */
final class PeerJvm {
    /** The option every peer that calls lwp4j needs. */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private PeerJvm() {}

    /**
     * This JVM's {@code java}, then {@code options}, this JVM's {@code lwp4j.*} system properties (the backend
     * choice, the library path) and its class path; the caller adds the main class and its arguments.
     */
    static List<String> command(List<String> options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("lwp4j.")).sorted()
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return cmd;
    }

    /** Starts {@code main} with {@code args} in a {@link #command} JVM; its stderr goes to this JVM's. */
    static Process start(Class<?> main, List<String> options, String... args) throws IOException {
        List<String> cmd = command(options);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
