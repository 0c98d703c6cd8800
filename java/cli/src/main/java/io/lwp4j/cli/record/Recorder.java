package io.lwp4j.cli.record;

import io.lwp4j.proc.ThreadSample;
import io.lwp4j.proc.ThreadSampler;
import io.lwp4j.task.RawTask;
import java.util.concurrent.locks.LockSupport;

/**
 * Records a {@link Timeline}: one {@link ThreadSampler} of the processes read every interval ({@code /proc} only),
 * and one with Java attribution read at the start and at the end for the Java names (a thread dump per JVM per
 * reading, through the attach socket for another JVM: too heavy to take every 10 ms). A thread that came and went
 * between the two has its kernel name only. In this JVM, lwp4j's raw tasks are marked as such.
 */
public final class Recorder {
    private Recorder() {}

    /** The shortest interval accepted. */
    public static final long MIN_INTERVAL_NANOS = 10_000_000L;

    /** Records {@code pids} every {@code intervalNanos} for {@code durationNanos}. Blocks for that long. */
    public static Timeline record(int[] pids, long intervalNanos, long durationNanos) throws InterruptedException {
        if (intervalNanos < MIN_INTERVAL_NANOS) {
            throw new IllegalArgumentException("interval " + intervalNanos / 1_000_000 + " ms: at least 10 ms");
        }
        if (durationNanos < intervalNanos) {
            throw new IllegalArgumentException("the recording must last at least one interval");
        }
        long self = ProcessHandle.current().pid();
        ThreadSampler names = ThreadSampler.builder().processes(pids).javaThreads(true).build();
        ThreadSampler.Sample first = names.sample();
        ThreadSampler sampler = ThreadSampler.of(pids);
        Timeline timeline = new Timeline(intervalNanos);
        long t0 = System.nanoTime();
        long at = 0;
        for (int k = 1; at < durationNanos; k++) {
            long wait = t0 + k * intervalNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("lwp4j record");
            }
            ThreadSampler.Sample s = sampler.sample();
            at += s.intervalNanos();
            timeline.add(s, at);
            for (ThreadSample t : s.threads()) {
                if (t.pid() == self && (k == 1 || t.started()) && RawTask.isLive(t.tid())) {
                    timeline.describe(t.pid(), t.tid(), "raw task", null);
                }
            }
        }
        describe(timeline, first);
        describe(timeline, names.sample());
        return timeline;
    }

    private static void describe(Timeline timeline, ThreadSampler.Sample s) {
        for (io.lwp4j.proc.ProcessSample p : s.processes()) {
            if (p.javaProblem() != null) {
                timeline.javaProblem(p.pid(), p.javaProblem());
            }
        }
        for (ThreadSample t : s.threads()) {
            String kind = t.role() == ThreadSample.Role.NATIVE ? "native thread" : null;
            timeline.describe(t.pid(), t.tid(), kind, t.java() == null ? null : t.java().name());
        }
    }
}
