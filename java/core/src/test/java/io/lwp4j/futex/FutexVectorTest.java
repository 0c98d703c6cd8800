package io.lwp4j.futex;

import static io.lwp4j.futex.FutexTesting.FUTEX_WAITV_NR;
import static io.lwp4j.futex.FutexTesting.awaitAsleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lwp4j.futex.FutexTesting.Waiter;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** futex_waitv against the kernel (5.16+; this suite's CI kernel has it, so a missing call is reported loudly). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FutexVectorTest {

    private final NativeMemory mem = NativeMemory.create(4096);
    private final NativeMemory shm = NativeMemory.createShared(4096);
    private FutexVector vector;

    @BeforeEach
    void supported() {
        assumeTrue(FutexVector.isSupported(), "futex_waitv needs Linux 5.16+; this is " + System.getProperty(
                "os.version"));
        vector = FutexVector.create(List.of(Futex.privateOn(mem, 0), Futex.sharedOn(shm, 0), Futex.privateOn(mem, 4)));
    }

    @AfterEach
    void free() {
        if (vector != null) {
            vector.close();
        }
        mem.close();
        shm.close();
    }

    @Test
    void aWakeOfAnyWordEndsTheWaitAndSaysWhich() throws Exception {
        Waiter<FutexResult> w = new Waiter<>("waitv", () -> vector.await(0, 0, 0));
        awaitAsleep(w, FUTEX_WAITV_NR);
        assertEquals(1, Futex.sharedOn(shm, 0).wake(1), "the shared word, woken with a shared wake");
        assertEquals(new FutexResult(WaitOutcome.WOKEN, 1), w.join());

        Waiter<FutexResult> w2 = new Waiter<>("waitv2", () -> vector.await(Duration.ofSeconds(30), 0, 0, 0));
        awaitAsleep(w2, FUTEX_WAITV_NR);
        assertEquals(1, Futex.privateOn(mem, 4).wake(1));
        assertEquals(new FutexResult(WaitOutcome.WOKEN, 2), w2.join());
    }

    @Test
    void anyDifferentValueIsAMismatchAndATimeoutIsNeverEarly() {
        mem.setIntRelease(4, 9);
        assertEquals(new FutexResult(WaitOutcome.VALUE_MISMATCH, -1), vector.await(0, 0, 0));
        long t0 = System.nanoTime();
        assertEquals(new FutexResult(WaitOutcome.TIMED_OUT, -1), vector.await(Duration.ofMillis(30), 0, 0, 9));
        assertTrue(System.nanoTime() - t0 >= 30_000_000L);
    }

    @Test
    void badVectorsFailBeforeTheSyscall() {
        assertThrows(IllegalArgumentException.class, () -> vector.await(0, 0));
        assertThrows(IllegalArgumentException.class, () -> FutexVector.create(List.of()));
    }
}
