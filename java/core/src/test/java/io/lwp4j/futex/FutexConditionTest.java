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
            Thread producer = new Thread(() -> BoundedBuffer.produce(b, n), "producer");
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

    @Test
    void timedAwaitTimesOutHoldingTheMutexAgain() {
        try (NativeMemory mem = NativeMemory.create(64)) {
            FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
            FutexCondition c = FutexCondition.on(Futex.privateOn(mem, 8), m);
            m.lock();
            long t0 = System.nanoTime();
            assertFalse(c.await(Duration.ofMillis(50)));
            assertTrue(System.nanoTime() - t0 >= 50_000_000L);
            assertTrue(m.isLocked());
            assertFalse(m.tryLock(), "the waiter holds the mutex again");
            assertEquals(0, c.waiters());
            m.unlock();
            assertThrows(IllegalMonitorStateException.class, () -> c.await(Duration.ofMillis(1)));
            assertEquals(0, c.waiters());
        }
    }

    @Test
    void pendingInterruptNeitherSpinsNorIsLost() {
        try (NativeMemory mem = NativeMemory.create(64)) {
            FutexMutex m = FutexMutex.on(Futex.privateOn(mem, 0));
            FutexCondition c = FutexCondition.on(Futex.privateOn(mem, 8), m);
            m.lock();
            Thread.currentThread().interrupt();
            long t0 = System.nanoTime();
            assertFalse(c.await(Duration.ofMillis(30)), "the wait slept its whole timeout");
            assertTrue(System.nanoTime() - t0 >= 30_000_000L);
            assertTrue(Thread.interrupted(), "the interrupt is still pending");
            m.unlock();
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
                            c.await(Duration.ofSeconds(30));
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
