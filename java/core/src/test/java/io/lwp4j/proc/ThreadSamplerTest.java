package io.lwp4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.JavaThreads;
import io.lwp4j.NoSuchTaskException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ThreadSampler} in this JVM, against the kernel's and the JVM's own accounts of the same threads: a
 * spinner's CPU against its {@code ThreadMXBean} CPU time over the same interval, threads that start and end within
 * an interval, the Java side from the thread dump.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadSamplerTest {

    /** Spins until told to stop; its TID and how much CPU time it has used are readable from outside. */
    static final class Spinner implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger tid = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final Thread thread;
        volatile long sink;

        Spinner(String name) throws InterruptedException {
            thread = new Thread(this::spinHere, name);
            thread.setDaemon(true);
            thread.start();
            assertTrue(started.await(30, TimeUnit.SECONDS));
        }

        void spinHere() {
            tid.set(JavaThreads.currentTid());
            started.countDown();
            long x = 0;
            while (!stop.get()) {
                x = x * 31 + 7;
            }
            sink = x;
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }

    @Test
    void spinnerCpuMatchesItsOwnCpuTimeAndIsNamedWithItsStack() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Spinner spinner = new Spinner("sampler-spinner")) {
            // The sampler reads the spinner's counters somewhere inside build() and inside sample(): bracket both
            // calls with the JVM's own account of the thread's CPU time, and hold the figure to the slowest and
            // fastest rates those brackets allow (a busy machine gives the spinner an uneven share).
            long tid = spinner.thread.getId();
            long cb0 = mx.getThreadCpuTime(tid);
            long tb0 = System.nanoTime();
            ThreadSampler sampler = ThreadSampler.builder().processes((int) ProcessHandle.current().pid())
                    .stacks(3, 8).build();
            long cb1 = mx.getThreadCpuTime(tid);
            long tb1 = System.nanoTime();
            Thread.sleep(1000);
            long cs0 = mx.getThreadCpuTime(tid);
            long ts0 = System.nanoTime();
            ThreadSampler.Sample s = sampler.sample();
            long cs1 = mx.getThreadCpuTime(tid);
            long ts1 = System.nanoTime();
            double slowest = (cs0 - cb1) * 100.0 / (ts1 - tb0);
            double fastest = (cs1 - cb0) * 100.0 / (ts0 - tb1);

            ThreadSample mine = s.thread(spinner.tid.get()).orElseThrow();
            assertTrue(mine.cpu() >= slowest - 10 && mine.cpu() <= fastest + 10, "spinner's %CPU " + mine.cpu()
                    + " against its own CPU time over the interval: between " + slowest + " and " + fastest);
            assertEquals(mine.cpu(), mine.user() + mine.sys(), 10, "user + sys (ticks) against schedstat");
            // A spinner is always running or runnable. The kernel books a wait when the task gets the CPU back, so a
            // wait that began before the interval may be booked in it: allow a margin on a busy machine.
            assertTrue(mine.delay() >= 0 && mine.delay() <= 100 - mine.cpu() + 30, "delay " + mine.delay());
            assertEquals(1.0, mine.lifetimeShare());
            assertFalse(mine.started());
            assertEquals(ThreadSample.Role.JAVA, mine.role());
            assertNotNull(mine.java());
            assertEquals("sampler-spinner", mine.java().name());
            assertEquals(spinner.thread.getId(), mine.java().id());
            assertTrue(mine.java().stack().size() >= 1 && mine.java().stack().size() <= 8, mine.java().stack()::toString);
            assertTrue(mine.java().stack().stream().anyMatch(f -> f.contains("Spinner.spinHere(")),
                    mine.java().stack()::toString);
            if (mine.cpu() > 50) { // it is the busiest unless the machine starved it
                assertEquals(spinner.tid.get(), s.threads().get(0).tid(), "busiest first");
            }
            for (int i = 1; i < s.threads().size(); i++) {
                assertTrue(s.threads().get(i - 1).cpu() >= s.threads().get(i).cpu(), "sorted by cpu");
            }
            assertEquals(1, s.processes().size());
            ProcessSample p = s.processes().get(0);
            assertTrue(p.java(), "joined with our own dump");
            assertTrue(p.cpu() + 10 >= mine.cpu(), "process " + p.cpu() + " vs thread " + mine.cpu());
            assertEquals(p.threads(), p.threadsByState().values().stream().mapToInt(Integer::intValue).sum(), 3);
            // The JVM's own threads are named as such.
            assertTrue(s.threads().stream().anyMatch(t -> t.role() == ThreadSample.Role.VM
                    && t.java().name().equals("VM Thread")), "the VM thread is named");
        }
    }

    /** join() returns when the Java thread is done; its kernel task leaves /proc a moment later. */
    static void awaitTaskGone(long tid) throws InterruptedException {
        java.nio.file.Path dir = java.nio.file.Paths.get("/proc/self/task/" + tid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (java.nio.file.Files.exists(dir) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void threadsThatStartAndEndWithinAnIntervalAreReported() throws Exception {
        ThreadSampler sampler = ThreadSampler.self();
        AtomicLong tid = new AtomicLong();
        Thread ends = new Thread(() -> tid.set(JavaThreads.currentTid()), "ends-soon");
        ends.start();
        ends.join();
        awaitTaskGone(tid.get());
        ThreadSampler.Sample first = sampler.sample();
        // It came and went between two readings: neither a baseline nor a sample saw it (its TID may be reused).
        assertTrue(first.threads().stream().noneMatch(t -> t.task().name().equals("ends-soon")), "ends-soon unseen");
        assertTrue(first.ended().stream().noneMatch(t -> t.name().equals("ends-soon")), "nor counted as ended");

        CountDownLatch release = new CountDownLatch(1);
        AtomicLong tid2 = new AtomicLong();
        Thread lives = new Thread(() -> {
            tid2.set(JavaThreads.currentTid());
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // ends
            }
        }, "lives-a-while");
        sampler.sample();
        Thread.sleep(300);
        lives.start();
        Thread.sleep(300);
        ThreadSampler.Sample born = sampler.sample();
        ThreadSample b = born.thread((int) tid2.get()).orElseThrow();
        assertTrue(b.started(), "started in the interval");
        assertTrue(b.lifetimeShare() > 0.2 && b.lifetimeShare() < 0.9, "share " + b.lifetimeShare());
        assertEquals(1, born.processes().get(0).started() >= 1 ? 1 : 0);
        release.countDown();
        lives.join();
        awaitTaskGone(tid2.get());
        ThreadSampler.Sample gone = sampler.sample();
        assertTrue(gone.thread((int) tid2.get()).isEmpty());
        assertTrue(gone.ended().stream().anyMatch(t -> t.tid() == tid2.get()), "listed as ended");
        assertTrue(gone.processes().get(0).ended() >= 1);
    }

    @Test
    void withoutSwitchTypesStatusIsReadOncePerTaskAndSwitchesComeFromSchedstat() throws Exception {
        ThreadSampler sampler = ThreadSampler.builder().contextSwitchTypes(false).build();
        AtomicInteger tid = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread sleeper = new Thread(() -> {
            tid.set(JavaThreads.currentTid());
            ready.countDown();
            while (!stop.get()) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // ~1,000 voluntary switches a second
            }
        }, "often-sleeps");
        sleeper.start();
        try {
            assertTrue(ready.await(30, TimeUnit.SECONDS));
            sampler.sample();
            Thread.sleep(500);
            ThreadSample s = sampler.sample().thread(tid.get()).orElseThrow();
            assertTrue(Double.isNaN(s.voluntarySwitchesPerSecond()) && Double.isNaN(s.involuntarySwitchesPerSecond()));
            assertTrue(s.switchesPerSecond() > 50, "switched in often: " + s.switchesPerSecond());
            // What only status has is kept from the first read: the NSpid chain and the uid.
            TaskInfo kernel = Tasks.task((int) ProcessHandle.current().pid(), tid.get()).orElseThrow();
            assertEquals(kernel.innermostTid(), s.nsTid());
            assertEquals(kernel.uid(), s.task().uid());
            assertEquals(kernel.cpusAllowedList(), s.task().cpusAllowedList());
        } finally {
            stop.set(true);
            sleeper.join(10_000);
        }
    }

    /** A virtual thread that spins stays on its carrier: the carrier's row names it, and for how long. */
    @Test
    void aCarrierRowNamesTheVirtualThreadItCarries() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 21,
                "virtual threads need Java 21 (this is " + Runtime.version().feature() + ")");
        AtomicBoolean stop = new AtomicBoolean();
        Runnable spin = () -> {
            long x = 0;
            while (!stop.get()) {
                x = x * 31 + 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        };
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Thread v = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                .invoke(builder, spin);
        try {
            ThreadSampler sampler = ThreadSampler.builder().javaThreads(true).build();
            Thread.sleep(300);
            ThreadSampler.Sample first = sampler.sample();
            Thread.sleep(500);
            ThreadSampler.Sample second = sampler.sample();
            ThreadSample carrier = second.threads().stream()
                    .filter(t -> t.java() != null && t.java().carriedVirtualThreadId() == v.getId()).findFirst()
                    .orElseThrow(() -> new AssertionError("no carrier of virtual thread #" + v.getId()));
            assertEquals(ThreadSample.Role.JAVA, carrier.role());
            assertTrue(carrier.java().name().startsWith("ForkJoinPool"), carrier.java().name());
            boolean sameBefore = first.thread(carrier.tid()).map(t -> t.java() != null
                    && t.java().carriedVirtualThreadId() == v.getId()).orElse(false);
            if (sameBefore) {
                assertTrue(carrier.java().carryingSeconds() > 0.3, "carried since the first sample: "
                        + carrier.java().carryingSeconds());
            }
        } finally {
            stop.set(true);
            v.join(10_000);
        }
    }

    @Test
    void periodicSamplesOnItsOwnThreadUntilClosed() throws Exception {
        ThreadSampler sampler = ThreadSampler.self();
        List<ThreadSampler.Sample> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        PeriodicSampler p = sampler.every(java.time.Duration.ofMillis(100), seen::add);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        p.close();
        p.close();
        assertFalse(p.isRunning());
        assertTrue(seen.size() >= 3, "samples " + seen.size());
        assertTrue(seen.get(1).intervalSeconds() > 0.05 && seen.get(1).intervalSeconds() < 5);
    }

    @Test
    void refusesWhatIsNotThere() {
        assertThrows(IllegalArgumentException.class, () -> ThreadSampler.builder().processes());
        assertThrows(IllegalArgumentException.class, () -> ThreadSampler.of(0));
        assertThrows(IllegalArgumentException.class, () -> ThreadSampler.of(-1));
        assertThrows(IllegalArgumentException.class, () -> ThreadSampler.builder().stacks(-1, 3));
        assertThrows(NoSuchTaskException.class, () -> ThreadSampler.of(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class,
                () -> ThreadSampler.self().every(java.time.Duration.ZERO, s -> { }));
    }
}
