package io.lwp4j.futex;

import static io.lwp4j.futex.FutexTesting.FUTEX_NR;
import static io.lwp4j.futex.FutexTesting.awaitAsleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lwp4j.JavaThreads;
import io.lwp4j.memory.NativeMemory;
import java.lang.reflect.Method;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a futex wait does to the thread machinery around it: a virtual thread's carrier sleeps in futex(2) (pinned),
 * a fork/join worker's pool compensates, and an interrupt ends a primitive's wait within a slice.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FutexThreadsTest {

    @Test
    void aVirtualThreadsWaitBlocksItsCarrierInTheKernel() throws Exception {
        Method ofVirtual;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "virtual threads need Java 21+; this is " + Runtime.version());
            return;
        }
        try (NativeMemory mem = NativeMemory.create(4096)) {
            Futex<Futex.Private> f = Futex.privateOn(mem, 0);
            AtomicInteger carrier = new AtomicInteger();
            AtomicReference<WaitOutcome> out = new AtomicReference<>();
            Object builder = ofVirtual.invoke(null);
            Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
            Thread v = (Thread) start.invoke(builder, (Runnable) () -> {
                carrier.set(JavaThreads.currentTid()); // a virtual thread's TID is its carrier's
                out.set(f.await(0));
            });
            while (carrier.get() == 0) {
                Thread.sleep(1);
            }
            // The carrier's kernel task itself sleeps in futex(2): it cannot run other virtual threads meanwhile.
            awaitAsleep(carrier.get(), FUTEX_NR);
            assertEquals(1, f.wake(1));
            v.join(20_000);
            assertEquals(WaitOutcome.WOKEN, out.get());
        }
    }

    @Test
    void aForkJoinWorkersWaitLetsThePoolCompensate() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1);
        try (NativeMemory mem = NativeMemory.create(4096)) {
            FutexGate gate = FutexGate.on(Futex.privateOn(mem, 0));
            AtomicInteger worker = new AtomicInteger();
            ForkJoinTask<?> waiter = pool.submit(() -> {
                worker.set(JavaThreads.currentTid());
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (worker.get() == 0) {
                Thread.sleep(1);
            }
            awaitAsleep(worker.get(), FUTEX_NR);
            // With parallelism 1 this second task runs only if the pool added a spare worker for the sleeping one.
            ForkJoinTask<?> opener = pool.submit(gate::open);
            opener.get(20, TimeUnit.SECONDS);
            waiter.get(20, TimeUnit.SECONDS);
            assertTrue(gate.isOpen());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInterruptEndsAPrimitivesWaitWithinASlice() throws Exception {
        try (NativeMemory mem = NativeMemory.create(4096)) {
            FutexGate gate = FutexGate.on(Futex.privateOn(mem, 0));
            FutexTesting.Waiter<String> w = new FutexTesting.Waiter<>("interruptible", () -> {
                try {
                    gate.await();
                    return "passed";
                } catch (InterruptedException e) {
                    return "interrupted, status " + Thread.currentThread().isInterrupted();
                }
            });
            awaitAsleep(w, FUTEX_NR);
            long t0 = System.nanoTime();
            w.thread.interrupt();
            assertEquals("interrupted, status false", w.join());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < Futex.INTERRUPT_CHECK_DEFAULT + 2_000, "took " + ms + " ms");
        }
    }
}
