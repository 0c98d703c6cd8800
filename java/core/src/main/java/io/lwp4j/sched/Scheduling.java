package io.lwp4j.sched;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Checks;
import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;

/**
 * Scheduling of any thread by its kernel TID: a Java thread ({@link io.lwp4j.JavaThreads#currentTid()}), a
 * {@link io.lwp4j.pthread.NativeThread}, a raw task, or a thread of another process (the kernel's permission rules
 * apply). TID 0 means the calling thread, as in the syscalls.
 *
 * <p>Every failure is an {@link ErrnoException} naming the call, the TID and what to do, e.g.
 * {@code sched_setscheduler(tid=812, SCHED_FIFO, priority=10) failed: EPERM (1): Operation not permitted — needs
 * CAP_SYS_NICE}. Thread-safe; nothing blocks.
 */
public final class Scheduling {
    private Scheduling() {}

    /** The hint of an EPERM from a real-time policy when the process lacks the capability. */
    public static final String NEEDS_SYS_NICE = "needs CAP_SYS_NICE (or an RLIMIT_RTPRIO of at least the priority)";

    /**
     * Why a real-time policy was refused with EPERM, as precisely as this process can tell: without CAP_SYS_NICE,
     * {@link #NEEDS_SYS_NICE}; with it, on a kernel with {@code CONFIG_RT_GROUP_SCHED}, a cgroup whose
     * {@code cpu.rt_runtime_us} is 0 (Docker's default for containers: {@code docker run --cpu-rt-runtime}, which
     * needs a budget on the daemon's parent cgroup too) refuses FIFO and RR to everyone in it.
     */
    public static String realTimeHint() {
        if (!CpuTopology.hasCapability(23)) { // CAP_SYS_NICE
            return NEEDS_SYS_NICE;
        }
        return CpuTopology.rtRuntimeFile()
                .map(f -> "CAP_SYS_NICE is there, but this cgroup has no real-time budget (" + f
                        + " is 0; docker run --cpu-rt-runtime=N gives one)")
                .orElse(NEEDS_SYS_NICE);
    }

    /**
     * The CPUs {@code tid} may run on ({@code sched_getaffinity(2)}), with a mask as wide as the kernel's
     * ({@code nr_cpu_ids}, read from {@code /sys/devices/system/cpu/possible}): more than 64 or 1024 CPUs work.
     */
    public static CpuSet affinity(int tid) {
        checkTid(tid);
        int bytes = CpuTopology.maskBytes();
        try (NativeMemory m = NativeMemory.create(bytes)) {
            long r = Native.backend().schedGetaffinity(tid, m.address(), bytes);
            if (r < 0) {
                throw ErrnoException.of("sched_getaffinity", "tid=" + tid + ", " + bytes + " bytes", r, null);
            }
            long[] words = new long[(int) (r / 8)];
            for (int i = 0; i < words.length; i++) {
                words[i] = m.getLong(8L * i);
            }
            return CpuSet.fromLongArray(words);
        }
    }

    /**
     * Restricts {@code tid} to {@code cpus} ({@code sched_setaffinity(2)}). Every CPU must be one this process's
     * cgroup lets it use ({@link CpuTopology#allowedCpus()}): the kernel would silently drop the others, so they are
     * refused instead.
     *
     * @throws IllegalArgumentException for an empty set or a CPU outside the allowed ones (before any syscall)
     */
    public static void setAffinity(int tid, CpuSet cpus) {
        checkTid(tid);
        Checks.cpusAllowed(cpus, "setAffinity(tid=" + tid + ")");
        try (NativeMemory m = writeMask(cpus)) {
            long r = Native.backend().schedSetaffinity(tid, m.address(), m.size());
            if (r < 0) {
                throw ErrnoException.of("sched_setaffinity", "tid=" + tid + ", cpus=" + cpus, r,
                        Errno.EPERM.is(r) ? "another user's thread needs CAP_SYS_NICE" : null);
            }
        }
    }

