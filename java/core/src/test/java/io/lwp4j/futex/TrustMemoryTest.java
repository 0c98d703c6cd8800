package io.lwp4j.futex;

import static io.lwp4j.futex.FutexTesting.FUTEX_NR;
import static io.lwp4j.futex.FutexTesting.FUTEX_WAITV_NR;
import static io.lwp4j.futex.FutexTesting.awaitAsleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lwp4j.memory.NativeMemory;
import io.lwp4j.pthread.LockOutcome;
import io.lwp4j.pthread.NativeThread;
import io.lwp4j.pthread.PthreadCond;
import io.lwp4j.pthread.PthreadMutex;
import io.lwp4j.pthread.PthreadRwLock;
import io.lwp4j.pthread.PthreadType;
import io.lwp4j.testing.ChildJvm;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ARCHITECTURE.md §4b: the lifetime of native memory and the one rule for timeouts. Each test failed (or
 * crashed the JVM: those run in a {@link TrustMemoryChild}) before the lifetime rule and the wait engine.
 */
@Timeout(120)
class TrustMemoryTest {

    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();
    /** How soon a wait must end once its memory is closed: the close wakes it; one slice is the backstop. */
    private static final long END_BOUND_MS = 5_000;

    /** What a waiter thread ended with: its outcome's name or its exception's class and message. */
    private static Waiter waiter(String name, java.util.concurrent.Callable<Object> body) {
        return new Waiter(name, body);
    }

    private static final class Waiter {
        final FutexTesting.Waiter<String> inner;
        final Thread thread;

        Waiter(String name, java.util.concurrent.Callable<Object> body) {
            inner = new FutexTesting.Waiter<>(name, () -> {
                try {
                    return String.valueOf(body.call());
                } catch (InterruptedException e) {
                    return "interrupted";
                } catch (Exception e) {
                    return e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            });
            thread = inner.thread;
        }

        /** The result once the thread ended, failing if it takes longer than {@code ms}. */
        String endsWithin(long ms) throws InterruptedException {
            thread.join(ms);
            assertFalse(thread.isAlive(), thread.getName() + " still waits " + ms + " ms after its memory's close");
            return inner.result.get();
        }
    }

    // ---- item 1 ------------------------------------------------------------------------------------------------

    @Test
    void item1_unbalancedReleaseIsImpossible() throws Exception {
        for (Method m : NativeMemory.class.getMethods()) {
            assertFalse(Arrays.asList("retain", "release").contains(m.getName()) && Modifier.isPublic(m.getModifiers()),
                    "NativeMemory." + m.getName() + " is public: a caller can unbalance the mapping's count");
        }
        // close() is the only way to end the owner's hold: twice, from two threads at once, unmaps exactly once.
        for (int round = 0; round < 50; round++) {
            NativeMemory mem = NativeMemory.create(4096);
            long address = mem.address();
            CyclicBarrier start = new CyclicBarrier(2);
            List<Throwable> failures = new ArrayList<>();
            Thread other = new Thread(() -> {
                try {
                    start.await();
                    mem.close();
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            });
            other.start();
            start.await();
            mem.close();
            other.join(10_000);
            assertTrue(failures.isEmpty(), failures.toString());
            assertTrue(mem.isClosed());
            // The next mapping may take the address; the closed object must never reach it.
            try (NativeMemory next = NativeMemory.create(4096)) {
                next.setLong(0, 42);
                assertThrows(IllegalStateException.class, () -> mem.setLong(0, 7));
                assertThrows(IllegalStateException.class, () -> mem.getLong(0));
                assertThrows(IllegalStateException.class, mem::address);
                assertEquals(42, next.getLong(0), "closed memory at 0x" + Long.toHexString(address)
                        + " wrote into the new mapping at 0x" + Long.toHexString(next.address()));
            }
        }
    }

    // ---- item 2 ------------------------------------------------------------------------------------------------

    @Test
    void item2_pthreadObjectsCheckTheirMemoryOnEveryCall() throws Exception {
        List<String> out = ChildJvm.run(List.of(), TrustMemoryChild.class, "pthreadUseAfterClose");
        assertEquals("survived", out.get(out.size() - 1), out.toString());
        assertTrue(out.contains("reused memory untouched: true"), out.toString());
        long calls = out.stream().filter(l -> l.startsWith("Pthread")).count();
        assertEquals(23, calls, out.toString());
        for (String line : out) {
            if (line.startsWith("Pthread")) {
                assertTrue(line.endsWith(": IllegalStateException"), line);
            }
        }
    }

    @Test
    void item2_closingTheMemoryOfAHeldRobustMutexIsRefused() throws Exception {
        List<String> out = ChildJvm.run(List.of(), TrustMemoryChild.class, "heldRobustMutex");
        assertEquals(List.of("lock a: ACQUIRED"), out.subList(0, 1), out.toString());
        assertTrue(out.get(1).startsWith("close a: refused: ") && out.get(1).contains("PthreadMutex[mutex at offset 0]")
                && out.get(1).contains("held by thread \"main\""), out.toString());
        assertEquals(List.of("lock b: ACQUIRED", "filler untouched: true", "unlock a: unlocked", "close a again: closed",
                "survived"),
                out.subList(2, out.size()));
    }

    @Test
    void item2_aMutexHeldByAnotherThreadIsNamedAndAReleasedOneClosesFine() throws Exception {
        NativeMemory mem = NativeMemory.create(4096);
        PthreadMutex m = PthreadMutex.create(mem, 0, true);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            m.lock();
            locked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            m.unlock();
        }, "robust-holder");
        holder.start();
        locked.await();
        IllegalStateException e = assertThrows(IllegalStateException.class, mem::close);
        assertTrue(e.getMessage().contains("held by thread \"robust-holder\""), e.getMessage());
        assertFalse(mem.isClosed(), "a refused close leaves the memory open");
        release.countDown();
        holder.join(10_000);
        mem.close();
        assertTrue(mem.isClosed());
        assertThrows(IllegalStateException.class, m::lock);
    }

