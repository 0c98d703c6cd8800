package io.lwp4j.sched;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lwp4j.JavaThreads;
import io.lwp4j.NoSuchTaskException;
import io.lwp4j.internal.Native;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import io.lwp4j.testing.KernelView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-TID scheduling against /proc: every change is read back from the kernel, not from the code under test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchedulingTest {

    /** Runs {@code body} with the TID of a fresh, parked Java thread, then ends the thread. */
    private static void withThread(IntConsumer body) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        int[] tid = new int[1];
        Thread t = new Thread(() -> {
            tid[0] = JavaThreads.currentTid();
            ready.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lwp4j-sched-test");
        t.start();
        ready.await();
        try {
            body.accept(tid[0]);
        } finally {
            done.countDown();
            t.join(10_000);
        }
    }

    private static TaskInfo info(int tid) {
        return Tasks.task((int) Native.backend().getpid(), tid).orElseThrow();
    }

    @Test
    void affinityIsTheKernelsAndChangesAreSeenInProc() throws Exception {
        withThread(tid -> {
            assertEquals(KernelView.status(tid, "Cpus_allowed_list"), Scheduling.affinity(tid).toString());
            int cpu = CpuTopology.allowedCpus().highest();
            Scheduling.setAffinity(tid, CpuSet.of(cpu));
            assertEquals(Integer.toString(cpu), KernelView.status(tid, "Cpus_allowed_list"));
            assertEquals(CpuSet.of(cpu), Scheduling.affinity(tid));
            Scheduling.setAffinity(tid, CpuTopology.allowedCpus());
            assertEquals(CpuTopology.allowedCpus().toString(), info(tid).cpusAllowedList());
        });
    }

    @Test
    void cpuSetsBeyond64AndTheListFormat() {
        CpuSet s = CpuSet.of(0, 63, 64, 200, 1500);
        assertEquals(24, s.toLongArray().length, "1500 / 64 + 1 words");
        assertEquals(s, CpuSet.fromLongArray(s.toLongArray()));
        assertEquals("0,63-64,200,1500", s.toString());
        assertEquals(s, CpuSet.parse("0,63-64,200,1500\n"));
        assertEquals(CpuSet.range(2, 5), CpuSet.parse("2-5"));
        assertArrayEquals(new long[] {1L << 3}, CpuSet.of(3).toLongArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scheduling.setAffinity(0, CpuSet.of(0, 1500)));
        assertTrue(e.getMessage().startsWith("setAffinity(tid=0): CPU 1500 is outside the CPUs this process may use ("
                + CpuTopology.allowedCpus()), e.getMessage());
    }

    @Test
    void niceOfOneThreadIsSeenInProc() throws Exception {
        withThread(tid -> {
            Scheduling.setNice(tid, 7);
            assertEquals(7, info(tid).nice(), "/proc stat nice");
            assertEquals(7, Scheduling.nice(tid));
            assertEquals(0, Scheduling.nice(0), "the calling thread is untouched");
        });
        assertThrows(IllegalArgumentException.class, () -> Scheduling.setNice(0, 20));
    }

    @Test
    void policyChangesAreSeenInProcStat() throws Exception {
        withThread(tid -> {
            assertEquals(SchedPolicy.OTHER, Scheduling.policy(tid).policy());
            Scheduling.setPolicy(tid, SchedPolicy.BATCH, 0);
            assertEquals(SchedPolicy.BATCH.number(), info(tid).policy(), "/proc/<pid>/task/<tid>/stat policy");
            assertEquals(Integer.toString(SchedPolicy.BATCH.number()), KernelView.stat(tid, 41));
            assertEquals(new SchedSetting(SchedPolicy.BATCH, 0, false), Scheduling.policy(tid));
            Scheduling.setPolicy(tid, SchedPolicy.IDLE, 0);
            assertEquals(SchedPolicy.IDLE.number(), info(tid).policy());
        });
    }

    @Test
    void realTimePolicyAsRoot() throws Exception {
        String eff = KernelView.status(Native.backend().gettid(), "CapEff");
        assumeTrue((Long.parseUnsignedLong(eff, 16) & (1L << 23)) != 0, "no CAP_SYS_NICE here");
        assumeTrue(Scheduling.realTimeHint().equals(Scheduling.NEEDS_SYS_NICE),
                () -> "no real-time budget here: " + Scheduling.realTimeHint());
        withThread(tid -> {
            Scheduling.setPolicy(tid, SchedPolicy.RR, 3);
            TaskInfo i = info(tid);
            assertEquals(SchedPolicy.RR.number(), i.policy());
            assertEquals(3, i.rtPriority());
            assertEquals(new SchedSetting(SchedPolicy.RR, 3, false), Scheduling.policy(tid));
            Scheduling.setPolicy(tid, SchedPolicy.OTHER, 0);
        });
    }

    @Test
    void errorsNameTheCallTheTidAndTheErrno() {
        int none = Integer.MAX_VALUE; // above PID_MAX_LIMIT (4194304): never a TID
        NoSuchTaskException e = assertThrows(NoSuchTaskException.class, () -> Scheduling.policy(none));
        assertEquals("sched_getscheduler(tid=" + none + ") failed: ESRCH (3): No such process", e.getMessage());
        NoSuchTaskException a = assertThrows(NoSuchTaskException.class,
                () -> Scheduling.setAffinity(none, CpuSet.of(0)));
        assertTrue(a.getMessage().startsWith("sched_setaffinity(tid=" + none + ", cpus=0) failed: ESRCH (3)"),
                a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scheduling.affinity(-1));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> Scheduling.setPolicy(0, SchedPolicy.RR, 100));
        assertTrue(p.getMessage().contains("SCHED_RR takes a priority from 1 to 99, not 100"), p.getMessage());
    }

    @Test
    void lastCpuIsAnAllowedCpu() throws Exception {
        withThread(tid -> {
            int cpu = Scheduling.lastCpu(tid).orElseThrow();
            assertTrue(CpuTopology.allowedCpus().contains(cpu), "last CPU " + cpu);
        });
        assertTrue(Scheduling.lastCpu(0).isPresent());
    }

    @Test
    void topologyMatchesSys() throws IOException {
        CpuTopology t = CpuTopology.read();
        assertEquals(Files.readString(Paths.get("/sys/devices/system/cpu/online")).trim(), t.online().toString());
        assertEquals(t.online().size(), t.cpus().size());
        for (CpuTopology.Cpu c : t.cpus()) {
            assertTrue(c.siblings().contains(c.id()), c + " is its own sibling");
        }
        assertTrue(t.coreCount() >= 1 && t.coreCount() <= t.cpus().size());
        assertTrue(t.packageCount() >= 1 && t.packageCount() <= t.coreCount());
        assertTrue(t.online().containsAll(CpuTopology.allowedCpus()));
    }

    @Test
    void stackBoundsOfAJavaThreadAreAMappingOfThisProcess() throws Exception {
        StackBounds[] seen = new StackBounds[1];
        Thread t = new Thread(null, () -> seen[0] = StackBounds.current(), "lwp4j-stack", 2 << 20);
        t.start();
        t.join(10_000);
        StackBounds s = seen[0];
        assertTrue(s.size() >= (2 << 20) - (64 << 10), "about the 2 MiB asked for: " + s);
        java.util.List<String> maps = Files.readAllLines(Paths.get("/proc/self/maps"));
        for (long a : new long[] {s.low(), s.high() - 1}) {
            boolean mapped = maps.stream().anyMatch(l -> {
                String[] r = l.substring(0, l.indexOf(' ')).split("-");
                return Long.parseUnsignedLong(r[0], 16) <= a && a < Long.parseUnsignedLong(r[1], 16);
            });
            assertTrue(mapped, Long.toHexString(a) + " of " + s + " is mapped (/proc/self/maps)");
        }
    }
}
