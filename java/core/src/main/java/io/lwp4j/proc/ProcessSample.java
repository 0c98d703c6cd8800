package io.lwp4j.proc;

import java.util.Map;

/**
 * One process over one interval of a {@link ThreadSampler}: its totals.
 *
 * @param pid the process id
 * @param name the process's {@code comm} (its main thread's name)
 * @param threads the number of threads at the end of the interval ({@code NLWP}); 0 when it exited
 * @param threadsByState how many of its tasks were in each state letter (R, S, D, …) at the end of the interval
 * @param started threads that started during the interval
 * @param ended threads that ended during the interval
 * @param cpu the process's CPU over the interval, as a percentage of one CPU, from {@code /proc/<pid>/stat}, which
 *     also counts the threads that ended during the interval (their own figures are gone with them)
 * @param user its user-mode part
 * @param sys its kernel-mode part
 * @param delay the run-queue wait of its live threads summed, as a percentage of one CPU's interval (two threads
 *     waiting the whole interval make 200); {@code NaN} without {@code schedstat}
 * @param exited whether the process ended during the interval (its threads are all in {@link
 *     ThreadSampler.Sample#ended()})
 * @param java whether its tasks were joined with a JVM's thread dump
 * @param javaProblem why they were not, when Java attribution was asked for ({@code null} otherwise, or for a
 *     process that is not a JVM)
 */
public record ProcessSample(
        int pid,
        String name,
        int threads,
        Map<Character, Integer> threadsByState,
        int started,
        int ended,
        double cpu,
        double user,
        double sys,
        double delay,
        boolean exited,
        boolean java,
        String javaProblem) {

    /** Keeps an unmodifiable copy of {@code threadsByState}. */
    public ProcessSample {
        threadsByState = Map.copyOf(threadsByState);
    }
}
