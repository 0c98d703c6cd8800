package io.lwp4j.proc;

import io.lwp4j.JvmAttach;
import java.time.Duration;
import java.util.Arrays;

/** Configures a {@link ThreadSampler}. Not thread-safe; {@link #build()} may be called more than once. */
public final class ThreadSamplerBuilder {
    int[] pids = {(int) ProcessHandle.current().pid()};
    boolean javaThreads;
    boolean switchTypes = true;
    int stackThreads;
    int stackDepth;
    Duration attachTimeout = JvmAttach.DEFAULT_TIMEOUT;

    ThreadSamplerBuilder() {}

    /**
     * The processes to sample (replacing any set before).
     *
     * @throws IllegalArgumentException for no pid or one that is not positive
     */
    public ThreadSamplerBuilder processes(int... pids) {
        if (pids.length == 0) {
            throw new IllegalArgumentException("ThreadSampler: no process given (use allProcesses() for all)");
        }
        for (int p : pids) {
            if (p <= 0) {
                throw new IllegalArgumentException("ThreadSampler: a pid must be between 1 and "
                        + Integer.MAX_VALUE + ": " + p);
            }
        }
        int[] copy = Arrays.stream(pids).distinct().sorted().toArray();
        this.pids = copy;
        return this;
    }

    /** Sample every process {@code /proc} shows (processes it hides from us are left out). */
    public ThreadSamplerBuilder allProcesses() {
        this.pids = new int[0];
        return this;
    }

    /**
     * Join the tasks of each JVM among the processes with its Java threads (a thread dump per JVM per sample),
     * and name the JVM's own threads ({@link ThreadSample.Role}). Default false.
     */
    public ThreadSamplerBuilder javaThreads(boolean join) {
        this.javaThreads = join;
        return this;
    }

    /**
     * Give the {@code threads} busiest Java threads of each sample their top {@code depth} frames (implies
     * {@link #javaThreads(boolean) javaThreads(true)} when {@code threads > 0}). Default none.
     *
     * @throws IllegalArgumentException for a negative count or depth
     */
    public ThreadSamplerBuilder stacks(int threads, int depth) {
        if (threads < 0 || depth < 0) {
            throw new IllegalArgumentException("ThreadSampler.stacks: threads and depth must be >= 0: "
                    + threads + ", " + depth);
        }
        this.stackThreads = threads;
        this.stackDepth = depth;
        if (threads > 0) {
            this.javaThreads = true;
        }
        return this;
    }

    /**
     * Whether to split context switches into voluntary and involuntary (default true): that reads each task's
     * {@code status} every sample, the costliest of its files (three quarters of a sample's time). Without it,
     * {@link ThreadSample#switchesPerSecond()} counts the times a task was switched in ({@code schedstat}), the
     * voluntary and involuntary rates are {@code NaN}, and {@code status} is read once per task, for what only it
     * has (NSpid, uids, allowed CPUs). A kernel without {@code schedstat} always needs {@code status}.
     */
    public ThreadSamplerBuilder contextSwitchTypes(boolean split) {
        this.switchTypes = split;
        return this;
    }

    /**
     * The deadline of each thread dump of another JVM (default {@link JvmAttach#DEFAULT_TIMEOUT}); a JVM that
     * does not answer in time has no Java names in that sample ({@link ProcessSample#javaProblem()} says so).
     *
     * @throws IllegalArgumentException when not positive
     */
    public ThreadSamplerBuilder attachTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ThreadSampler.attachTimeout must be positive: " + timeout);
        }
        this.attachTimeout = timeout;
        return this;
    }

    /**
     * A sampler that has taken its first reading.
     *
     * @throws io.lwp4j.NoSuchTaskException (ESRCH) when a named process does not exist
     */
    public ThreadSampler build() {
        return new ThreadSampler(this);
    }
}
