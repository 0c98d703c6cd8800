package io.lwp4j.futex;

import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;

/**
 * A mutual-exclusion lock in one futex word: Ulrich Drepper's three-state mutex ("Futexes Are Tricky", mutex3) —
 * 0 unlocked, 1 locked, 2 locked and maybe waited for. An uncontended {@link #lock()}/{@link #unlock()} is one CAS
 * and one atomic decrement, with no syscall; only contention reaches {@code FUTEX_WAIT} and {@code FUTEX_WAKE}.
 *
 * <p>The word layout is the one raw tasks use ({@code LWP_OP_ADD_LOCKED} in {@code lwp4j.h}), so Java threads, raw
 * tasks and — on a shared futex in a {@link io.lwp4j.memory.SharedMemory} — other processes (C code included) can
 * hold the same lock: see {@link #rawTaskOperand()}.
 *
 * <p>Memory ordering: a successful lock is an acquire and unlock a release (both are volatile read-modify-writes of
 * the word), so everything written under the lock by one holder is visible to the next, in any of those places.
 *
 * <h2>Spinning before sleeping</h2>
 * Like glibc's {@code PTHREAD_MUTEX_ADAPTIVE_NP} and {@code AbstractQueuedSynchronizer}, a locker that finds the
 * mutex held spins for a bounded while before it sleeps in {@code FUTEX_WAIT}: it re-reads the word
 * ({@link Thread#onSpinWait()} between reads) and takes the mutex with a CAS the moment it reads it free, because a
 * critical section is usually shorter than a sleep and a wake-up (tens of microseconds on a virtualised CPU). The
 * bound adapts per {@code FutexMutex} object as glibc's does (twice the running average of past spins plus 10), at
 * most {@value #SPINS_PROP_NAME} reads (default {@value #SPINS_DEFAULT}, a few microseconds); with one CPU it is
 * 0 — the holder cannot run while a locker spins.
 * Spinning reads the word only: the word layout, the uncontended path and what raw tasks and C peers see are
 * unchanged (a spinner that wins the word writes 1, exactly as an uncontended lock does).
 *
 * <p>It is not reentrant and has no owner: the word cannot name a Java thread, a raw task and a process alike.
 * {@link #unlock()} of an unlocked mutex throws {@link IllegalMonitorStateException}; unlocking a mutex another
 * party holds is the caller's bug and is not detected.
 */
public final class FutexMutex {

    /** The bytes it occupies: one 32-bit word. */
    public static final int BYTES = 4;

    /** System property: how many times a locker re-reads a held mutex before it sleeps (0: never spin). */
    public static final String SPINS_PROP_NAME = "lwp4j.futex.mutexSpins";
    /** Default of {@value #SPINS_PROP_NAME} on more than one CPU. */
    public static final int SPINS_DEFAULT = 100;
    /** The spin bound of this JVM: 0 with one CPU, else {@value #SPINS_PROP_NAME}. */
    static final int SPINS = Runtime.getRuntime().availableProcessors() < 2 ? 0
            : Math.max(0, Integer.getInteger(SPINS_PROP_NAME, SPINS_DEFAULT));

    private final Futex<?> word;
    private final NativeMemory memory;
    private final long offset;
    /** glibc's {@code __spins}: this object's running estimate of a worthwhile spin (racy by design, a hint). */
    private int spinEstimate;

    private FutexMutex(Futex<?> word) {
        this.word = word;
        this.memory = word.memory();
        this.offset = word.offset();
    }

    /** The mutex in {@code word} (zeroed memory is an unlocked mutex). */
    public static FutexMutex on(Futex<?> word) {
        return new FutexMutex(word);
    }

    /** The word. */
    public Futex<?> word() {
        return word;
    }

    /**
     * The operand raw tasks take for this mutex ({@code c} of {@code LWP_OP_ADD_LOCKED}): the word's address with
     * bit 0 set for a private futex.
     */
    public long rawTaskOperand() {
        return word.address() | (word.isPrivate() ? 1 : 0);
    }

