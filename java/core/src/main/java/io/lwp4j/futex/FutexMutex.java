package io.lwp4j.futex;

import io.lwp4j.internal.Deadline;
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
 * <p>It is not reentrant and has no owner: the word cannot name a Java thread, a raw task and a process alike.
 * {@link #unlock()} of an unlocked mutex throws {@link IllegalMonitorStateException}; unlocking a mutex another
 * party holds is the caller's bug and is not detected.
 */
public final class FutexMutex {

    /** The bytes it occupies: one 32-bit word. */
    public static final int BYTES = 4;

    private final Futex<?> word;
    private final NativeMemory memory;
    private final long offset;

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

    /** Acquires the lock within {@code timeout}; {@code false} when it timed out. Not interruptible. */
    public boolean tryLock(Duration timeout) {
        return memory.compareAndSetInt(offset, 0, 1)
                || lockSlow(Deadline.after(timeout), false);
    }

    /** Drepper's slow path: mark the word contended (2) and sleep until an exchange finds it free. */
    private boolean lockSlow(Deadline deadline, boolean interruptible) {
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
