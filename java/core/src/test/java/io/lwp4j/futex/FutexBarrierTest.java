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
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The futex barrier: rounds, the timed form, breaking by timeout and interrupt, reset; waiters sleep in futex(2). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FutexBarrierTest {

    private final NativeMemory mem = NativeMemory.createShared(4096);

    @AfterEach
    void free() {
        mem.close();
    }

    /** Returns "ok", "broken", "interrupted" or "timed out": how one await by a waiter ended. */
    private static String outcome(FutexBarrier b, Duration timeout) {
        try {
            if (timeout == null) {
                b.await();
                return "ok";
            }
            return b.await(timeout) ? "ok" : "timed out";
        } catch (BrokenBarrierException e) {
            return "broken";
        } catch (InterruptedException e) {
            return "interrupted";
        }
    }

    @Test
    void everyRoundWaitsForAllPartiesAndSeesTheirWrites() throws Exception {
        FutexBarrier b = FutexBarrier.on(Futex.sharedOn(mem, 0), 3);
        int rounds = 300;
        List<Waiter<String>> ws = start(3, "party", () -> {
            try {
                for (int r = 1; r <= rounds; r++) {
                    mem.getAndAddInt(8, 1);
                    b.await();
                    int seen = mem.getIntVolatile(8);
                    if (seen < 3 * r) { // every party's increment of this round happened before the round completed
                        return "round " + r + " saw " + seen;
                    }
                    b.await(); // a second barrier, so no party runs a round ahead before the others read
                }
                return "ok";
            } catch (Exception e) {
                return e.toString();
            }
        });
        for (Waiter<String> w : ws) {
            assertEquals("ok", w.join());
        }
        assertEquals(0, b.arrived());
        assertFalse(b.isBroken());
    }

    @Test
    void aWaiterSleepsInTheKernelUntilTheLastPartyArrives() throws Exception {
        FutexBarrier b = FutexBarrier.on(Futex.privateOn(mem, 0), 2);
        Waiter<String> w = new Waiter<>("first", () -> outcome(b, null));
        awaitAsleep(w, FUTEX_NR);
        assertEquals(1, b.arrived());
        assertTrue(b.await(Duration.ofSeconds(10)));
        assertEquals("ok", w.join());
        assertEquals(0, b.arrived());
    }

    @Test
    void aPartyThatTimesOutBreaksTheRoundForEveryoneUntilReset() throws Exception {
        FutexBarrier b = FutexBarrier.on(Futex.privateOn(mem, 0), 3);
        Waiter<String> w = new Waiter<>("patient", () -> outcome(b, null));
        awaitAsleep(w, FUTEX_NR);
        long t0 = System.nanoTime();
        assertFalse(b.await(Duration.ofMillis(100)), "only 2 of 3 parties came");
        assertTrue(System.nanoTime() - t0 >= 90_000_000L, "it waited its timeout");
        assertEquals("broken", w.join(), "the waiting party does not wait for a party that gave up");
        assertTrue(b.isBroken());
        assertThrows(BrokenBarrierException.class, b::await, "arriving at a broken barrier throws");

        b.reset();
        assertFalse(b.isBroken());
        List<Waiter<String>> ws = start(2, "again", () -> outcome(b, Duration.ofSeconds(20)));
        assertTrue(b.await(Duration.ofSeconds(20)));
        for (Waiter<String> x : ws) {
            assertEquals("ok", x.join());
        }
    }

    @Test
    void zeroTimeoutIsOneTryAndHugeTimeoutsDoNotOverflow() throws Exception {
        FutexBarrier one = FutexBarrier.on(Futex.privateOn(mem, 0), 1);
        assertTrue(one.await(Duration.ZERO), "the only party completes its round at once");
        assertTrue(one.await(Duration.ofSeconds(Long.MAX_VALUE)), "forever");
        FutexBarrier two = FutexBarrier.on(Futex.privateOn(mem, 4), 2);
        assertFalse(two.await(Duration.ofNanos(-1)), "negative: one try, not enough parties");
        assertTrue(two.isBroken());
    }

    @Test
    void anInterruptBreaksTheBarrierAndThrows() throws Exception {
        FutexBarrier b = FutexBarrier.on(Futex.privateOn(mem, 0), 3);
        Waiter<String> interrupted = new Waiter<>("interrupted", () -> outcome(b, Duration.ofMinutes(1)));
        Waiter<String> other = new Waiter<>("other", () -> outcome(b, null));
        awaitAsleep(List.of(interrupted, other), FUTEX_NR);
        interrupted.thread.interrupt();
        assertEquals("interrupted", interrupted.join());
        assertEquals("broken", other.join());
        assertTrue(b.isBroken());

        b.reset();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, b::await, "an interrupted caller does not wait");
        assertFalse(Thread.interrupted(), "status cleared, as j.u.c");
        assertTrue(b.isBroken());
    }

    @Test
    void badPartiesAreRefusedNamingTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FutexBarrier.on(Futex.privateOn(mem, 0), 0));
        assertTrue(e.getMessage().contains("parties=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FutexBarrier.on(Futex.privateOn(mem, 0), FutexBarrier.MAX_PARTIES + 1));
        assertThrows(NullPointerException.class, () -> FutexBarrier.on(null, 2));
    }

    @Test
    void closingTheMemoryEndsAWaitInProgress() throws Exception {
        NativeMemory own = NativeMemory.create(4096);
        FutexBarrier b = FutexBarrier.on(Futex.privateOn(own, 0), 2);
        Waiter<String> w = new Waiter<>("waiting", () -> {
            try {
                return outcome(b, null);
            } catch (IllegalStateException e) {
                return "closed";
            }
        });
        awaitAsleep(w, FUTEX_NR);
        own.close();
        assertEquals("closed", w.join(), "close wakes the wait and the memory is unmapped after it left");
        assertTrue(own.isClosed());
    }
}
