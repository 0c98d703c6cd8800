package io.lwp4j.pthread;

import io.lwp4j.testing.ChildJvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.ErrnoException;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.memory.SharedMemory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Process-shared, robust pthread objects: across two JVMs, with a holder killed by SIGKILL. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PthreadSyncTest {
    static final int MUTEX = 0;
    static final int COND = 128;
    static final int BARRIER = 256;
    static final int RWLOCK = 384;
    static final int FLAG = 1024;

    private static String uniqueName(String what) {
        return "lwp4j-test-" + what + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    /**
     * Runs {@code body} on a daemon thread and waits at most {@code limit}: a glibc wait cannot be interrupted, so a
     * broken peer must fail the test, not hang the suite.
     */
    private static <T> T within(Duration limit, Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(body);
        Thread t = new Thread(task, "lwp4j-bounded");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void sizesComeFromTheHeadersAndFitTheLayout() {
        for (PthreadType t : PthreadType.values()) {
            assertTrue(t.bytes() >= 8 && t.stride() % PthreadType.ALIGNMENT == 0, t + ": " + t.bytes());
        }
        assertTrue(PthreadType.MUTEX.stride() <= COND - MUTEX && PthreadType.COND.stride() <= BARRIER - COND
                && PthreadType.BARRIER.stride() <= RWLOCK - BARRIER && PthreadType.RWLOCK.stride() <= FLAG - RWLOCK);
        try (NativeMemory m = NativeMemory.create(4096)) {
            assertThrows(IllegalArgumentException.class, () -> PthreadMutex.create(m, 8, true));
            assertThrows(IndexOutOfBoundsException.class, () -> PthreadMutex.create(m, 4096 - 16, true));
        }
    }

    @Test
    void killedHolderProcessIsReportedToTheNextLockerWithinOneSecond() throws Exception {
        String name = uniqueName("robust");
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            PthreadMutex m = PthreadMutex.create(shm, MUTEX, true);
            Process holder = ChildJvm.start(List.of(), SyncPeer.class, name, "hold");
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("locked ACQUIRED", within(Duration.ofSeconds(60), out::readLine));
                assertEquals(LockOutcome.BUSY, m.tryLock(), "held by the other process");
                assertEquals(LockOutcome.TIMED_OUT, m.tryLock(Duration.ofMillis(50)));
            } finally {
                holder.destroyForcibly(); // SIGKILL: no Java code, no unlock, only the kernel's robust-list walk
                assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            }
            long t0 = System.nanoTime();
            LockOutcome o = m.tryLock(Duration.ofSeconds(1));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(LockOutcome.OWNER_DIED, o);
            assertTrue(ms < 1000, "told within 1 s: " + ms + " ms");
            m.makeConsistent();
            m.unlock();
            assertEquals(LockOutcome.ACQUIRED, m.tryLock(Duration.ofSeconds(1)), "consistent again");
            m.unlock();
            m.close();
        } finally {
            SharedMemory.unlink(name);
        }
    }

    @Test
    void unlockingWithoutMakingConsistentLeavesItUnrecoverable() throws Exception {
        try (NativeMemory mem = NativeMemory.create(4096)) {
            PthreadMutex m = PthreadMutex.create(mem, MUTEX, true);
            NativeThread t = NativeThread.builder().name("dies-holding").start(m::lock);
            assertTrue(t.join(Duration.ofSeconds(10))); // ended holding it: glibc's robust list marks it
            assertEquals(LockOutcome.OWNER_DIED, m.tryLock(Duration.ofSeconds(1)));
            m.unlock(); // without makeConsistent()
            ErrnoException e = assertThrows(ErrnoException.class, () -> m.tryLock(Duration.ofSeconds(1)));
            assertTrue(e.getMessage().startsWith("pthread_mutex_clocklock(mutex at offset 0, timeout=PT1S) failed: "
                    + "ENOTRECOVERABLE (131)"), e.getMessage());
            assertTrue(e.getMessage().contains("makeConsistent()"), e.getMessage());
        }
    }

    @Test
    void conditionVariableAndBarrierAcrossTwoProcesses() throws Exception {
        String name = uniqueName("cond");
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            PthreadMutex m = PthreadMutex.create(shm, MUTEX, true);
            PthreadCond c = PthreadCond.create(shm, COND);
            PthreadBarrier b = PthreadBarrier.create(shm, BARRIER, 2);
            Process peer = ChildJvm.start(List.of(), SyncPeer.class, name, "signal");
            try {
                within(Duration.ofSeconds(60), b::await); // both processes are here
                assertEquals(LockOutcome.ACQUIRED, m.tryLock(Duration.ofSeconds(10)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (shm.getIntAcquire(FLAG) == 0 && System.nanoTime() < deadline) {
                    LockOutcome o = c.await(m, Duration.ofSeconds(1)); // TIMED_OUT too holds the mutex again
                    assertTrue(o.acquired() || o == LockOutcome.TIMED_OUT, o.toString());
                }
                assertEquals(1, shm.getIntAcquire(FLAG), "the other process set the flag and signalled");
                m.unlock();
                assertTrue(peer.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, peer.exitValue());
                String said = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals("signalled\n", said);
            } finally {
                peer.destroyForcibly();
            }
            c.close();
            b.close();
            m.close();
        } finally {
            SharedMemory.unlink(name);
        }
    }

    @Test
    void timedConditionWaitRetakesTheMutex() throws InterruptedException {
        try (NativeMemory mem = NativeMemory.create(4096)) {
            PthreadMutex m = PthreadMutex.create(mem, MUTEX, true); // robust: checks the owner on unlock
            PthreadCond c = PthreadCond.create(mem, COND);
            m.lock();
            long t0 = System.nanoTime();
            assertEquals(LockOutcome.TIMED_OUT, c.await(m, Duration.ofMillis(100)));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(90));
            m.unlock(); // held again after the timeout, or this would be EPERM
            assertThrows(io.lwp4j.PermissionException.class, m::unlock);
        }
    }

    @Test
    void readersShareAndAWriterIsAlone() throws Exception {
        try (NativeMemory mem = NativeMemory.create(4096)) {
            PthreadRwLock l = PthreadRwLock.create(mem, RWLOCK);
            l.readLock();
            boolean[] otherReader = new boolean[1];
            boolean[] writer = new boolean[1];
            NativeThread t = NativeThread.builder().name("rw-other").start(() -> {
                try {
                    otherReader[0] = l.tryReadLock(Duration.ofSeconds(1));
                    l.unlock();
                    writer[0] = l.tryWriteLock(Duration.ofMillis(100));
                } catch (InterruptedException e) {
                    throw new AssertionError("not interrupted", e);
                }
            });
            assertTrue(t.join(Duration.ofSeconds(10)));
            assertTrue(otherReader[0], "a second reader got in beside the first");
            assertFalse(writer[0], "the writer timed out while a reader held it");
            l.unlock();
            assertTrue(l.tryWriteLock(Duration.ZERO));
            assertFalse(l.tryReadLock(Duration.ZERO));
            l.unlock();
            l.close();
        }
    }

    /**
     * ARCHITECTURE.md §12: the timed lock and the condition wait are interruptible like java.util.concurrent's
     * (within a slice, status cleared; the condition wait holds the mutex again), lock() is not.
     */
    @Test
    void interruptsEndTheTimedLockAndTheConditionWaitButNotLock() throws Exception {
        try (NativeMemory mem = NativeMemory.create(4096)) {
            PthreadMutex m = PthreadMutex.create(mem, MUTEX, true);
            PthreadCond c = PthreadCond.create(mem, COND);
            PthreadRwLock l = PthreadRwLock.create(mem, RWLOCK);
            assertEquals(LockOutcome.ACQUIRED, m.lock());
            l.writeLock();
            java.util.concurrent.CompletableFuture<String> lockEnd = new java.util.concurrent.CompletableFuture<>();
            Thread locker = new Thread(() -> {
                try {
                    lockEnd.complete("returned " + m.tryLock(Duration.ofSeconds(60)));
                } catch (InterruptedException e) {
                    try {
                        l.tryReadLock(Duration.ofSeconds(60));
                        lockEnd.complete("rwlock returned");
                    } catch (InterruptedException e2) {
                        lockEnd.complete("interrupted twice, status " + Thread.currentThread().isInterrupted());
                    }
                }
            }, "pthread-locker");
            locker.setDaemon(true);
            locker.start();
            Thread.sleep(100); // asleep in a slice of the mutex lock
            long t0 = System.nanoTime();
            locker.interrupt();
            Thread.sleep(100); // asleep in a slice of the rwlock
            locker.interrupt();
            assertEquals("interrupted twice, status false", lockEnd.get(30, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "within slices, not the timeout");
            l.unlock();

            java.util.concurrent.CompletableFuture<String> waitEnd = new java.util.concurrent.CompletableFuture<>();
            m.unlock();
            Thread waiter = new Thread(() -> {
                m.lock();
                try {
                    c.await(m, Duration.ofSeconds(60));
                    waitEnd.complete("returned");
                } catch (InterruptedException e) {
                    waitEnd.complete("interrupted");
                } finally {
                    m.unlock(); // EPERM unless the wait retook the mutex before it threw
                }
            }, "pthread-cond-waiter");
            waiter.setDaemon(true);
            waiter.start();
            Thread.sleep(100);
            waiter.interrupt();
            assertEquals("interrupted", waitEnd.get(30, TimeUnit.SECONDS));
            waiter.join(30_000);
            assertFalse(waiter.isAlive());

            // lock() ignores an interrupt: it still waits for the holder, and the interrupt stays pending.
            m.lock();
            java.util.concurrent.CompletableFuture<String> plain = new java.util.concurrent.CompletableFuture<>();
            Thread plainLocker = new Thread(() -> {
                LockOutcome o = m.lock();
                plain.complete(o + ", interrupted " + Thread.interrupted());
                m.unlock();
            }, "pthread-plain-locker");
            plainLocker.setDaemon(true);
            plainLocker.start();
            Thread.sleep(100);
            plainLocker.interrupt();
            Thread.sleep(150); // three slices
            assertFalse(plain.isDone(), "lock() ended on an interrupt");
            m.unlock();
            assertEquals("ACQUIRED, interrupted true", plain.get(30, TimeUnit.SECONDS));
            plainLocker.join(30_000);
        }
    }
}