    /** A mapping holding {@code cpus} as the kernel's mask, as wide as the kernel's cpumask. */
    static NativeMemory writeMask(CpuSet cpus) {
        long[] words = cpus.toLongArray();
        int bytes = Math.max(CpuTopology.maskBytes(), words.length * 8);
        NativeMemory m = NativeMemory.create(bytes);
        for (int i = 0; i < words.length; i++) {
            m.setLong(8L * i, words[i]);
        }
        return m;
    }

    /** The thread's nice value, -20 to 19 ({@code getpriority(PRIO_PROCESS, tid)}: on Linux, one thread). */
    public static int nice(int tid) {
        checkTid(tid);
        long r = Native.backend().getpriority(tid);
        if (r < 0) {
            throw ErrnoException.of("getpriority", "PRIO_PROCESS, tid=" + tid, r, null);
        }
        return (int) r - 20;
    }

    /**
     * Sets one thread's nice value ({@code setpriority(PRIO_PROCESS, tid, nice)}; on Linux it applies to that thread
     * only, not to its process).
     *
     * @throws IllegalArgumentException unless {@code -20 <= nice <= 19}
     * @throws io.lwp4j.PermissionException (EACCES) to lower it below the current value without CAP_SYS_NICE
     */
    public static void setNice(int tid, int nice) {
        checkTid(tid);
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("setNice(tid=" + tid + ", nice=" + nice + "): nice runs from -20 to 19");
        }
        long r = Native.backend().setpriority(tid, nice);
        if (r < 0) {
            throw ErrnoException.of("setpriority", "PRIO_PROCESS, tid=" + tid + ", nice=" + nice, r,
                    Errno.EACCES.is(r) || Errno.EPERM.is(r)
                            ? "lowering nice (or another user's thread) needs CAP_SYS_NICE" : null);
        }
    }

    /** The thread's policy and priority ({@code sched_getscheduler(2)} and {@code sched_getparam(2)}). */
    public static SchedSetting policy(int tid) {
        checkTid(tid);
        long p = Native.backend().schedGetscheduler(tid);
        if (p < 0) {
            throw ErrnoException.of("sched_getscheduler", "tid=" + tid, p, null);
        }
        long prio = Native.backend().schedGetparam(tid);
        if (prio < 0) {
            throw ErrnoException.of("sched_getparam", "tid=" + tid, prio, null);
        }
        return new SchedSetting(SchedPolicy.of((int) p), (int) prio, (p & SchedPolicy.RESET_ON_FORK) != 0);
    }

    /**
     * Sets the thread's policy and priority ({@code sched_setscheduler(2)} on a TID: one thread, not its process).
     *
     * @throws IllegalArgumentException for a priority outside the policy's range ({@code sched_get_priority_min/max})
     * @throws io.lwp4j.PermissionException (EPERM) for FIFO/RR without CAP_SYS_NICE, with a message saying so
     */
    public static void setPolicy(int tid, SchedPolicy policy, int priority) {
        checkTid(tid);
        Checks.priority(policy, priority, "setPolicy(tid=" + tid + ")");
        long r = Native.backend().schedSetscheduler(tid, policy.number(), priority);
        if (r < 0) {
            throw ErrnoException.of("sched_setscheduler", "tid=" + tid + ", " + policy.cName() + ", priority="
                    + priority, r, Errno.EPERM.is(r) ? (policy.isRealTime() ? realTimeHint()
                    : "leaving a real-time policy, or another user's thread, needs CAP_SYS_NICE") : null);
        }
    }

    /**
     * The CPU the thread last ran on ({@code /proc/<pid>/task/<tid>/stat} field 39, as {@code ps -o psr}), or
     * empty if there is no such thread in this process.
     */
    public static java.util.OptionalInt lastCpu(int tid) {
        checkTid(tid);
        int self = (int) Native.backend().getpid();
        return Tasks.task(self, tid == 0 ? (int) Native.backend().gettid() : tid).map(TaskInfo::processor)
                .map(java.util.OptionalInt::of).orElse(java.util.OptionalInt.empty());
    }

    private static void checkTid(int tid) {
        if (tid < 0) {
            throw new IllegalArgumentException("tid " + tid + " is not a TID (0 means the calling thread)");
        }
    }
}
