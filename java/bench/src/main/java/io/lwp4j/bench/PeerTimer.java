package io.lwp4j.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Times a peer tool (e.g. {@code ps -L -p PID}) as whole process runs, hyperfine-style: spawn, run to exit with
 * its output discarded, repeat. The figure includes process start-up, which is what a user of the tool pays.
 */
final class PeerTimer {
    private PeerTimer() {}

    private static final ProcessBuilder.Redirect DEV_NULL = ProcessBuilder.Redirect.from(new File("/dev/null"));

    /** True when {@code tool} is an executable in a directory of {@code PATH}. */
    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The tool's output once (for a sanity check by the caller). */
    static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + rc + ": " + out.strip());
        }
        return out;
    }

    /** Milliseconds per run over {@code rounds} runs after {@code warmup} untimed ones. */
    static Figure time(String name, List<String> command, int warmup, int rounds)
            throws IOException, InterruptedException {
        double[] ms = new double[rounds];
        for (int r = -warmup; r < rounds; r++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(DEV_NULL)
                    .start();
            int rc = p.waitFor();
            long t1 = System.nanoTime();
            if (rc != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + rc);
            }
            if (r >= 0) {
                ms[r] = (t1 - t0) / 1e6;
            }
        }
        return Figure.of(name, "ms/op", ms, "process");
    }
}
