package io.lwp4j.proc;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.Lwp4jException;
import io.lwp4j.internal.Checks;
import io.lwp4j.internal.proc.ProcFile;
import io.lwp4j.internal.proc.ProcSystem;
import io.lwp4j.internal.proc.TaskParser;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kernel tasks (threads) of any process, read from {@code /proc/<pid>/task/<tid>/{stat,status}}, and the
 * renaming of this process's threads.
 *
 * {@snippet :
 * for (TaskInfo t : Tasks.self()) {
 *     System.out.printf("%d %s %c cpu=%d %s%n", t.tid(), t.name(), t.state(), t.processor(), t.policyName());
 * }
 * Tasks.rename(JavaThreads.currentTid(), "worker-1");   // what ps -L -o comm shows from now on
 * }
 *
 * <p>Reading is race-tolerant: a process is a moving target, and a thread that ends between the directory listing
 * and the read of its files is left out, not reported as an error. The name comes from {@code stat} (the same
 * bytes as {@code comm}), so each task costs two file reads. Every method is thread-safe and does not block beyond
 * the file reads.
 */
public final class Tasks {
    private Tasks() {}

    /** Enough for {@code stat} and {@code status} of any task; a larger file grows the buffer. */
    private static final int BUFFER = 4096;
    private static final int MAX_STATUS = 1 << 20;

    /**
     * Which of a task's files a read takes: read only what the figures you need come from. Listing 10,000 threads
     * is 20,000 files with {@link #FULL}, 10,000 with {@link #STAT}.
     */
    public enum Projection {
        /** {@code stat} and {@code status}: every field of {@link TaskInfo}. */
        FULL,
        /**
         * {@code stat} alone: what a {@code ps -eLf} row needs (its UID is the directory's owner, which
         * {@link io.lwp4j.ps.PsFormat} reads itself). The TGID comes from the directory; the fields only {@code status} has are
         * left empty: {@link TaskInfo#uid()} and {@link TaskInfo#euid()} are -1, {@link TaskInfo#nsTids()} and
         * {@link TaskInfo#cpusAllowedList()} empty, the context-switch counts 0.
         */
        STAT
    }

    /** The kernel's {@code TASK_COMM_LEN} (16) less the terminating NUL: the longest thread name, in bytes. */
    public static final int MAX_NAME_BYTES = 15;

    /**
     * The tasks of this process, sorted by TID.
     *
     * @throws Lwp4jException if {@code /proc} cannot be read
     */
    public static List<TaskInfo> self() {
        return list("self", "Tasks.self", "pid=self");
    }

    /**
     * The tasks of process {@code pid}, sorted by TID. Threads that end while they are being read are left out.
     *
     * @param pid a process id as this {@code /proc} shows it (a TID of a non-main thread also works, and gives its
     *     whole process)
     * @throws IllegalArgumentException if {@code pid} is not positive
     * @throws io.lwp4j.NoSuchTaskException (ESRCH) if there is no such process, or it ended before we read it
     * @throws io.lwp4j.PermissionException (EPERM or EACCES) if {@code /proc} hides it from us ({@code hidepid=1}
     *     answers EPERM)
     */
    public static List<TaskInfo> of(int pid) {
        checkId("pid", pid);
        return list(Long.toString(pid), "Tasks.of", "pid=" + pid);
    }

    /**
     * One task of process {@code pid}, or empty when that task (or its process) does not exist (any more).
     *
     * @throws IllegalArgumentException if {@code pid} or {@code tid} is not positive
     * @throws io.lwp4j.PermissionException (EPERM or EACCES) if {@code /proc} hides the process from us
     */
    public static Optional<TaskInfo> task(int pid, int tid) {
        checkId("pid", pid);
        checkId("tid", tid);
        String dir = "/proc/" + pid + "/task/";
        return Optional.ofNullable(new TaskReader(Projection.FULL).read(dir, (int) tid, "Tasks.task",
                "pid=" + pid + ", tid=" + tid));
    }