    @Test
    void aThreadThatDiedHoldingARobustMutexDoesNotBlockTheClose() throws Exception {
        NativeMemory mem = NativeMemory.create(4096);
        PthreadMutex m = PthreadMutex.create(mem, 0, true);
        NativeThread t = NativeThread.builder().name("dies-holding").start(m::lock);
        assertTrue(t.join(Duration.ofSeconds(10)));
        mem.close(); // the kernel walked the dead thread's robust list: nothing points into the page any more
        assertTrue(mem.isClosed());
    }

    // ---- item 3 ------------------------------------------------------------------------------------------------

    @Test
    void item3_closeEndsAFutexWaitAndANewMappingCannotWakeIt() throws Exception {
        NativeMemory mem = NativeMemory.create(4096);
        Futex<Futex.Private> f = Futex.privateOn(mem, 0);
        Waiter w = waiter("waits-on-closed", () -> f.await(0));
        awaitAsleep(w.inner, FUTEX_NR);
        long t0 = System.nanoTime();
        mem.close();
        String outcome = w.endsWithin(END_BOUND_MS);
        assertTrue(outcome.startsWith("IllegalStateException: ") && outcome.contains("closed while a futex wait"),
                outcome);
        assertTrue((System.nanoTime() - t0) / 1_000_000 < END_BOUND_MS);
        // A new mapping (likely at the same address) wakes nobody: the old waiter left before the unmap.
        try (NativeMemory next = NativeMemory.create(4096)) {
            assertEquals(0, Futex.privateOn(next, 0).wakeAll());
        }
    }

    @Test
    void item3_closeEndsEveryPrimitivesWait() throws Exception {
        NativeMemory mem = NativeMemory.create(4096);
        FutexMutex mutex = FutexMutex.on(Futex.privateOn(mem, 0));
        mutex.lock();
        FutexGate gate = FutexGate.on(Futex.privateOn(mem, 8));
        FutexLatch latch = FutexLatch.on(Futex.privateOn(mem, 16));
        latch.reset(1);
        FutexSemaphore sem = FutexSemaphore.on(Futex.privateOn(mem, 24));
        List<Waiter> ws = List.of(
                waiter("mutex.lock", () -> {
                    mutex.lock();
                    return "locked";
                }),
                waiter("mutex.tryLock", () -> mutex.tryLock(FOREVER)),
                waiter("gate.await", () -> {
                    try {
                        gate.await();
                        return "passed";
                    } catch (InterruptedException e) {
                        return "interrupted";
                    }
                }),
                waiter("latch.await", () -> {
                    try {
                        return latch.await(FOREVER);
                    } catch (InterruptedException e) {
                        return "interrupted";
                    }
                }),
                waiter("sem.acquire", () -> {
                    try {
                        sem.acquire();
                        return "acquired";
                    } catch (InterruptedException e) {
                        return "interrupted";
                    }
                }));
        for (Waiter w : ws) {
            awaitAsleep(w.inner, FUTEX_NR);
        }
        mem.close();
        for (Waiter w : ws) {
            String outcome = w.endsWithin(END_BOUND_MS);
            assertTrue(outcome.startsWith("IllegalStateException: "), w.thread.getName() + ": " + outcome);
        }
        // Use after close: every primitive refuses before touching the memory.
        assertThrows(IllegalStateException.class, mutex::lock);
        assertThrows(IllegalStateException.class, mutex::unlock);
        assertThrows(IllegalStateException.class, gate::open);
        assertThrows(IllegalStateException.class, latch::countDown);
        assertThrows(IllegalStateException.class, sem::release);
        assertThrows(IllegalStateException.class, () -> Futex.privateOn(mem, 0));
    }

