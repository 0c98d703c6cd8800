package io.lwp4j.stress;

import io.lwp4j.futex.FutexGate;
import io.lwp4j.futex.FutexLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** {@link FutexGate} and {@link FutexLatch}: what was written before opening / counting down is seen after. */
public final class GateLatchStress {

    private GateLatchStress() {}

    /** A reader that sees the gate open sees what the opener wrote before opening it. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "open, and the write is visible")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "not open yet, write not seen")
    @Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "not open yet, write seen early (racy read, allowed)")
    @Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "open but the write before open() is not visible")
    @State
    public static class GatePublishes {
        final FutexGate gate = FutexGate.on(Slots.word(Slots.take(), 0));
        int x;

        @Actor
        public void opener() {
            x = 1;
            gate.open();
        }

        @Actor
        public void reader(II_Result r) {
            r.r1 = gate.isOpen() ? 1 : 0;
            r.r2 = x;
        }
    }

    /** A waiter sleeping at a closed gate is woken by open(). */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "open() woke the waiter")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "a lost wake-up at the gate")
    @State
    public static class GateWakes {
        final FutexGate gate = FutexGate.on(Slots.word(Slots.take(), 0));

        @Actor
        public void waiter() throws InterruptedException {
            gate.await();
        }

        @Signal
        public void signal() {
            gate.open();
        }
    }

    /**
     * A counter writes and counts down, twice; the waiter that passes the latch sees both writes (two actors: jcstress
     * skips tests with more actors than CPUs, and CI machines may have two).
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both writes visible after await()")
    @Outcome(expect = Expect.FORBIDDEN, desc = "await() returned before a count-down, or without its write")
    @State
    public static class LatchPublishes {
        final FutexLatch latch = FutexLatch.on(Slots.word(Slots.take(), 0));
        int x;
        int y;

        {
            latch.reset(2);
        }

        @Actor
        public void counter() {
            x = 1;
            latch.countDown();
            y = 1;
            latch.countDown();
        }

        @Actor
        public void waiter(II_Result r) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e); // jcstress never interrupts a non-termination test's actors
            }
            r.r1 = x;
            r.r2 = y;
        }
    }
}