    /** The ids of all processes this {@code /proc} shows, ascending. */
    public static int[] pids() {
        String[] names = new File("/proc").list();
        if (names == null) {
            throw new Lwp4jException("Tasks.pids() failed: cannot list /proc (is procfs mounted?)");
        }
        int[] pids = new int[names.length];
        int n = 0;
        for (String s : names) {
            long id = parseId(s);
            if (id > 0) {
                pids[n++] = (int) id;
            }
        }
        pids = Arrays.copyOf(pids, n);
        Arrays.sort(pids);
        return pids;
    }

    /**
     * The tasks of every process, sorted by process id and then TID. Processes that
     * end while they are being read are left out; processes that {@code /proc} hides from us are skipped.
     */
    public static List<TaskInfo> all() {
        return all(true, Projection.FULL);
    }

    private static List<TaskInfo> all(boolean byTid, Projection projection) {
        List<TaskInfo> out = new ArrayList<>();
        TaskReader reader = new TaskReader(projection);
        for (int pid : pids()) {
            try {
                out.addAll(reader.readProcess(Long.toString(pid), "Tasks.all", "pid=" + pid, byTid));
            } catch (ErrnoException e) {
                // gone (ESRCH) or hidden (EACCES): ps leaves these out too
            }
        }
        return out;
    }

    /**
     * Clock ticks per second ({@code sysconf(_SC_CLK_TCK)}, read from the ELF auxiliary vector): the unit of
     * {@link TaskInfo#utimeTicks()}, {@link TaskInfo#stimeTicks()} and {@link TaskInfo#startTimeTicks()}.
     */
    public static int clockTicksPerSecond() {
        return ProcSystem.hertz();
    }

    /**
     * Renames a thread of this process by writing {@code /proc/self/task/<tid>/comm}: the name {@code ps -L -o comm},
     * {@code top -H} and {@code /proc} show. It does not change {@link Thread#getName()}.
     *
     * @param tid a TID of this process, for example from {@link io.lwp4j.JavaThreads#currentTid()}
     * @param name 1 to {@value #MAX_NAME_BYTES} bytes in UTF-8, without {@code '\n'} or NUL; the kernel would
     *     silently cut a longer name, so it is refused instead
     * @throws IllegalArgumentException for a non-positive TID, or an empty, too long or multi-line name
     * @throws io.lwp4j.NoSuchTaskException (ESRCH) if {@code tid} is not a thread of this process (the kernel
     *     refuses to rename another process's threads)
     */
    public static void rename(int tid, String name) {
        checkId("tid", tid);
        byte[] bytes = Checks.taskName(name);
        String detail = "tid=" + tid + ", name=\"" + name + "\"";
        String path = "/proc/self/task/" + tid + "/comm";
        try (FileOutputStream out = new FileOutputStream(path)) {
            out.write(bytes);
        } catch (FileNotFoundException e) {
            if (!new File("/proc/self/task/" + tid).exists()) {
                throw ErrnoException.of("Tasks.rename", detail, Errno.ESRCH.number(),
                        "TID " + tid + " is not a thread of this process (pid " + ProcessHandle.current().pid()
                                + "); only this process's threads can be renamed");
            }
            throw new Lwp4jException("Tasks.rename(" + detail + ") failed: open " + path + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new Lwp4jException("Tasks.rename(" + detail + ") failed: write " + path + ": " + e.getMessage(), e);
        }
    }

    private static List<TaskInfo> list(String pid, String op, String detail) {
        return new TaskReader(Projection.FULL).readProcess(pid, op, detail, true);
    }

    /**
     * Like {@link #of} but in the kernel's order (the main thread, then the others as they were created), which
     * is the order of {@code /proc/<pid>/task} and so of {@code ps -L}; TIDs wrap around at {@code pid_max}, so it
     * is not always ascending. {@link io.lwp4j.ps.PsFormat#render} keeps the order it is given: use this to print what
     * {@code ps} prints.
     *
     * @throws IllegalArgumentException if {@code pid} is not positive
     * @throws io.lwp4j.NoSuchTaskException (ESRCH) if there is no such process
     * @throws io.lwp4j.PermissionException (EPERM or EACCES) if {@code /proc} hides it from us
     */
    public static List<TaskInfo> ofInKernelOrder(int pid) {
        return ofInKernelOrder(pid, Projection.FULL);
    }

    /** {@link #ofInKernelOrder(int)} reading only the files {@code projection} names. */
    public static List<TaskInfo> ofInKernelOrder(int pid, Projection projection) {
        checkId("pid", pid);
        return new TaskReader(projection).readProcess(Long.toString(pid), "Tasks.of", "pid=" + pid, false);
    }

    /** Like {@link #all} but each process's tasks in the kernel's order, as {@code ps -eL} lists them. */
    public static List<TaskInfo> allInKernelOrder() {
        return all(false, Projection.FULL);
    }

    /** {@link #allInKernelOrder()} reading only the files {@code projection} names. */
    public static List<TaskInfo> allInKernelOrder(Projection projection) {
        return all(false, projection);
    }

    private static void checkId(String what, int id) {
        if (id <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + id);
        }
    }

