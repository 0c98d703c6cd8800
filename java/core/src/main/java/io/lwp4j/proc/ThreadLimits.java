package io.lwp4j.proc;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.ResourceLimitException;
import io.lwp4j.internal.proc.ProcFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The limits on how many tasks this process may create, as the kernel states them right now. A thread is a task,
 * so when {@code clone()} or {@code pthread_create} answers {@code EAGAIN} (and Java's {@code Thread.start()}
 * throws {@code OutOfMemoryError: unable to create native thread}), one of these is usually the reason:
 *
 * <ul>
 *   <li>the cgroup's {@code pids.max} (Docker's {@code --pids-limit}, systemd's {@code TasksMax}), checked at this
 *       process's cgroup and every ancestor up to the mount point, cgroup v1 and v2 alike;</li>
 *   <li>{@code /proc/sys/kernel/threads-max}, against the number of tasks on the whole system;</li>
 *   <li>{@code RLIMIT_NPROC} ({@code ulimit -u}), counted per real user ID across the system, and not applied to
 *       root (the kernel exempts {@code CAP_SYS_ADMIN} and {@code CAP_SYS_RESOURCE}); its current count has no
 *       cheap source, so it is reported without one.</li>
 * </ul>
 *
 * <p>Everything is read from {@code /proc} and {@code /sys/fs/cgroup} with no native code, so it works even when
 * {@link io.lwp4j.Lwp4j#isAvailable()} is false. A snapshot is immutable; limits and counts move, so read a fresh
 * one right after a failure. Thread-safe.
 *
 * {@snippet :
 * try {
 *     thread.start();
 * } catch (OutOfMemoryError e) {
 *     throw ThreadLimits.exhausted("Thread.start", thread.getName()); // EAGAIN + the limit that bit
 * }
 * }
 */
public final class ThreadLimits {
    /** A limit with no maximum ({@code "max"}, {@code "unlimited"}). */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** A count that cannot be read. */
    public static final long UNKNOWN = -1;

    private static final Path PROC = Paths.get("/proc");

    /**
     * One limit: its name as the kernel spells it, its maximum ({@link #UNLIMITED} when none), the current count
     * ({@link #UNKNOWN} when unread) and the file it came from.
     */
    public static final class Limit {
        private final String name;
        private final long max;
        private final long current;
        private final String source;

        Limit(String name, long max, long current, String source) {
            this.name = name;
            this.max = max;
            this.current = current;
            this.source = source;
        }

        /** {@code "pids.max"}, {@code "kernel.threads-max"} or {@code "RLIMIT_NPROC"}. */
        public String name() {
            return name;
        }

        /** The maximum, or {@link ThreadLimits#UNLIMITED}. */
        public long max() {
            return max;
        }

        /** How many tasks count against it now, or {@link ThreadLimits#UNKNOWN}. */
        public long current() {
            return current;
        }

        /** The file read, e.g. {@code /sys/fs/cgroup/pids/pids.max}. */
        public String source() {
            return source;
        }

        /** How many more tasks fit, or {@link ThreadLimits#UNLIMITED} when there is no maximum or no count. */
        public long headroom() {
            return max == UNLIMITED || current == UNKNOWN ? UNLIMITED : Math.max(0, max - current);
        }

        /** True when the count is known and has reached the maximum. */
        public boolean isReached() {
            return headroom() == 0;
        }

        /** E.g. {@code "pids.max=64 (current 64) in /sys/fs/cgroup/pids/pids.max"}. */
        @Override
        public String toString() {
            String m = name + "=" + (max == UNLIMITED ? "unlimited" : Long.toString(max));
            return (current == UNKNOWN ? m : m + " (current " + current + ")") + " in " + source;
        }
    }

    private final List<Limit> limits;

    private ThreadLimits(List<Limit> limits) {
        this.limits = Collections.unmodifiableList(limits);
    }

    /** Reads every limit now. Never throws for a missing file: a limit that cannot be read is left out. */
    public static ThreadLimits current() {
        List<Limit> all = new ArrayList<>(CgroupPids.limits(PROC.resolve("self")));
        readThreadsMax().ifPresent(all::add);
        readNproc().ifPresent(all::add);
        return new ThreadLimits(all);
    }

    /** Every limit read, cgroup levels first (innermost first), then threads-max, then RLIMIT_NPROC. */
    public List<Limit> all() {
        return limits;
    }

    /** The innermost cgroup {@code pids.max} that is set (not {@code "max"}), if any. */
    public Optional<Limit> cgroupPids() {
        return limits.stream().filter(l -> l.name().equals("pids.max") && l.max() != UNLIMITED).findFirst();
    }

    /** The limit with the least headroom among those with a maximum and a count; the one that bites first. */
    public Optional<Limit> tightest() {
        return limits.stream().filter(l -> l.headroom() != UNLIMITED).min(Comparator.comparingLong(Limit::headroom));
    }

    /**
     * What a failed task creation should tell: the limit that is reached, or else every limit read (the EAGAIN
     * may then come from a transient kernel memory shortage).
     */
    public String describe() {
        Optional<Limit> t = tightest().filter(Limit::isReached);
        if (t.isPresent()) {
            return "limit reached: " + t.get();
        }
        if (limits.isEmpty()) {
            return "no task limit could be read";
        }
        StringBuilder b = new StringBuilder("no readable limit is reached; limits: ");
        for (int i = 0; i < limits.size(); i++) {
            b.append(i == 0 ? "" : "; ").append(limits.get(i));
        }
        return b.toString();
    }

    /**
     * The exception for a task creation that failed with {@code EAGAIN}, naming the limit that bit:
     * {@code "Thread.start(worker-7) failed: EAGAIN (11): Resource temporarily unavailable — limit reached:
     * pids.max=64 (current 64) in /sys/fs/cgroup/pids/pids.max"}. Reads the limits at the time of the call.
     *
     * @param operation the call that failed, e.g. {@code "clone"} or {@code "Thread.start"}
     * @param detail its important arguments
     */
    public static ResourceLimitException exhausted(String operation, String detail) {
        return (ResourceLimitException) ErrnoException.of(operation, detail, Errno.EAGAIN.number(), current().describe());
    }

    private static Optional<Limit> readThreadsMax() {
        Path f = PROC.resolve("sys/kernel/threads-max");
        Optional<String> max = readFirstLine(f);
        // /proc/loadavg's fourth field is "running/total", total being the kernel's nr_threads: exactly what
        // threads-max is checked against.
        long tasks = readFirstLine(PROC.resolve("loadavg"))
                .map(l -> l.split(" "))
                .filter(p -> p.length >= 4 && p[3].indexOf('/') > 0)
                .map(p -> parseCount(p[3].substring(p[3].indexOf('/') + 1)))
                .orElse(UNKNOWN);
        return max.map(m -> new Limit("kernel.threads-max", parseMax(m), tasks, f.toString()));
    }

    private static Optional<Limit> readNproc() {
        Path f = PROC.resolve("self/limits");
        for (String line : readLines(f)) {
            // "Max processes             96365                96365                processes"
            if (line.startsWith("Max processes")) {
                String[] p = line.substring("Max processes".length()).trim().split("\\s+");
                return Optional.of(new Limit("RLIMIT_NPROC", parseMax(p[0]), UNKNOWN, f.toString()));
            }
        }
        return Optional.empty();
    }

    /** {@code "max"} and {@code "unlimited"} are {@link #UNLIMITED}; anything else is a decimal count. */
    static long parseMax(String s) {
        String t = s.trim();
        return t.equals("max") || t.equals("unlimited") ? UNLIMITED : Long.parseLong(t);
    }

    private static long parseCount(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    static Optional<String> readFirstLine(Path f) {
        List<String> l = readLines(f);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /**
     * The file's lines, or none when it does not exist (a cgroup level without the file, a vanished task). Read
     * with {@link io.lwp4j.internal.proc.ProcFile} in one go: a sysctl file answers a read at a non-zero offset with end-of-file.
     */
    static List<String> readLines(Path f) {
        ProcFile file = new ProcFile(4096);
        if (!file.read(f.toString(), 1 << 20, "read", f.toString())) {
            return Collections.emptyList();
        }
        String text = new String(file.bytes(), 0, file.length(), StandardCharsets.UTF_8);
        return text.isEmpty() ? Collections.emptyList() : List.of(text.split("\n"));
    }
}
