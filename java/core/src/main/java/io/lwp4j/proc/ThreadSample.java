package io.lwp4j.proc;

import java.util.List;

/**
 * One task over one interval of a {@link ThreadSampler}: what it did between the previous sample and this one.
 *
 * <p>Percentages follow {@code top -H}: 100 is one CPU busy for the whole interval, so a process may exceed 100
 * but a thread may not. Rates are per second of the interval.
 *
 * @param task the task as {@code /proc} showed it at the end of the interval: {@code stat} now; the fields only
 *     {@code status} has (uids, NSpid, allowed CPUs, switch counts) now too when the sampler splits context switches,
 *     else as they were when the sampler first saw the task
 * @param cpu CPU time as a percentage of one CPU over the interval: from {@code schedstat} (nanoseconds on CPU)
 *     where the kernel has it, else from {@code stat}'s clock ticks
 * @param user user-mode CPU as a percentage of one CPU, from {@code stat} ({@code utime}, clock ticks: a thread
 *     below one tick per interval shows 0)
 * @param sys kernel-mode CPU as a percentage of one CPU, from {@code stat} ({@code stime}, clock ticks)
 * @param delay the time spent runnable but waiting on a run queue, as a percentage of the interval
 *     ({@code schedstat}'s {@code run_delay}: CPU starvation and cgroup throttling); {@code NaN} when the kernel
 *     has no {@code schedstat} ({@code CONFIG_SCHED_INFO} off)
 * @param cpuNanos the CPU time over the interval, in nanoseconds
 * @param runDelayNanos the run-queue wait over the interval, in nanoseconds ({@code 0} without {@code schedstat})
 * @param switchesPerSecond context switches per second: voluntary plus involuntary from {@code status}, or, when
 *     the sampler does not split them ({@link ThreadSamplerBuilder#contextSwitchTypes(boolean)}), the times it was
 *     switched in, from {@code schedstat}
 * @param voluntarySwitchesPerSecond times per second it gave up the CPU (blocked, slept); {@code NaN} when the
 *     sampler does not split context switches
 * @param involuntarySwitchesPerSecond times per second it was preempted; {@code NaN} likewise
 * @param started whether it started during the interval (its figures count from its start)
 * @param lifetimeShare the share of the interval it was alive, 0 to 1: 1 for a task that lived through it
 * @param role what runs on it, as far as the sampler was asked and able to tell ({@link Role#UNKNOWN} when Java
 *     attribution was not asked for or the process's JVM could not be reached)
 * @param java the Java thread on it, or {@code null} when it is not (known to be) a Java thread
 */
public record ThreadSample(
        TaskInfo task,
        double cpu,
        double user,
        double sys,
        double delay,
        long cpuNanos,
        long runDelayNanos,
        double switchesPerSecond,
        double voluntarySwitchesPerSecond,
        double involuntarySwitchesPerSecond,
        boolean started,
        double lifetimeShare,
        Role role,
        Java java) {

    /** The process id (the task's TGID). */
    public int pid() {
        return task.tgid();
    }

    /** The TID as this {@code /proc} shows it. */
    public int tid() {
        return task.tid();
    }

    /** The TID in the task's own PID namespace (a container's), the one its JVM's thread dump speaks of. */
    public int nsTid() {
        return task.innermostTid();
    }

    /** This sample with its Java side set (the sampler joins Java threads after reading {@code /proc}). */
    ThreadSample with(Role newRole, Java newJava) {
        return new ThreadSample(task, cpu, user, sys, delay, cpuNanos, runDelayNanos, switchesPerSecond,
                voluntarySwitchesPerSecond,
                involuntarySwitchesPerSecond, started, lifetimeShare, newRole, newJava);
    }

    /** What a task of a process runs, as the JVM's thread dump tells (or does not). */
    public enum Role {
        /** A Java (platform) thread of the application or the class library. */
        JAVA,
        /** A garbage collector's thread ({@code GC Thread#0}, {@code G1 Conc#0}, {@code ZWorker#0}, …). */
        GC,
        /** A JIT compiler thread ({@code C2 CompilerThread0}, {@code C1 CompilerThread0}). */
        JIT,
        /** The VM thread (safepoints, VM operations) or the periodic task thread. */
        VM,
        /** Another thread of the JVM's own that its thread dump names (for example a JFR or a monitor thread). */
        JVM_OTHER,
        /** Not in the JVM's thread dump: a native thread (JNI, pthread, an lwp4j raw task) of a JVM. */
        NATIVE,
        /** Not known: Java attribution not asked for, the process is not a JVM, or its JVM could not be reached. */
        UNKNOWN
    }

    /**
     * The Java side of a task, from the JVM's thread dump taken right after {@code /proc} was read.
     *
     * @param id the Java thread id, or -1 for a JVM-internal thread (which has none)
     * @param name the name the thread dump gives: the Java name, or the JVM's own name for an internal thread;
     *     raw (escape it before printing it to a terminal: {@link io.lwp4j.ps.PsFormat#forScreen(String)})
     * @param state the Java state, or {@code null} for a JVM-internal thread
     * @param daemon whether it is a daemon thread
     * @param carriedVirtualThreadId the id of the virtual thread mounted on this carrier, or -1
     * @param carryingSeconds for how long (at least) this carrier has carried that same virtual thread: the time
     *     since the first sample that saw it mounted (0 when first seen now, or when it carries none)
     * @param stack the top frames, innermost first, like {@code pkg.Class.method(File.java:123)}; empty unless this
     *     task was among the busiest the sampler was asked to take stacks of
     */
    public record Java(long id, String name, Thread.State state, boolean daemon, long carriedVirtualThreadId,
            double carryingSeconds, List<String> stack) {

        /** Keeps an unmodifiable copy of {@code stack}. */
        public Java {
            stack = List.copyOf(stack);
        }
    }
}
