package io.lwp4j.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The limits that make {@code clone} fail with EAGAIN, read for the error message: the cgroup's {@code pids.max}
 * and {@code pids.current} (v2, or v1's pids controller), {@code RLIMIT_NPROC}, {@code kernel.threads-max}.
 */
final class TaskLimits {
    private TaskLimits() {}

    /** For example {@code "cgroup pids.max=64 (pids.current=64); RLIMIT_NPROC unlimited; threads-max 191764"}. */
    static String describe() {
        StringBuilder sb = new StringBuilder("a limit on tasks: ");
        Path cg = pidsCgroup();
        if (cg != null) {
            sb.append("cgroup pids.max=").append(read(cg.resolve("pids.max"))).append(" (pids.current=")
                    .append(read(cg.resolve("pids.current"))).append("); ");
        }
        sb.append("RLIMIT_NPROC ").append(nproc()).append("; threads-max ")
                .append(read(Paths.get("/proc/sys/kernel/threads-max")));
        return sb.toString();
    }

    /** This process's pids cgroup directory, v2 ({@code 0::/path}) or v1 ({@code N:pids:/path}). */
    static Path pidsCgroup() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/cgroup"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", 3);
                if (f.length < 3) {
                    continue;
                }
                Path p = null;
                if (f[1].isEmpty()) {
                    p = Paths.get("/sys/fs/cgroup" + f[2]);
                } else if (("," + f[1] + ",").contains(",pids,")) {
                    p = Paths.get("/sys/fs/cgroup/pids" + f[2]);
                    if (!Files.exists(p)) {
                        p = Paths.get("/sys/fs/cgroup/pids"); // inside a container the cgroup is the root
                    }
                }
                if (p != null && Files.exists(p.resolve("pids.max"))) {
                    return p;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String nproc() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/limits"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Max processes")) {
                    String[] f = line.substring("Max processes".length()).trim().split("\\s+");
                    return f[0];
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
