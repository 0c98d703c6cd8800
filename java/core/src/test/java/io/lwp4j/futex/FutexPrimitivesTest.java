package io.lwp4j.futex;

import static io.lwp4j.futex.FutexTesting.FUTEX_NR;
import static io.lwp4j.futex.FutexTesting.awaitAsleep;
import static io.lwp4j.futex.FutexTesting.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.futex.FutexTesting.Waiter;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The primitives' contracts, under contention, with the futex syscalls they make counted. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FutexPrimitivesTest {

    private final NativeMemory mem = NativeMemory.create(4096);

    @AfterEach
    void free() {
        mem.close();
    }

    @Test
    void mutexExcludesUnderContentionAndTheWordEndsFree() throws Exception {
        FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
        int threads = 4;
        int rounds = 20_000;
        List<Waiter<Boolean>> ws = start(threads, "locker", () -> {
            for (int i = 0; i < rounds; i++) {
                m.lock();
                mem.setLong(8, mem.getLong(8) + 1); // plain: only the lock makes this safe
                m.unlock();
            }
            return true;
        });
        for (Waiter<Boolean> w : ws) {
            assertTrue(w.join());
        }
        assertEquals((long) threads * rounds, mem.getLong(8));
        assertEquals(0, mem.getIntAcquire(0), "unlocked, no waiter mark left");
    }

    @Test
    void uncontendedMutexMakesNoSyscallAndContendedOneSleepsInTheKernel() throws Exception {
        FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
        long before = Futex.syscallCount();
        for (int i = 0; i < 10_000; i++) {
            m.lock();
            m.unlock();
        }
        assertEquals(before, Futex.syscallCount(), "the fast path is one CAS and one decrement");

        m.lock();
        Waiter<Boolean> w = new Waiter<>("contender", () -> {
            m.lock();
            m.unlock();
            return true;
        });
        awaitAsleep(w, FUTEX_NR);
        assertEquals(2, mem.getIntAcquire(0), "locked with a waiter");
        m.unlock();
        assertTrue(w.join());
        assertTrue(Futex.syscallCount() >= before + 2, "one FUTEX_WAIT and one FUTEX_WAKE at least");
    }

    @Test
    void mutexTryLockTimeoutsInterruptsAndMisuse() throws Exception {
        FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
        assertTrue(m.tryLock());
        assertTrue(m.isLocked());
        assertFalse(m.tryLock());
        long t0 = System.nanoTime();
        assertFalse(m.tryLock(Duration.ofMillis(30)));
        assertTrue(System.nanoTime() - t0 >= 30_000_000L);
        Waiter<String> w = new Waiter<>("interruptible", () -> {
            try {
                m.lockInterruptibly();
                return "locked";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
        awaitAsleep(w, FUTEX_NR);
        w.thread.interrupt();
        assertEquals("interrupted", w.join());
        m.unlock();
        assertFalse(m.isLocked());
        assertThrows(IllegalMonitorStateException.class, m::unlock);
        assertEquals(0, mem.getIntAcquire(0), "a bad unlock leaves the word as it was");
        assertEquals(mem.address(), m.rawTaskOperand() & ~1L);
        assertEquals(1, m.rawTaskOperand() & 1, "bit 0: private, as LWP_OP_ADD_LOCKED reads it");
    }

    @Test
    void semaphoreNeverLetsMoreThanItsPermitsIn() throws Exception {
        FutexSemaphore s = FutexSemaphore.on(Futex.privateOn(mem, 16));
        s.reset(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Waiter<Boolean>> ws = start(4, "permit", () -> {
            try {
                for (int i = 0; i < 5_000; i++) {
                    s.acquire();
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                    s.release();
                }
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        });
        for (Waiter<Boolean> w : ws) {
            assertTrue(w.join());
        }
        assertTrue(most.get() <= 2, "at most 2 inside, saw " + most.get());
        assertEquals(2, s.availablePermits());
        assertEquals(0, mem.getIntAcquire(20), "no waiter left registered");
    }

    @Test
    void semaphoreReleaseWakesASleeperAndTimeoutsAreHonoured() throws Exception {
        FutexSemaphore s = FutexSemaphore.on(Futex.privateOn(mem, 16));
        long t0 = System.nanoTime();
        assertFalse(s.tryAcquire(Duration.ofMillis(30)));
        assertTrue(System.nanoTime() - t0 >= 30_000_000L);
        Waiter<Boolean> w = new Waiter<>("acquirer", () -> {
            try {
                s.acquire();
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        });
        awaitAsleep(w, FUTEX_NR);
        long before = Futex.syscallCount();
        s.release();
        assertTrue(w.join());
        assertEquals(0, s.availablePermits());
        assertTrue(Futex.syscallCount() > before, "the release saw the sleeper and woke it");
        before = Futex.syscallCount();
        s.release();
        assertTrue(s.tryAcquire());
        assertEquals(before, Futex.syscallCount(), "no sleeper, no syscall");
    }

    @Test
    void latchReleasesEveryWaiterAtZeroOnly() throws Exception {
        FutexLatch l = FutexLatch.on(Futex.privateOn(mem, 32));
        l.reset(3);
        List<Waiter<Boolean>> ws = start(3, "latched", () -> {
            try {
                l.await();
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        });
        FutexTesting.awaitAsleep(ws, FUTEX_NR);
        l.countDown();
        l.countDown();
        assertFalse(l.await(Duration.ofMillis(20)));
        for (Waiter<Boolean> w : ws) {
            assertTrue(w.thread.isAlive(), "count 1: still waiting");
        }
        l.countDown();
        for (Waiter<Boolean> w : ws) {
            assertTrue(w.join());
        }
        l.countDown();
        assertEquals(0, l.count(), "never below 0");
        assertTrue(l.await(Duration.ZERO));
    }

    @Test
    void gateLetsWaitersThroughOnceOpenAndHoldsLaterOnesOnceClosed() throws Exception {
        FutexGate g = FutexGate.on(Futex.privateOn(mem, 48));
        List<Waiter<Boolean>> ws = start(2, "gated", () -> {
            try {
                g.await();
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        });
        awaitAsleep(ws, FUTEX_NR);
        assertEquals(2, g.open());
        for (Waiter<Boolean> w : ws) {
            assertTrue(w.join());
        }
        g.reset();
        assertFalse(g.await(Duration.ofMillis(20)));
        g.open();
        assertTrue(g.await(Duration.ZERO));
    }
}
