package io.lwp4j.stress;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexSemaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** {@link FutexSemaphore} and a bare {@link Futex} wait/wake protocol. */
public final class SemaphoreFutexStress {

    private SemaphoreFutexStress() {}

    /** One permit: two parties add 1 to a plain field and a native word under it, nothing is lost. */
    @JCStressTest
    @Outcome(id = "2, 2", expect = Expect.ACCEPTABLE, desc = "the permit excluded and ordered both")
    @Outcome(expect = Expect.FORBIDDEN, desc = "both were inside at once, or a write was not visible")
    @State
    public static class OnePermitExcludes extends LockedCounter {
        final FutexSemaphore sem = FutexSemaphore.on(Slots.word(slot, 4));

        {
            sem.reset(1);
        }

        @Override
        void lock() {
            try {
                sem.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e); // jcstress never interrupts a non-termination test's actors
            }
        }

        @Override
        void unlock() {
            sem.release();
        }

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

    /** An acquirer sleeping on 0 permits is woken by a release (the waiter count never misses it). */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "release() woke the acquirer")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "a lost wake-up: a permit is free, the acquirer sleeps")
    @State
    public static class ReleaseWakes {
        final FutexSemaphore sem = FutexSemaphore.on(Slots.word(Slots.take(), 0));

        @Actor
        public void acquirer() throws InterruptedException {
            sem.acquire();
        }

        @Signal
        public void signal() {
            sem.release();
        }
    }

    /** The bare protocol: store, then FUTEX_WAKE; the waiter loops on FUTEX_WAIT while the word is 0. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the wake (or the changed value) ended the wait")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "FUTEX_WAIT slept through a store and a wake")
    @State
    public static class WaitWake {
        final Futex<Futex.Private> word = Slots.word(Slots.take(), 0);

        @Actor
        public void waiter() {
            while (word.value() == 0) {
                word.await(0);
            }
        }

        @Signal
        public void signal() {
            word.memory().setIntRelease(word.offset(), 1);
            word.wake(1);
        }
    }
}
