package io.lwp4j.futex;

import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;

/**
 * A counting semaphore in two 32-bit words: the futex word holds the permits, the word after it how many parties
 * are (about to be) asleep, so {@link #release()} makes a {@code FUTEX_WAKE} only when someone may sleep. An
 * uncontended acquire and release take no syscall.
 *
 * <p>Why the waiter count cannot miss a sleeper: a releaser adds permits and then reads the waiter count, an
 * acquirer raises the waiter count and then reads the permits (all sequentially consistent), so at least one of them
 * sees the other; and the kernel re-checks "permits == 0" atomically as the acquirer goes to sleep.
 *
 * <p>Usable by Java threads and, on a shared futex in a {@link io.lwp4j.memory.SharedMemory}, by other processes;
 * raw tasks have no semaphore op. Memory ordering: a release is a release, a successful acquire an acquire.
 */
public final class FutexSemaphore {

    /** The bytes it occupies: the permits word (the futex) and the waiter count after it. */
    public static final int BYTES = 8;

    private final Futex<?> word;
    private final NativeMemory memory;
    private final long permits;
    private final long waiters;

    private FutexSemaphore(Futex<?> word) {
        word.memory().address(word.offset() + 4, 4); // the waiter word must be inside the memory too
        this.word = word;
        this.memory = word.memory();
        this.permits = word.offset();
        this.waiters = word.offset() + 4;
    }

    /** The semaphore in {@code word} and the 4 bytes after it (zeroed memory: 0 permits); see {@link #reset}. */
    public static FutexSemaphore on(Futex<?> word) {
        return new FutexSemaphore(word);
    }

    /** The permits word. */
    public Futex<?> word() {
        return word;
    }

    /** Sets the permits, before anyone uses the semaphore. */
    public void reset(int permitCount) {
        if (permitCount < 0) {
            throw new IllegalArgumentException("permits " + permitCount + " is negative");
        }
        memory.setIntVolatile(waiters, 0);
        memory.setIntVolatile(permits, permitCount);
    }

    /** The permits available now. */
    public int availablePermits() {
        return word.value();
    }

    /** Takes a permit if one is available, at once. */
    public boolean tryAcquire() {
        int c;
        while ((c = memory.getIntAcquire(permits)) > 0) {
            if (memory.compareAndSetInt(permits, c, c - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Takes a permit, sleeping until one is released. */
    public void acquire() throws InterruptedException {
        if (!tryAcquire() && !acquireSlow(Deadline.forever())) {
            Thread.interrupted();
            throw new InterruptedException();
        }
    }

    /** Takes a permit within {@code timeout}; {@code false} when none came. */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        if (tryAcquire()) {
            return true;
        }
        Deadline deadline = Deadline.after(timeout);
        if (acquireSlow(deadline)) {
            return true;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return false;
    }

    /** {@code false}: timed out or interrupted (the interrupt status says which). */
    private boolean acquireSlow(Deadline deadline) {
        memory.getAndAddInt(waiters, 1);
        try {
            while (!tryAcquire()) {
                WaitOutcome o = word.block(0, Futex.BITSET_MATCH_ANY, deadline, true);
                if (o == WaitOutcome.TIMED_OUT) {
                    return tryAcquire();
                }
                if (o == WaitOutcome.INTERRUPTED && Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
            return true;
        } finally {
            if (!memory.isClosed()) { // closed under the wait: its IllegalStateException is the one to report
                memory.getAndAddInt(waiters, -1);
            }
        }
    }

    /** Returns one permit. */
    public void release() {
        release(1);
    }

    /** Returns {@code n} permits and wakes up to {@code n} sleepers, if any may sleep. */
    public void release(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("release(" + n + "): n must be positive");
        }
        int before = memory.getAndAddInt(permits, n);
        if (before > Integer.MAX_VALUE - n) {
            memory.getAndAddInt(permits, -n);
            throw new IllegalStateException("release(" + n + ") would overflow " + before + " permits");
        }
        if (memory.getIntVolatile(waiters) > 0) {
            word.wake(n);
        }
    }

    @Override
    public String toString() {
        return "FutexSemaphore[permits=" + availablePermits() + ", " + word + "]";
    }
}
