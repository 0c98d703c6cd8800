package io.lwp4j.proc;

import io.lwp4j.sched.CpuSet;
import java.util.Arrays;

/**
 * One kernel task (a thread, or a single-threaded process) as {@code /proc/<pid>/task/<tid>/stat} and
 * {@code .../status} showed it at one instant.
 *
 * <p>Field names follow {@code proc(5)}. Times are in clock ticks ({@link Tasks#clockTicksPerSecond()}, which is
 * {@code sysconf(_SC_CLK_TCK)}); {@link #startTimeTicks()} counts from boot.
 *
 * @param tid the kernel thread id (the LWP column of {@code ps -eLf}); {@code stat} field 1
 * @param tgid the thread group id, i.e. the process id ({@code status: Tgid})
 * @param ppid the parent's process id ({@code stat} field 4)
 * @param uid the real user id ({@code status: Uid}, first value)
 * @param euid the effective user id ({@code status: Uid}, second value)
 * @param name the task's {@code comm}: at most 15 bytes, decoded as UTF-8 (a malformed sequence, for example a
 *     multi-byte character cut at byte 15, becomes U+FFFD)
 * @param state the one-letter state: R, S, D, T, t, Z, X, I, ...
 * @param flags the kernel's {@code PF_*} flags ({@code stat} field 9)
 * @param ttyNr the controlling terminal as the kernel encodes a device number (0 when there is none)
 * @param utimeTicks user-mode CPU time
 * @param stimeTicks kernel-mode CPU time
 * @param startTimeTicks when the task started, in ticks after boot
 * @param processor the CPU it last ran on
 * @param priority the kernel's priority value ({@code stat} field 18: 20 + nice, or -1 - rt priority)
 * @param nice the nice value, -20 to 19
 * @param rtPriority the real-time priority, 1 to 99 for {@code SCHED_FIFO}/{@code SCHED_RR}, else 0
 * @param policy the scheduling policy number ({@link #policyName()})
 * @param numThreads the number of threads of its process
 * @param voluntaryContextSwitches times it gave up the CPU (blocked)
 * @param involuntaryContextSwitches times it was preempted
 * @param cpusAllowedList the allowed CPUs as the kernel prints them, for example {@code "0-3,8"}
 * @param nsTids the TID in each PID namespace it is visible in, outermost first ({@code status: NSpid}); the
 *     last element is the TID inside the task's own namespace, the first the TID that this {@code /proc} shows
 */
public record TaskInfo(
        int tid,
        int tgid,
        int ppid,
        int uid,
        int euid,
        String name,
        char state,
        long flags,
        int ttyNr,
        long utimeTicks,
        long stimeTicks,
        long startTimeTicks,
        int processor,
        int priority,
        int nice,
        int rtPriority,
        int policy,
        int numThreads,
        long voluntaryContextSwitches,
        long involuntaryContextSwitches,
        String cpusAllowedList,
        int[] nsTids) {

    /** {@code PF_KTHREAD} from {@code include/linux/sched.h}: the task is a kernel thread. */
    public static final long PF_KTHREAD = 0x00200000L;

    private static final String[] POLICY_NAMES = {
        "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE", "SCHED_EXT"
    };

    /** The record keeps its own copy of {@code nsTids}. */
    public TaskInfo {
        nsTids = nsTids.clone();
    }

    /** A copy of the {@code NSpid} chain, outermost namespace first. */
    @Override
    public int[] nsTids() {
        return nsTids.clone();
    }

    /** The TID inside the task's own (innermost) PID namespace: the last element of {@link #nsTids()}. */
    public int innermostTid() {
        return nsTids.length == 0 ? tid : nsTids[nsTids.length - 1];
    }

    /** True for a kernel thread ({@link #PF_KTHREAD} set), which has no user space and no command line. */
    public boolean isKernelThread() {
        return (flags & PF_KTHREAD) != 0;
    }

    /** True when this task is its process's main thread (TID equals TGID). */
    public boolean isMainThread() {
        return tid == tgid;
    }

    /** User plus kernel CPU time, in ticks. */
    public long cpuTicks() {
        return utimeTicks + stimeTicks;
    }

    /** The policy's {@code <sched.h>} name, for example {@code "SCHED_FIFO"}; {@code "SCHED_<n>"} if unknown. */
    public String policyName() {
        return policyName(policy);
    }

    /** The {@code <sched.h>} name of a policy number, for example 1 → {@code "SCHED_FIFO"}. */
    public static String policyName(int policy) {
        return policy >= 0 && policy < POLICY_NAMES.length ? POLICY_NAMES[policy] : "SCHED_" + policy;
    }

    /** The allowed CPUs as a set of CPU numbers, parsed from {@link #cpusAllowedList()}. */
    public CpuSet allowedCpus() {
        return CpuSet.parse(cpusAllowedList);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskInfo t
                && tid == t.tid && tgid == t.tgid && ppid == t.ppid && uid == t.uid && euid == t.euid
                && name.equals(t.name) && state == t.state && flags == t.flags && ttyNr == t.ttyNr
                && utimeTicks == t.utimeTicks && stimeTicks == t.stimeTicks && startTimeTicks == t.startTimeTicks
                && processor == t.processor && priority == t.priority && nice == t.nice
                && rtPriority == t.rtPriority && policy == t.policy && numThreads == t.numThreads
                && voluntaryContextSwitches == t.voluntaryContextSwitches
                && involuntaryContextSwitches == t.involuntaryContextSwitches
                && cpusAllowedList.equals(t.cpusAllowedList) && Arrays.equals(nsTids, t.nsTids);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(((long) tid << 32) | tgid) + Long.hashCode(startTimeTicks);
    }

    @Override
    public String toString() {
        return "TaskInfo[tid=" + tid + ", tgid=" + tgid + ", ppid=" + ppid + ", uid=" + uid + ", euid=" + euid
                + ", name=" + name + ", state=" + state + ", flags=0x" + Long.toHexString(flags)
                + ", ttyNr=" + ttyNr + ", utime=" + utimeTicks + ", stime=" + stimeTicks
                + ", start=" + startTimeTicks + ", cpu=" + processor + ", priority=" + priority
                + ", nice=" + nice + ", rtPriority=" + rtPriority + ", policy=" + policyName()
                + ", threads=" + numThreads + ", vcs=" + voluntaryContextSwitches
                + ", ivcs=" + involuntaryContextSwitches + ", cpus=" + cpusAllowedList
                + ", nsTids=" + Arrays.toString(nsTids) + "]";
    }
}
