package io.lwp4j.stress;

import io.lwp4j.futex.FutexCondition;
import io.lwp4j.futex.FutexMutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/** {@link FutexCondition}: no lost signal between a waiter's unlock and its sleep. */
public final class ConditionStress {

    private ConditionStress() {}

    /** A flag (word 1 of a slot) guarded by a mutex (word 0) with a condition (word 2) on it. */
    abstract static class Flag {
        final long slot = Slots.take();
        final FutexMutex mutex = FutexMutex.on(Slots.word(slot, 0));
        final FutexCondition cond = FutexCondition.on(Slots.word(slot, 2), mutex);

        /** Waits under the mutex until the flag is set. */
        final void awaitFlag() {
            mutex.lock();
            while (Slots.memory().getInt(slot + 4) == 0) {
                cond.awaitUninterruptibly();
            }
            mutex.unlock();
        }

        /** Sets the flag under the mutex and signals one waiter, or all. */
        final void raise(boolean all) {
            mutex.lock();
            Slots.memory().setInt(slot + 4, 1);
            if (all) {
                cond.signalAll();
            } else {
                cond.signal();
            }
            mutex.unlock();
        }
    }

    /** A waiter loops on a flag under the mutex; the signaller sets it under the mutex and signals. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the signal (or the flag) ended the wait")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "a lost signal: the flag is set, the waiter sleeps")
    @State
    public static class SignalWakes extends Flag {
        @Actor
        public void waiter() {
            awaitFlag();
        }

        @Signal
        public void signal() {
            raise(false);
        }
    }

    /** Two waiters and a broadcast: one woken, one requeued onto the mutex; both must get through. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "both waiters got through")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "a requeued waiter was stranded on the mutex")
    @State
    public static class BroadcastWakesBoth extends Flag {
        @Actor
        public void waiters() {
            Thread other = new Thread(this::awaitFlag);
            other.start();
            awaitFlag();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Signal
        public void signal() {
            raise(true);
        }
    }
}
