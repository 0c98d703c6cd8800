package io.lwp4j.stress;

import io.lwp4j.futex.FutexMutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** {@link FutexMutex}: mutual exclusion with visibility, and no lost wake-up. */
public final class MutexStress {

    private MutexStress() {}

    /** A {@link LockedCounter} under a {@link FutexMutex} in the slot's word 0. */
    abstract static class Locked extends LockedCounter {
        final FutexMutex mutex = FutexMutex.on(Slots.word(slot, 0));

        @Override
        void lock() {
            mutex.lock();
        }

        @Override
        void unlock() {
            mutex.unlock();
        }
    }

    /** Two lockers each add 1 to a plain Java field and a plain native word: nothing is lost, both see the other. */
    @JCStressTest
    @Outcome(id = "2, 2", expect = Expect.ACCEPTABLE, desc = "both increments happened under the lock")
    @Outcome(expect = Expect.FORBIDDEN, desc = "an increment was lost: the lock did not exclude, or did not order")
    @State
    public static class Exclusion extends Locked {

        @Actor
        public void actor1() {
            add();
        }

        @Actor
        public void actor2() {
            add();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = field;
            r.r2 = nativeCount();
        }
    }

    /** A locker that sleeps on a held mutex is woken by the unlock (Drepper's state 2 is never lost). */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the unlock woke the sleeping locker")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "a lost wake-up: the locker sleeps on a free mutex")
    @State
    public static class UnlockWakes {
        final FutexMutex mutex = FutexMutex.on(Slots.word(Slots.take(), 0));

        {
            mutex.lock();
        }

        @Actor
        public void actor1() {
            mutex.lock();
            mutex.unlock();
        }

        @Signal
        public void signal() {
            mutex.unlock();
        }
    }

    /**
     * The adaptive path: three lockers, so one usually spins while another sleeps in FUTEX_WAIT with the word at 2.
     * A spinner that takes the freed word writes 1 over a sleeper's 2; the sleeper must still get in (it re-marks
     * 2 when it wakes), and every increment must be seen.
     */
    @JCStressTest
    @Outcome(id = "3, 3, 0", expect = Expect.ACCEPTABLE, desc = "three increments under the lock, word free after")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a lost increment, or the word left locked")
    @State
    public static class SpinnersAndSleepers extends Locked {

        @Actor
        public void actor1() {
            add();
        }

        @Actor
        public void actor2() {
            add();
        }

        @Actor
        public void actor3() {
            add();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r1 = field;
            r.r2 = nativeCount();
            r.r3 = Slots.memory().getIntVolatile(slot);
        }
    }
}
