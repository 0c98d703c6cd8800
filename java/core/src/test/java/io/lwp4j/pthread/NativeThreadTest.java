package io.lwp4j.pthread;

import io.lwp4j.testing.ChildJvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.internal.Native;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import io.lwp4j.sched.CpuSet;
import io.lwp4j.sched.CpuTopology;
import io.lwp4j.sched.SchedPolicy;
import io.lwp4j.sched.StackBounds;
import io.lwp4j.testing.KernelView;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Native threads made with pthread_create that run Java, checked against /proc and the kernel's own answers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeThreadTest {
    private static final Duration JOIN = Duration.ofSeconds(20);
    /** /proc/self/maps as the last thread that {@link #look}ed saw it (its stack is unmapped after the join). */
    private static final AtomicReference<List<String>> MAPS = new AtomicReference<>(List.of());

    /** What the thread saw of itself, from inside. */
    private static final class Seen {
        volatile Thread current;
        volatile long tid;
        volatile String comm;
        volatile String cpusAllowed;
        volatile int cpu = -1;
        volatile StackBounds stack;
        volatile TaskInfo info;
    }

    private static Seen look(Seen s) {
        s.current = Thread.currentThread();
        s.tid = Native.backend().gettid();
        s.comm = KernelView.comm(s.tid);
        s.cpusAllowed = KernelView.status(s.tid, "Cpus_allowed_list");
        s.cpu = (int) Native.backend().getcpu();
        s.stack = StackBounds.current();
        s.info = Tasks.task((int) Native.backend().getpid(), (int) s.tid).orElseThrow();
        try {
            MAPS.set(java.nio.file.Files.readAllLines(java.nio.file.Paths.get("/proc/self/maps")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return s;
    }

    @Test
    void runsJavaOnANamedNativeThreadAndEndsWhenJoined() throws Exception {
        Seen s = new Seen();
        NativeThread t = NativeThread.builder().name("lwp4j-nt").start(() -> look(s));
        assertTrue(t.join(JOIN), "joined");
        assertEquals(s.tid, t.tid(), "the handle's TID is the thread's gettid()");
        assertSame(s.current, t.thread(), "thread() is Thread.currentThread() inside");
        assertEquals("lwp4j-nt", s.comm, "native name set before the code ran");
        assertEquals("lwp4j-nt", t.thread().getName());
        assertTrue(s.tid != Native.backend().gettid());
        assertFalse(t.isAlive());
        assertTrue(t.join(JOIN), "a second join returns at once");
        awaitGone(t.tid());
    }

    @Test
    void affinityAtBirthIsSeenByGetcpuAndProc() throws Exception {
        CpuSet allowed = CpuTopology.allowedCpus();
        int cpu = allowed.highest();
        Seen s = new Seen();
        NativeThread t = NativeThread.builder().name("lwp4j-pin").affinity(CpuSet.of(cpu)).start(() -> look(s));
        assertTrue(t.join(JOIN));
        assertEquals(cpu, s.cpu, "getcpu() inside the pinned thread");
        assertEquals(Integer.toString(cpu), s.cpusAllowed, "Cpus_allowed_list of the thread");
        assertEquals(Integer.toString(cpu), s.info.cpusAllowedList());
    }

    @Test
    void exactStackAndGuardSize() throws Exception {
        long page = Native.backend().pageSize();
        long size = 768 * 1024;
        Seen s = new Seen();
        NativeThread t = NativeThread.builder().stackSize(size).guardSize(4 * page).start(() -> look(s));
        assertTrue(t.join(JOIN));
        assertEquals(size, s.stack.size(), "pthread_getattr_np stack size: " + s.stack);
        assertTrue(guardBelow(s.stack.low(), 4 * page), "a 4-page PROT_NONE mapping right below " + s.stack);

        // Without a stack size glibc allocates the stack and the guard is its attribute.
        Seen g = new Seen();
        NativeThread t2 = NativeThread.builder().guardSize(2 * page).start(() -> look(g));
        assertTrue(t2.join(JOIN));
        assertEquals(2 * page, g.stack.guard(), "pthread_getattr_np guard size: " + g.stack);
        assertThrows(IllegalArgumentException.class,
                () -> NativeThread.builder().stackSize(size).detached(true).start(() -> { }));
    }

    /** Whether /proc/self/maps had (when the thread looked) a PROT_NONE range of {@code len} ending at {@code at}. */
    private static boolean guardBelow(long at, long len) {
        return MAPS.get().stream().anyMatch(l -> {
            String[] f = l.split("\\s+");
            String[] r = f[0].split("-");
            return f[1].startsWith("---") && Long.parseUnsignedLong(r[1], 16) == at
                    && at - Long.parseUnsignedLong(r[0], 16) >= len;
        });
    }

    @Test
    void schedulingPolicyAtBirthIsSeenInProcStat() throws Exception {
        for (SchedPolicy p : List.of(SchedPolicy.BATCH, SchedPolicy.IDLE)) {
            Seen s = new Seen();
            NativeThread t = NativeThread.builder().scheduling(p, 0).start(() -> look(s));
            assertTrue(t.join(JOIN));
            assertEquals(p.number(), s.info.policy(), p + ": /proc/<pid>/task/<tid>/stat policy");
        }
    }

    @Test
    void realTimePolicyWithCapSysNice() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(hasCapSysNice(), "this process has no CAP_SYS_NICE");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.lwp4j.sched.Scheduling.realTimeHint().equals(io.lwp4j.sched.Scheduling.NEEDS_SYS_NICE),
                () -> "no real-time budget here: " + io.lwp4j.sched.Scheduling.realTimeHint());
        Seen s = new Seen();
        NativeThread t = NativeThread.builder().scheduling(SchedPolicy.FIFO, 1).start(() -> look(s));
        assertTrue(t.join(JOIN));
        assertEquals(SchedPolicy.FIFO.number(), s.info.policy());
        assertEquals(1, s.info.rtPriority());
    }

    @Test
    void realTimePolicyWithoutCapSysNiceFailsWithEpermNamingTheCapability() throws Exception {
        List<String> out = ChildJvm.run(List.of("setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", "--"),
                RealTimeProbe.class);
        String start = out.stream().filter(l -> l.startsWith("start=")).findFirst().orElseThrow();
        assertTrue(start.startsWith("start=PermissionException: pthread_create(name=\"rt-probe\", SCHED_FIFO, "
                + "priority=10) failed: EPERM (1): Operation not permitted — needs CAP_SYS_NICE"), start);
        String set = out.stream().filter(l -> l.startsWith("set=")).findFirst().orElseThrow();
        assertTrue(set.matches("set=PermissionException: sched_setscheduler\\(tid=0, SCHED_RR, priority=5\\) "
                + "failed: EPERM \\(1\\): Operation not permitted — needs CAP_SYS_NICE.*"), set);
    }

    @Test
    void anExceptionReachesTheHandlerAndTheThreadStillEnds() throws Exception {
        AtomicReference<Thread> where = new AtomicReference<>();
        AtomicReference<Throwable> what = new AtomicReference<>();
        NativeThread t = NativeThread.builder().name("lwp4j-throw")
                .uncaughtExceptionHandler((th, e) -> {
                    where.set(th);
                    what.set(e);
                })
                .start(() -> {
                    throw new IllegalStateException("boom");
                });
        assertTrue(t.join(JOIN));
        assertSame(t.thread(), where.get());
        assertEquals("boom", what.get().getMessage());
        awaitGone(t.tid());
    }

    @Test
    void detachedThreadsEndAndAreFreed() throws Exception {
        Seen s = new Seen();
        NativeThread t = NativeThread.builder().name("lwp4j-det").detached(true).start(() -> look(s));
        assertTrue(t.isDetached());
        assertTrue(t.join(JOIN));
        awaitGone(t.tid());
    }

    @Test
    void manyThreadsLeaveNoTaskBehind() throws Exception {
        int before = Tasks.self().size();
        for (int i = 0; i < 40; i++) {
            NativeThread t = NativeThread.builder().name("lwp4j-many").detached(i % 2 == 0).start(() -> { });
            assertTrue(t.join(JOIN));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long left;
        do {
            left = Tasks.self().stream().filter(i -> i.name().equals("lwp4j-many")).count();
        } while (left > 0 && System.nanoTime() < deadline && sleep());
        assertEquals(0, left, "no lwp4j-many task is left");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("lwp4j-many")),
                "no attached Java thread is left: " + Thread.getAllStackTraces().keySet());
        assertTrue(Tasks.self().size() <= before + 2, "thread count back to about " + before);
    }

    @Test
    void badAttributesAreRefusedBeforeAnyCall() {
        NativeThreadBuilder b = NativeThread.builder();
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> b.stackSize(64 * 1024));
        assertTrue(small.getMessage().contains("at least " + NativeThreadBuilder.MIN_STACK_SIZE), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.stackSize(NativeThreadBuilder.MIN_STACK_SIZE + 1));
        assertThrows(IllegalArgumentException.class, () -> b.guardSize(100));
        assertThrows(IllegalArgumentException.class, () -> b.name("0123456789abcdef"));
        IllegalArgumentException prio = assertThrows(IllegalArgumentException.class,
                () -> b.scheduling(SchedPolicy.FIFO, 0));
        assertTrue(prio.getMessage().contains("SCHED_FIFO takes a priority from 1 to 99"), prio.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.scheduling(SchedPolicy.BATCH, 3));
        int outside = CpuTopology.read().possible().highest() + 100;
        IllegalArgumentException cpu = assertThrows(IllegalArgumentException.class,
                () -> b.affinity(CpuSet.of(outside)));
        assertTrue(cpu.getMessage().contains("CPU " + outside + " is outside the CPUs this process may use"),
                cpu.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.affinity(CpuSet.empty()));
    }

    static boolean hasCapSysNice() {
        String eff = KernelView.status(Native.backend().gettid(), "CapEff");
        return (Long.parseUnsignedLong(eff, 16) & (1L << 23)) != 0; // CAP_SYS_NICE is capability 23
    }

    /** A thread that ended leaves /proc/self/task soon after (the kernel releases it asynchronously). */
    static void awaitGone(long tid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (KernelView.exists(tid) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(KernelView.exists(tid), "task " + tid + " still in /proc/self/task");
    }

    private static boolean sleep() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
