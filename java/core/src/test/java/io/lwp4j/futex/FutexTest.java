package io.lwp4j.futex;

import static io.lwp4j.futex.FutexTesting.FUTEX_NR;
import static io.lwp4j.futex.FutexTesting.awaitAsleep;
import static io.lwp4j.futex.FutexTesting.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.futex.FutexTesting.Waiter;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.memory.SharedMemory;
import java.io.RandomAccessFile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Futex operations against the kernel: who sleeps is read from /proc, who woke from the waiters' outcomes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FutexTest {

    private final NativeMemory mem = NativeMemory.create(4096);
    private final NativeMemory shm = NativeMemory.createShared(4096);

    @AfterEach
    void free() {
        for (int off = 0; off < 64; off += 4) { // a failed test must not leave a waiter for the next test's words
            Futex.privateOn(mem, off).wakeAll();
            Futex.sharedOn(shm, off).wakeAll();
        }
        mem.close();
        shm.close();
    }

    @Test
    void wakeCountsAreExact() throws Exception {
        Futex<Futex.Private> f = Futex.privateOn(mem, 0);
        List<Waiter<WaitOutcome>> ws = start(3, "waiter", () -> f.await(0));
        awaitAsleep(ws, FUTEX_NR);
        assertEquals(2, f.wake(2));
        assertEquals(1, f.wake(5));
        assertEquals(0, f.wake(1));
        for (Waiter<WaitOutcome> w : ws) {
            assertEquals(WaitOutcome.WOKEN, w.join());
        }
        assertEquals(0, f.wakeAll());
    }

    @Test
    void sharedScopeWakesAcrossMappingsOfThePage() throws Exception {
        Futex<Futex.Shared> f = Futex.sharedOn(shm, 64);
        List<Waiter<WaitOutcome>> ws = start(2, "shared", () -> f.await(0));
        awaitAsleep(ws, FUTEX_NR);
        assertEquals(0, Futex.privateOn(shm, 64).wakeAll(), "a private wake never meets a shared waiter");
        assertEquals(2, f.wakeAll());
        assertEquals(WaitOutcome.WOKEN, ws.get(0).join());
    }

    @Test
    void timedWaitsNeverReturnBeforeTheirTimeoutAndSayTimedOut() {
        Futex<Futex.Private> f = Futex.privateOn(mem, 0);
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            assertEquals(WaitOutcome.TIMED_OUT, f.await(0, Duration.ofMillis(20)));
            assertTrue(System.nanoTime() - t0 >= 20_000_000L, "FUTEX_WAIT returned early");
            Instant deadline = Instant.now().plusMillis(20);
            assertEquals(WaitOutcome.TIMED_OUT, f.awaitUntil(0, deadline));
            assertFalse(Instant.now().isBefore(deadline), "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME returned early");
            deadline = Instant.now().plusMillis(20);
            assertEquals(WaitOutcome.TIMED_OUT, f.awaitBitsUntil(0, 0b100, deadline));
            assertFalse(Instant.now().isBefore(deadline));
        }
        assertEquals(WaitOutcome.TIMED_OUT, f.await(0, Duration.ZERO));
        assertEquals(WaitOutcome.TIMED_OUT, f.awaitUntil(0, Instant.now().minusSeconds(1)));
    }

    @Test
    void aValueMismatchReturnsAtOnce() {
        Futex<Futex.Private> f = Futex.privateOn(mem, 8);
        mem.setIntRelease(8, 7);
        long t0 = System.nanoTime();
        assertEquals(WaitOutcome.VALUE_MISMATCH, f.await(0));
        assertEquals(WaitOutcome.VALUE_MISMATCH, f.await(6, Duration.ofSeconds(30)));
        assertEquals(WaitOutcome.VALUE_MISMATCH, f.awaitUntil(0, Instant.now().plusSeconds(30)));
        assertEquals(WaitOutcome.VALUE_MISMATCH, f.awaitBits(-7, 1));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        assertEquals(7, f.value());
    }

    @Test
    void anInterruptedThreadDoesNotWait() {
        Futex<Futex.Private> f = Futex.privateOn(mem, 0);
        Thread.currentThread().interrupt();
        try {
            assertEquals(WaitOutcome.INTERRUPTED, f.await(0));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status stays set");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void requeueMovesWaitersWithoutWakingThem() throws Exception {
        Futex<Futex.Private> a = Futex.privateOn(mem, 0);
        Futex<Futex.Private> b = Futex.privateOn(mem, 4);
        List<Waiter<WaitOutcome>> ws = start(3, "requeue", () -> a.await(0));
        awaitAsleep(ws, FUTEX_NR);
        assertEquals(3, a.requeue(1, 10, b), "one woken + two moved");
        assertEquals(0, a.wakeAll(), "nobody is left on the first word");
        assertEquals(new FutexResult(WaitOutcome.VALUE_MISMATCH, -1), b.cmpRequeue(1, 0, 10, a), "the word is 0, not 1");
        assertEquals(new FutexResult(WaitOutcome.WOKEN, 2), b.cmpRequeue(0, 0, 10, a), "both moved back");
        assertEquals(0, b.wakeAll());
        assertEquals(2, a.wakeAll());
        for (Waiter<WaitOutcome> w : ws) {
            assertEquals(WaitOutcome.WOKEN, w.join());
        }
    }

    @Test
    void bitsetWakesOnlyMatchingWaiters() throws Exception {
        Futex<Futex.Private> f = Futex.privateOn(mem, 0);
        Waiter<WaitOutcome> low = new Waiter<>("bit0", () -> f.awaitBits(0, 0b01));
        Waiter<WaitOutcome> high = new Waiter<>("bit1", () -> f.awaitBits(0, 0b10));
        awaitAsleep(List.of(low, high), FUTEX_NR);
        assertEquals(1, f.wakeBits(10, 0b10));
        assertEquals(WaitOutcome.WOKEN, high.join());
        assertTrue(low.thread.isAlive());
        assertEquals(0, f.wakeBits(10, 0b100));
        assertEquals(1, f.wake(10), "a plain wake matches every bitset");
        assertEquals(WaitOutcome.WOKEN, low.join());
    }

    @Test
    void misalignedOutOfRangeAndClosedWordsArePreciseErrors() {
        IllegalArgumentException mis = assertThrows(IllegalArgumentException.class, () -> Futex.privateOn(mem, 2));
        assertTrue(mis.getMessage().contains("offset 2 is not 4-byte aligned"), mis.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Futex.privateOn(mem, 4096));
        IllegalArgumentException priv = assertThrows(IllegalArgumentException.class, () -> Futex.sharedOn(mem, 0));
        assertTrue(priv.getMessage().contains("MAP_SHARED"), priv.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Futex.privateOn(mem, 0).wake(-1));
        assertThrows(IllegalArgumentException.class, () -> Futex.privateOn(mem, 0).awaitBits(0, 0));
        // A negative timeout is "now" (Deadline's one rule), never an error.
        assertEquals(WaitOutcome.TIMED_OUT, Futex.privateOn(mem, 0).await(0, Duration.ofMillis(-1)));

        NativeMemory closing = NativeMemory.create(4096);
        Futex<Futex.Private> f = Futex.privateOn(closing, 0);
        closing.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> f.wake(1));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertThrows(IllegalStateException.class, () -> f.await(0));
    }

    @Test
    void kernelRefusalsNameTheOpTheWordAndTheErrno() throws Exception {
        String name = "lwp4j-test-efault-" + ProcessHandle.current().pid();
        try (SharedMemory file = SharedMemory.create(name, 8192)) {
            Futex<Futex.Shared> f = Futex.sharedOn(file, 4096);
            // Shrink the file under the mapping: the word's page is then past the end of the file, and the kernel
            // cannot find the page a shared futex is keyed by.
            try (RandomAccessFile raf = new RandomAccessFile(file.path().toFile(), "rw")) {
                raf.setLength(0);
            }
            ErrnoException e = assertThrows(ErrnoException.class, () -> f.wake(1));
            assertEquals(Errno.EFAULT, e.errno());
            String addr = Long.toHexString(file.address() + 4096);
            assertTrue(e.getMessage().startsWith("futex(FUTEX_WAKE, uaddr=0x" + addr + ", n=1) failed: EFAULT (14)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("not mapped"), e.getMessage());
        } finally {
            SharedMemory.unlink(name);
        }
    }
}
