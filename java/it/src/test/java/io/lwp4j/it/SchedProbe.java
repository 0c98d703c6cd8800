package io.lwp4j.it;

import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.pthread.NativeThread;
import io.lwp4j.sched.CpuSet;
import io.lwp4j.sched.CpuTopology;
import io.lwp4j.sched.SchedPolicy;
import io.lwp4j.sched.Scheduling;
import java.time.Duration;

/**
 * Run in a container by {@link SchedIT}: the allowed CPUs, a native thread pinned at birth (where it ran), a
 * refused affinity outside the cpuset, and a SCHED_FIFO native thread. Prints {@code key=value} lines.
 */
public final class SchedProbe {
    private SchedProbe() {}

    public static void main(String[] args) throws Exception {
        CpuSet allowed = CpuTopology.allowedCpus();
        System.out.println("allowed=" + allowed);
        int cpu = allowed.highest();
        int[] ran = {-1};
        NativeThread pinned = NativeThread.builder().name("pinned").affinity(CpuSet.of(cpu))
                .start(() -> ran[0] = (int) Native.backend().getcpu());
        pinned.join(Duration.ofSeconds(10));
        System.out.println("pinnedRanOn=" + ran[0]);
        CpuSet outside = CpuTopology.read().online().minus(allowed);
        if (!outside.isEmpty()) {
            try {
                Scheduling.setAffinity(0, outside);
                System.out.println("outside=accepted");
            } catch (IllegalArgumentException e) {
                System.out.println("outside=" + e.getMessage());
            }
        }
        try {
            int[] policy = {-1};
            NativeThread rt = NativeThread.builder().name("rt").scheduling(SchedPolicy.FIFO, 10)
                    .start(() -> policy[0] = Scheduling.policy(0).policy().number());
            rt.join(Duration.ofSeconds(10));
            System.out.println("fifo=started policy " + policy[0]);
        } catch (ErrnoException e) {
            System.out.println("fifo=" + e.getMessage());
        }
        System.out.println("done");
    }
}