    /** A positive decimal id, or -1 for any other directory entry name. */
    static long parseId(String s) {
        int n = s.length();
        if (n == 0 || n > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Reads tasks with two reused buffers; one per call of the public API (so the API is thread-safe). */
    static final class TaskReader {
        private final ProcFile stat = new ProcFile(BUFFER);
        private final ProcFile status;
        private final StringBuilder path = new StringBuilder(64);
        private int tgid;

        TaskReader(Projection projection) {
            status = projection == Projection.FULL ? new ProcFile(BUFFER) : null;
        }

        /** The tasks of one process, by TID or in directory (kernel) order. */
        List<TaskInfo> readProcess(String pid, String op, String detail, boolean byTid) {
            String dir = "/proc/" + pid + "/task/";
            tgid = pid.equals("self") ? (int) ProcessHandle.current().pid() : (int) parseId(pid);
            String[] names = new File(dir).list();
            if (names == null) {
                throw whyNotListed(dir, op, detail);
            }
            int[] tids = new int[names.length];
            int n = 0;
            for (String s : names) {
                long id = parseId(s);
                if (id > 0) {
                    tids[n++] = (int) id;
                }
            }
            if (byTid) {
                Arrays.sort(tids, 0, n);
            }
            List<TaskInfo> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                TaskInfo t = read(dir, tids[i], op, detail);
                if (t != null) {
                    out.add(t);
                }
            }
            if (out.isEmpty()) {
                // Every task ended between the listing and the reads: the process has exited.
                throw ErrnoException.of(op, detail, Errno.ESRCH.number(), "the process exited while it was read");
            }
            return out;
        }

        /** One task, or null when it has ended. */
        TaskInfo read(String taskDir, int tid, String op, String detail) {
            path.setLength(0);
            path.append(taskDir).append(tid).append('/');
            int base = path.length();
            if (!stat.read(path.append("stat").toString(), BUFFER, op, detail)) {
                return null;
            }
            if (status == null) {
                return TaskParser.parse(stat.bytes(), stat.length(), stat.bytes(), 0, tgid, -1);
            }
            path.setLength(base);
            if (!status.read(path.append("status").toString(), MAX_STATUS, op, detail)) {
                return null;
            }
            return TaskParser.parse(stat.bytes(), stat.length(), status.bytes(), status.length());
        }

        /** ENOENT for a listing means no such process; EPERM or EACCES means /proc hides it (hidepid). */
        private static ErrnoException whyNotListed(String dir, String op, String detail) {
            try {
                Files.newDirectoryStream(Paths.get(dir)).close();
                return ErrnoException.of(op, detail, Errno.ESRCH.number(), "the process exited while it was read");
            } catch (IOException e) {
                int errno = ProcFile.errnoOf(e);
                if (errno == Errno.ENOENT.number()) {
                    return ErrnoException.of(op, detail, Errno.ESRCH.number(), dir + " does not exist");
                }
                if (errno == Errno.EACCES.number() || errno == Errno.EPERM.number()) {
                    return ErrnoException.of(op, detail, errno, "may not read " + dir + ProcFile.HIDDEN);
                }
                throw new Lwp4jException(op + "(" + detail + ") failed: list " + dir + ": " + e, e);
            }
        }
    }
}
