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

    /** A waiter loops on a flag under the mutex; the signaller sets it under the mutex and signals. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the signal (or the flag) ended the wait")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "a lost signal: the flag is set, the waiter sleeps")
    @State
    public static class SignalWakes {
        final long slot = Slots.take();
        final FutexMutex mutex = FutexMutex.on(Slots.word(slot, 0));
        final FutexCondition cond = FutexCondition.on(Slots.word(slot, 2), mutex);

        @Actor
        public void waiter() {
            mutex.lock();
            while (Slots.memory().getInt(slot + 4) == 0) {
                cond.awaitUninterruptibly();
            }
            mutex.unlock();
        }

        @Signal
        public void signal() {
            mutex.lock();
            Slots.memory().setInt(slot + 4, 1);
            cond.signal();
            mutex.unlock();
        }
    }

    /** Two waiters and a broadcast: one woken, one requeued onto the mutex; both must get through. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "both waiters got through")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "a requeued waiter was stranded on the mutex")
    @State
    public static class BroadcastWakesBoth {
        final long slot = Slots.take();
        final FutexMutex mutex = FutexMutex.on(Slots.word(slot, 0));
        final FutexCondition cond = FutexCondition.on(Slots.word(slot, 2), mutex);
        final java.util.concurrent.atomic.AtomicInteger through = new java.util.concurrent.atomic.AtomicInteger();

        void waitForFlag() {
            mutex.lock();
            while (Slots.memory().getInt(slot + 4) == 0) {
                cond.awaitUninterruptibly();
            }
            mutex.unlock();
            through.incrementAndGet();
        }

        @Actor
        public void waiters() {
            Thread other = new Thread(this::waitForFlag);
            other.start();
            waitForFlag();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Signal
        public void signal() {
            mutex.lock();
            Slots.memory().setInt(slot + 4, 1);
            cond.signalAll();
            mutex.unlock();
        }
    }
}
