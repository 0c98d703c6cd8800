package io.lwp4j.futex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.memory.NativeMemory;
import io.lwp4j.memory.SharedMemory;
import io.lwp4j.testing.ChildJvm;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link FutexCondition}: the bounded buffer across threads and across two JVMs, signal, broadcast by requeue. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FutexConditionTest {

    @Test
    void boundedBufferAcrossThreads() throws Exception {
        try (NativeMemory mem = NativeMemory.create(BoundedBuffer.BYTES)) {
            BoundedBuffer b = new BoundedBuffer(mem);
            int n = 200_000;
            Thread producer = new Thread(() -> {
                try {
                    BoundedBuffer.produce(b, n);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "producer");
            AtomicInteger failures = new AtomicInteger();
            producer.setUncaughtExceptionHandler((t, e) -> failures.incrementAndGet());
            producer.start();
            assertEquals((long) n * (n + 1) / 2, BoundedBuffer.consume(b, n));
            producer.join();
            assertEquals(0, failures.get());
            assertEquals(0, b.notEmpty().waiters());
            assertEquals(0, b.notFull().waiters());
        }
    }

    /** The producer is this JVM, the consumer another (and then the other way round): 1..n arrive in order. */
    @Test
    void boundedBufferAcrossTwoJvms() throws Exception {
        for (String childRole : new String[] {"consume", "produce"}) {
            String name = "lwp4j-test-cond-" + ProcessHandle.current().pid() + "-" + childRole;
            int n = 50_000;
            try (SharedMemory shm = SharedMemory.create(name, BoundedBuffer.BYTES)) {
                BoundedBuffer b = new BoundedBuffer(shm);
                File out = File.createTempFile("lwp4j-cond", ".out");
                out.deleteOnExit();
                Process child = new ProcessBuilder(ChildJvm.command(List.of(), FutexConditionChild.class, name,
                        childRole, Integer.toString(n))).redirectOutput(out).redirectError(ProcessBuilder.Redirect
                        .INHERIT).start();
                try {
                    if (childRole.equals("consume")) {
                        BoundedBuffer.produce(b, n);
                    } else {
                        assertEquals((long) n * (n + 1) / 2, BoundedBuffer.consume(b, n));
                    }
                    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
                    assertEquals(0, child.exitValue(), "the child " + childRole + "r failed");
                    if (childRole.equals("consume")) {
                        assertEquals(Long.toString((long) n * (n + 1) / 2),
                                java.nio.file.Files.readString(out.toPath()).trim());
                    }
                    assertEquals(0, shm.getInt(BoundedBuffer.COUNT));
                    assertFalse(b.mutex().isLocked());
                } finally {
                    child.destroyForcibly().waitFor();
                    out.delete();
                }
            } finally {
                SharedMemory.unlink(name);
            }
        }
    }

    @Test
    void signalWithoutWaitersMakesNoSyscall() {
        try (NativeMemory mem = NativeMemory.create(64)) {
            FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
            FutexCondition c = FutexCondition.on(Futex.privateOn(mem, 8), m);
            long before = Futex.syscallCount();
            m.lock();
            assertFalse(c.signal());
            assertEquals(0, c.signalAll());
            m.unlock();
            assertEquals(before, Futex.syscallCount());
            assertEquals(2, mem.getInt(8), "each signal advanced the sequence");
        }
    }

    /** A timed await on a condition nobody signals: it times out (false), and not before its timeout. */
    private static void assertSleepsItsTimeout(FutexCondition c, long millis) throws InterruptedException {
        long t0 = System.nanoTime();
        assertFalse(c.await(Duration.ofMillis(millis)), "the wait slept its whole timeout");
        assertTrue(System.nanoTime() - t0 >= millis * 1_000_000L, "the wait returned before its timeout");
    }

    @Test
    void timedAwaitTimesOutHoldingTheMutexAgain() throws InterruptedException {
        try (NativeMemory mem = NativeMemory.create(64)) {
            FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
            FutexCondition c = FutexCondition.on(Futex.privateOn(mem, 8), m);
            m.lock();
            assertSleepsItsTimeout(c, 50);
            assertTrue(m.isLocked());
            assertFalse(m.tryLock(), "the waiter holds the mutex again");
            assertEquals(0, c.waiters());
            m.unlock();
            assertThrows(IllegalMonitorStateException.class, () -> c.await(Duration.ofMillis(1)));
            assertEquals(0, c.waiters());
        }
    }

    /** ARCHITECTURE.md §12: await is interruptible like Condition.await — it throws holding the mutex again. */
    @Test
    void aPendingInterruptEndsAwaitAtOnceHoldingTheMutex() {
        try (NativeMemory mem = NativeMemory.create(64)) {
            FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
            FutexCondition c = FutexCondition.on(Futex.privateOn(mem, 8), m);
            m.lock();
            Thread.currentThread().interrupt();
            long t0 = System.nanoTime();
            assertThrows(InterruptedException.class, () -> c.await(Duration.ofSeconds(30)));
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "it did not sleep");
            assertFalse(Thread.interrupted(), "the status is cleared, as java.util.concurrent does");
            assertFalse(m.tryLock(), "the mutex is held again");
            assertEquals(0, c.waiters());
            m.unlock();
        }
    }

    @Test
    void anInterruptEndsASleepingAwaitWithinASliceHoldingTheMutex() throws Exception {
        try (NativeMemory mem = NativeMemory.create(64)) {
            FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
            FutexCondition c = FutexCondition.on(Futex.privateOn(mem, 8), m);
            java.util.concurrent.CompletableFuture<String> ended = new java.util.concurrent.CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                m.lock();
                try {
                    c.await(Duration.ofSeconds(60));
                    ended.complete("returned");
                } catch (InterruptedException e) {
                    ended.complete("interrupted, mutex held by me: " + !m.tryLock());
                } finally {
                    m.unlock();
                }
            }, "cond-waiter");
            waiter.setDaemon(true);
            waiter.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.waiters() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, c.waiters());
            long t0 = System.nanoTime();
            waiter.interrupt();
            assertEquals("interrupted, mutex held by me: true", ended.get(30, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "ended within slices, not the 60 s timeout");
            waiter.join(30_000);
            assertEquals(0, c.waiters());
        }
    }

    /** awaitUninterruptibly neither spins on a pending interrupt nor loses it. */
    @Test
    void awaitUninterruptiblyKeepsAPendingInterruptAndSleeps() throws Exception {
        try (NativeMemory mem = NativeMemory.create(64)) {
            FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
            FutexCondition c = FutexCondition.on(Futex.privateOn(mem, 8), m);
            java.util.concurrent.CompletableFuture<Boolean> stillInterrupted =
                    new java.util.concurrent.CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                m.lock();
                try {
                    Thread.currentThread().interrupt();
                    while (mem.getInt(16) == 0) {
                        c.awaitUninterruptibly();
                    }
                    stillInterrupted.complete(Thread.interrupted());
                } finally {
                    m.unlock();
                }
            }, "cond-uninterruptible");
            waiter.setDaemon(true);
            waiter.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.waiters() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(30);
            assertEquals(1, c.waiters(), "still asleep 30 ms later: the pending interrupt did not end the wait");
            assertFalse(stillInterrupted.isDone());
            m.lock();
            mem.setInt(16, 1);
            c.signal();
            m.unlock();
            assertTrue(stillInterrupted.get(30, TimeUnit.SECONDS), "the interrupt is still pending");
            waiter.join(30_000);
        }
    }

    /** A broadcast wakes one waiter and requeues the rest onto the mutex: every one of them gets through. */
    @Test
    void broadcastRequeuesTheOthersOntoTheMutex() throws Exception {
        try (NativeMemory mem = NativeMemory.create(64)) {
            FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
            FutexCondition c = FutexCondition.on(Futex.privateOn(mem, 8), m);
            int waiters = 6;
            CountDownLatch done = new CountDownLatch(waiters);
            for (int i = 0; i < waiters; i++) {
                Thread t = new Thread(() -> {
                    m.lock();
                    try {
                        while (mem.getInt(16) == 0) {
                            c.awaitUninterruptibly();
                        }
                    } finally {
                        m.unlock();
                    }
                    done.countDown();
                }, "waiter-" + i);
                t.setDaemon(true);
                t.start();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.waiters() < waiters && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(waiters, c.waiters());
            Thread.sleep(50); // let the last one reach FUTEX_WAIT
            m.lock();
            mem.setInt(16, 1);
            int moved = c.signalAll();
            m.unlock();
            assertEquals(waiters, moved, "one woken plus the others requeued");
            assertTrue(done.await(30, TimeUnit.SECONDS), "a requeued waiter was stranded on the mutex");
            assertFalse(m.isLocked());
        }
    }

    @Test
    void scopesMustMatch() {
        try (NativeMemory shared = NativeMemory.createShared(64)) {
            FutexMutex m = FutexMutex.on(Futex.privateOn(shared, 0));
            assertThrows(IllegalArgumentException.class, () -> FutexCondition.on(Futex.sharedOn(shared, 8), m));
            assertThrows(IllegalArgumentException.class, () -> FutexCondition.on(Futex.privateOn(shared, 0), m));
        }
    }
}
