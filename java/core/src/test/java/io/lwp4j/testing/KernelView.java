package io.lwp4j.sched;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/** What the kernel says about one of this process's threads, read from /proc without the code under test. */
public final class KernelView {
    private KernelView() {}

    /** A {@code /proc/self/task/<tid>/status} field, e.g. {@code Cpus_allowed_list}. */
    public static String status(long tid, String field) {
        for (String line : read("/proc/self/task/" + tid + "/status").split("\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + field + " in the status of " + tid);
    }

    /** Field {@code n} (1-based, as in proc(5)) of {@code /proc/self/task/<tid>/stat}, split after the last ')'. */
    public static String stat(long tid, int n) {
        String s = read("/proc/self/task/" + tid + "/stat");
        String[] rest = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        return rest[n - 3];
    }

    /** {@code /proc/self/task/<tid>/comm} without its newline. */
    public static String comm(long tid) {
        return read("/proc/self/task/" + tid + "/comm").trim();
    }

    /** Whether the thread is still listed in {@code /proc/self/task}. */
    public static boolean exists(long tid) {
        return Files.exists(Paths.get("/proc/self/task/" + tid));
    }

    static String read(String path) {
        try {
            return new String(Files.readAllBytes(Paths.get(path)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