    @Test
    void item3_aWaiterRequeuedOntoClosedMemoryEnds() throws Exception {
        NativeMemory source = NativeMemory.create(4096);
        NativeMemory targetMemory = NativeMemory.create(4096);
        Futex<Futex.Private> from = Futex.privateOn(source, 0);
        Futex<Futex.Private> to = Futex.privateOn(targetMemory, 0);
        Waiter w = waiter("requeued", () -> from.await(0));
        awaitAsleep(w.inner, FUTEX_NR);
        source.setIntRelease(0, 1); // as every requeue protocol does: change the word, then move its waiters
        int moved = 0;
        for (int i = 0; i < 100 && moved == 0; i++) { // the waiter may be between two slices: try again
            moved = from.requeue(0, 1, to);
            if (moved == 0) {
                Thread.sleep(1);
            }
        }
        assertEquals(1, moved, "the waiter was moved onto the target");
        targetMemory.close();
        String outcome = w.endsWithin(END_BOUND_MS);
        // Woken by the close (within the slice after the requeue), or back on its own word, which changed.
        assertTrue(outcome.equals("WOKEN") || outcome.equals("VALUE_MISMATCH"), outcome);
        try (NativeMemory next = NativeMemory.create(4096)) {
            assertEquals(0, Futex.privateOn(next, 0).wakeAll(), "nobody waits at the old target's address");
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> from.requeue(0, 1, to));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> from.cmpRequeue(0, 0, 1, to));
        source.close();
    }

    @Test
    void item3_closingAFutexVectorEntryEndsItsWait() throws Exception {
        assumeTrue(FutexVector.isSupported(), "futex_waitv needs Linux 5.16");
        try (NativeMemory kept = NativeMemory.create(4096)) {
            NativeMemory closed = NativeMemory.create(4096);
            try (FutexVector v = FutexVector.create(List.of(Futex.privateOn(kept, 0), Futex.privateOn(closed, 0)))) {
                Waiter w = waiter("waitv", () -> v.await(0, 0));
                awaitAsleep(w.inner, FUTEX_WAITV_NR);
                closed.close();
                String outcome = w.endsWithin(END_BOUND_MS);
                assertTrue(outcome.startsWith("IllegalStateException: ") && outcome.contains("entry 1"), outcome);
                assertThrows(IllegalStateException.class, () -> v.await(Duration.ZERO, 0, 0));
            }
        }
    }

    @Test
    void item3_closingTheMemoryOfAPthreadWaitEndsIt() throws Exception {
        NativeMemory mem = NativeMemory.create(4096);
        long condAt = PthreadType.MUTEX.stride();
        long rwAt = condAt + PthreadType.COND.stride();
        PthreadMutex m = PthreadMutex.create(mem, 0, false);
        PthreadRwLock rw = PthreadRwLock.create(mem, rwAt);
        try (NativeMemory condMemory = NativeMemory.create(4096)) {
            PthreadCond c = PthreadCond.create(condMemory, 0);
            Waiter condWaiter = waiter("cond.await", () -> {
                m.lock();
                try {
                    return c.await(m, FOREVER);
                } finally {
                    m.unlock();
                }
            });
            awaitAsleep(condWaiter.inner, FUTEX_NR);
            condMemory.close();
            String outcome = condWaiter.endsWithin(END_BOUND_MS);
            assertTrue(outcome.startsWith("IllegalStateException: "), outcome);
        }
        rw.writeLock();
        Waiter reader = waiter("rw.readLock", () -> rw.tryReadLock(FOREVER));
        awaitAsleep(reader.inner, FUTEX_NR);
        mem.close(); // a read-write lock is on no robust list: closing while it is held is allowed
        String outcome = reader.endsWithin(END_BOUND_MS);
        assertTrue(outcome.startsWith("IllegalStateException: "), outcome);
        assertThrows(IllegalStateException.class, rw::unlock);
    }

    // ---- item 9 ------------------------------------------------------------------------------------------------

    @Test
    void item9_foreverDurationJoins() throws Exception {
        NativeThread t = NativeThread.builder().name("joined-forever").start(() -> { });
        assertTrue(t.join(FOREVER));
        NativeThread u = NativeThread.builder().name("joined-long").start(() -> { });
        assertTrue(u.join(Duration.ofSeconds(Long.MAX_VALUE)));
        CountDownLatch go = new CountDownLatch(1);
        NativeThread v = NativeThread.builder().name("joined-now").start(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertFalse(v.join(Duration.ZERO), "a zero timeout only looks");
        assertFalse(v.join(Duration.ofSeconds(-5)), "a negative timeout only looks");
        go.countDown();
        assertTrue(v.join(FOREVER));
    }

    @Test
    void item9_everyBlockingCallTakesEveryDuration() throws Exception {
        List<Duration> nothingToWaitFor = List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-100),
                Duration.ofSeconds(Long.MIN_VALUE), FOREVER, Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
        List<Duration> gaveUp = List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(Long.MIN_VALUE));
        try (NativeMemory mem = NativeMemory.create(4096)) {
            Futex<Futex.Private> f = Futex.privateOn(mem, 0);
            FutexMutex mutex = FutexMutex.on(Futex.privateOn(mem, 4));
            FutexGate gate = FutexGate.on(Futex.privateOn(mem, 8));
            FutexLatch latch = FutexLatch.on(Futex.privateOn(mem, 12));
            FutexSemaphore sem = FutexSemaphore.on(Futex.privateOn(mem, 16));
            PthreadMutex pm = PthreadMutex.create(mem, 64, true);
            PthreadRwLock rw = PthreadRwLock.create(mem, 64 + PthreadType.MUTEX.stride());
            long condAt = 64 + PthreadType.MUTEX.stride() + PthreadType.RWLOCK.stride();
            PthreadCond cond = PthreadCond.create(mem, (condAt + 15) / 16 * 16);
            for (Duration d : nothingToWaitFor) { // the call completes: a huge timeout never overflows
                assertEquals(WaitOutcome.VALUE_MISMATCH, f.await(1, d), d.toString());
                assertTrue(mutex.tryLock(d), d.toString());
                mutex.unlock();
                gate.open();
                assertTrue(gate.await(d), d.toString());
                gate.reset();
                assertTrue(latch.await(d), d.toString());
                sem.release();
                assertTrue(sem.tryAcquire(d), d.toString());
                assertEquals(LockOutcome.ACQUIRED, pm.tryLock(d), d.toString());
                pm.unlock();
                assertTrue(rw.tryWriteLock(d), d.toString());
                rw.unlock();
                assertTrue(rw.tryReadLock(d), d.toString());
                rw.unlock();
            }
            for (Duration d : gaveUp) { // nothing comes: the call gives up at once, never an exception
                long t0 = System.nanoTime();
                assertEquals(WaitOutcome.TIMED_OUT, f.await(0, d), d.toString());
                mutex.lock();
                assertFalse(mutex.tryLock(d), d.toString());
                mutex.unlock();
                assertFalse(gate.await(d), d.toString());
                latch.reset(1);
                assertFalse(latch.await(d), d.toString());
                latch.reset(0);
                assertFalse(sem.tryAcquire(d), d.toString());
                pm.lock();
                assertEquals(LockOutcome.TIMED_OUT, cond.await(pm, d), d.toString());
                pm.unlock();
                rw.writeLock();
                NativeThread other = NativeThread.builder().name("rw-other").start(() -> {
                    try {
                        if (rw.tryReadLock(d) || rw.tryWriteLock(d)) {
                            throw new AssertionError("got a lock another thread holds");
                        }
                    } catch (InterruptedException e) {
                        throw new AssertionError("not interrupted", e);
                    }
                });
                assertTrue(other.join(FOREVER));
                rw.unlock();
                assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, d + " slept");
            }
            assertEquals(WaitOutcome.TIMED_OUT, f.awaitUntil(0, Instant.EPOCH.minusSeconds(1)));
            assertEquals(WaitOutcome.TIMED_OUT, f.awaitUntil(0, Instant.MIN));
            assertEquals(WaitOutcome.VALUE_MISMATCH, f.awaitUntil(1, Instant.MAX));
            assertEquals(WaitOutcome.TIMED_OUT, f.awaitBitsUntil(0, 1, Instant.now().minusSeconds(1)));
            if (FutexVector.isSupported()) {
                try (FutexVector v = FutexVector.create(List.of(f))) {
                    for (Duration d : gaveUp) {
                        assertEquals(WaitOutcome.TIMED_OUT, v.await(d, 0).outcome(), d.toString());
                    }
                    assertEquals(WaitOutcome.VALUE_MISMATCH, v.await(FOREVER, 1).outcome());
                }
            }
        }
    }
}