    /** Acquires the lock, sleeping while another holds it. Not interruptible (like {@code ReentrantLock.lock}). */
    public void lock() {
        if (!memory.compareAndSetInt(offset, 0, 1)) {
            lockSlow(Deadline.forever(), false);
        }
    }

    /** Acquires the lock unless the thread is or gets interrupted. */
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!memory.compareAndSetInt(offset, 0, 1) && !lockSlow(Deadline.forever(), true)) {
            Thread.interrupted();
            throw new InterruptedException();
        }
    }

    /** Acquires the lock if it is free, at once. */
    public boolean tryLock() {
        return memory.compareAndSetInt(offset, 0, 1);
    }

    /**
     * Acquires the lock within {@code timeout}; {@code false} when it timed out. Interruptible, like
     * {@code Lock.tryLock(long, TimeUnit)}.
     *
     * @throws InterruptedException when the thread is interrupted before or while it waits (the status cleared)
     */
    public boolean tryLock(Duration timeout) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (memory.compareAndSetInt(offset, 0, 1) || lockSlow(Deadline.after(timeout), true)) {
            return true;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return false;
    }

    /**
     * Bounded, adaptive spin (glibc's {@code PTHREAD_MUTEX_ADAPTIVE_NP}): reads the word (never writes it while
     * held) and takes it with {@code state} the moment it reads 0, for at most {@code min(SPINS, 2 * estimate + 10)}
     * reads with a {@link Thread#onSpinWait()} between them; the estimate follows how long spins took (an eighth of
     * the difference each time), so a mutex whose holders stay long stops spinning much. {@code true} when it got
     * the mutex.
     */
    private boolean spin(int state) {
        int max = Math.min(SPINS, 2 * spinEstimate + 10);
        for (int count = 0; count < max; count++) {
            if (memory.getIntAcquire(offset) == 0 && memory.compareAndSetInt(offset, 0, state)) {
                spinEstimate += (count - spinEstimate) / 8;
                return true;
            }
            Thread.onSpinWait();
        }
        spinEstimate += (max - spinEstimate) / 8;
        return false;
    }

    /**
     * Locks after a {@link FutexCondition} wait: always in state 2, because a broadcast may have requeued other
     * waiters onto this word, and only a 2 makes the next unlock wake one of them.
     */
    void lockContended() {
        if (!spin(2)) {
            lockSlow(Deadline.forever(), false, false);
        }
    }

    private boolean lockSlow(Deadline deadline, boolean interruptible) {
        return lockSlow(deadline, interruptible, true);
    }

    /**
     * The spin phase ({@code spinFirst}: taking a free word as 1, as the fast path does), then Drepper's slow path:
     * mark the word contended (2) and sleep until an exchange finds it free.
     */
    private boolean lockSlow(Deadline deadline, boolean interruptible, boolean spinFirst) {
        if (spinFirst && spin(1)) {
            return true;
        }
        int c = memory.getAndSetInt(offset, 2);
        while (c != 0) {
            WaitOutcome o = word.block(2, Futex.BITSET_MATCH_ANY, deadline, interruptible);
            if (o == WaitOutcome.TIMED_OUT || (o == WaitOutcome.INTERRUPTED && interruptible
                    && Thread.currentThread().isInterrupted())) {
                return false; // the word may stay 2: the next unlock then wakes one waiter too many, which is harmless
            }
            c = memory.getAndSetInt(offset, 2);
        }
        return true;
    }

    /**
     * Releases the lock; wakes one waiter if the word says there may be one.
     *
     * @throws IllegalMonitorStateException when the mutex was not locked
     */
    public void unlock() {
        int prev = memory.getAndAddInt(offset, -1);
        if (prev == 1) {
            return;
        }
        if (prev <= 0) {
            memory.getAndAddInt(offset, 1);
            throw new IllegalMonitorStateException("unlock of an unlocked FutexMutex (word = " + prev + ") at "
                    + word);
        }
        memory.setIntRelease(offset, 0);
        word.wake(1);
    }

    /** Whether some party holds the lock now (a snapshot). */
    public boolean isLocked() {
        return word.value() != 0;
    }

    @Override
    public String toString() {
        return "FutexMutex[" + (isLocked() ? "locked" : "unlocked") + ", " + word + "]";
    }
}
