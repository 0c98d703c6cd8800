package io.lwp4j.pthread;

import io.lwp4j.ErrnoException;
import io.lwp4j.sched.SchedPolicy;
import io.lwp4j.sched.Scheduling;

/**
 * Run by {@link NativeThreadTest} in a JVM without CAP_SYS_NICE: tries a FIFO native thread and a FIFO policy
 * change, and prints each outcome ({@code start=...}, {@code set=...}).
 */
public final class RealTimeProbe {
    private RealTimeProbe() {}

    public static void main(String[] args) throws Exception {
        try {
            NativeThread t = NativeThread.builder().name("rt-probe").scheduling(SchedPolicy.FIFO, 10).start(() -> { });
            t.join(java.time.Duration.ofSeconds(10));
            System.out.println("start=started");
        } catch (ErrnoException e) {
            System.out.println("start=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try {
            Scheduling.setPolicy(0, SchedPolicy.RR, 5);
            System.out.println("set=set");
        } catch (ErrnoException e) {
            System.out.println("set=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
