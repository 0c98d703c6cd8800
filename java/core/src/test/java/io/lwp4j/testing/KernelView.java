package io.lwp4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What the kernel says about a task, read from {@code /proc} without the code under test: the one place the tests
 * of core, cli, bench and it split a {@code stat} line or read {@code comm}, {@code status} and {@code syscall}.
 * The two-argument forms read {@code /proc/<pid>/task/<tid>/…} and answer null (or {@code '-'}, or "gone") when the
 * task is gone; the one-argument forms read a thread of this process and fail when it is gone.
 */
public final class KernelView {
    private KernelView() {}

    /** This process's PID. */
    public static long self() {
        return ProcessHandle.current().pid();
    }

    /** The TID of the calling thread, from the kernel's own {@code /proc/thread-self} link. */
    public static int threadSelfTid() {
        try {
            String link = Files.readSymbolicLink(Paths.get("/proc/thread-self")).toString(); // "<pid>/task/<tid>"
            return Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /proc/<pid>/task/<tid>/<file>}. */
    public static Path taskFile(long pid, long tid, String file) {
        return Paths.get("/proc/" + pid + "/task/" + tid + "/" + file);
    }

    /**
     * The fields of {@code /proc/<pid>/task/<tid>/stat} after the command name, split after its last ')' (a name may
     * hold blanks and parentheses): element 0 is field 3 (state) of proc(5). Null when the task is gone.
     */
    public static String[] stat(long pid, long tid) {
        String s = readOrNull(taskFile(pid, tid, "stat"));
        return s == null ? null : s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    }

    /** Field {@code n} (1-based, as in proc(5); 3 or more) of the task's {@code stat}; null when the task is gone. */
    public static String statField(long pid, long tid, int n) {
        if (n < 3) {
            throw new IllegalArgumentException("fields 1 and 2 (pid, comm) come before the split: " + n);
        }
        String[] f = stat(pid, tid);
        return f == null ? null : f[n - 3];
    }

    /** Field {@code n} (1-based, as in proc(5)) of a thread of this process; fails when it is gone. */
    public static String stat(long tid, int n) {
        String v = statField(self(), tid, n);
        if (v == null) {
            throw new AssertionError("thread " + tid + " is gone");
        }
        return v;
    }

    /** The task's state letter (R, S, D, Z, …), or {@code '-'} when it is gone (reaped). */
    public static char state(long pid, long tid) {
        String s = statField(pid, tid, 3);
        return s == null ? '-' : s.charAt(0);
    }

    /** {@code comm} without its newline, or null when the task is gone. */
    public static String comm(long pid, long tid) {
        String s = readOrNull(taskFile(pid, tid, "comm"));
        return s == null ? null : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** {@code comm} of a thread of this process without its newline; fails when it is gone. */
    public static String comm(long tid) {
        String c = comm(self(), tid);
        if (c == null) {
            throw new AssertionError("thread " + tid + " is gone");
        }
        return c;
    }

    /**
     * One line of {@code /proc/<pid>/task/<tid>/status} after its key ({@code Cpus_allowed_list}, {@code NSpid},
     * …), trimmed; null when the task is gone, "" when it has no such line.
     */
    public static String status(long pid, long tid, String field) {
        String s = readOrNull(taskFile(pid, tid, "status"));
        if (s == null) {
            return null;
        }
        for (String line : s.split("\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return "";
    }

    /** A {@code status} field of a thread of this process; fails when the thread is gone or has no such field. */
    public static String status(long tid, String field) {
        String v = status(self(), tid, field);
        if (v == null || v.isEmpty()) {
            throw new AssertionError(v == null ? "thread " + tid + " is gone" : "no " + field + " in the status of " + tid);
        }
        return v;
    }

    /** {@code syscall} (the number first, then the arguments), trimmed, or "gone". */
    public static String syscall(long pid, long tid) {
        String s = readOrNull(taskFile(pid, tid, "syscall"));
        return s == null ? "gone" : s.trim();
    }

    /** Whether a thread is still listed in {@code /proc/self/task}. */
    public static boolean exists(long tid) {
        return Files.exists(Paths.get("/proc/self/task/" + tid));
    }

    /** A /proc file's text, or null when it (its task) is gone. */
    private static String readOrNull(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("No such process")) {
                return null; // the task exited between the open and the read (ESRCH)
            }
            throw new UncheckedIOException(e);
        }
    }
}
