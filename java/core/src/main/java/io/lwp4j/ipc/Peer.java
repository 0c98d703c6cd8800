package io.lwp4j.ipc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * A process's identity as the channel header records it: the PID and its start time in clock ticks since boot
 * ({@code /proc/<pid>/stat} field 22), so a PID reused by a new process is not taken for the old peer.
 */
final class Peer {

    private Peer() {}

    /** This process's start time. */
    static long selfStartTime() {
        long t = startTime((int) ProcessHandle.current().pid());
        if (t < 0) {
            throw new IllegalStateException("cannot read /proc/self/stat");
        }
        return t;
    }

    /**
     * Whether {@code pid} runs and started at {@code startTime} (0: not yet recorded, any start time). A zombie
     * (state Z or X: killed, not yet reaped) is dead.
     */
    static boolean isAlive(int pid, long startTime) {
        if (pid <= 0) {
            return false;
        }
        String[] f = stat(pid);
        if (f == null || f[0].equals("Z") || f[0].equals("X")) {
            return false;
        }
        return startTime == 0 || parse(f, 19) == startTime;
    }

    /** The start time of {@code pid}, or -1 when it does not exist. */
    static long startTime(int pid) {
        String[] f = stat(pid);
        return f == null ? -1 : parse(f, 19);
    }

    /** The fields after the command of {@code /proc/<pid>/stat} (split at the last ')'), or null. */
    private static String[] stat(int pid) {
        try {
            String s = new String(Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "stat")),
                    StandardCharsets.US_ASCII);
            int close = s.lastIndexOf(')');
            return close < 0 ? null : s.substring(close + 2).trim().split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    private static long parse(String[] f, int index) {
        try {
            return index < f.length ? Long.parseLong(f[index]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
