package io.lwp4j.pthread;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.internal.wait.MemoryClaim;
import io.lwp4j.internal.wait.Waits;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.util.List;

/**
 * A glibc {@code pthread_cond_t} in memory lwp4j mapped, process-shared in shared memory, timing out on
 * {@code CLOCK_MONOTONIC}. Used with a {@link PthreadMutex} the waiter holds; wake-ups may be spurious, so wait in a
 * loop on the condition itself. Waits block the Java thread inside glibc, in slices: {@code await} ends within
 * one slice of an interrupt ({@link InterruptedException}, the mutex held again), {@code awaitUninterruptibly}
 * does not (ARCHITECTURE.md §12).
 *
 * <p>Memory: every call checks the memory and holds it mapped while it runs; after the memory's
 * {@link NativeMemory#close()} every call throws {@link IllegalStateException}, and a wait in progress when the
 * condition's memory is closed ends with it within one slice (holding the mutex again, as every return does).
 */
public final class PthreadCond extends PthreadObject implements AutoCloseable {
    private PthreadCond(NativeMemory memory, long offset, boolean created) {
        super(PthreadType.COND, memory, offset, created);
    }

    /** Initialises a condition variable at {@code offset} (process-shared when the memory is shared). */
    public static PthreadCond create(NativeMemory memory, long offset) {
        PthreadCond c = new PthreadCond(memory, offset, true);
        c.initialise(() -> Native.backend().condInit(c.address, memory.isShared() ? 1 : 0),
                "pthread_cond_init", c.detail);
        return c;
    }

    /** A condition variable another thread or process already initialised at {@code offset}. */
    public static PthreadCond open(NativeMemory memory, long offset) {
        return new PthreadCond(memory, offset, false);
    }

    /**
     * Releases {@code mutex}, waits for a signal or {@code timeout}, and takes {@code mutex} again (also on
     * timeout). A zero or negative timeout returns {@code TIMED_OUT} without waiting; one over 100 years waits as
     * long as it takes. BLOCKS.
     *
     * @return {@link LockOutcome#ACQUIRED} after a signal (or a spurious wake), {@link LockOutcome#TIMED_OUT} (the
     *     mutex is held again all the same), {@link LockOutcome#OWNER_DIED} if retaking a robust mutex found its
     *     owner dead
     * @throws IllegalStateException when either memory is closed (before the wait, or the condition's during it)
     * @throws InterruptedException when the thread is interrupted before or while it waits (the status cleared;
     *     the mutex is held again), like {@code Condition.await}
     */
    public LockOutcome await(PthreadMutex mutex, Duration timeout) throws InterruptedException {
        Sync.checkInterrupt();
        return awaitFor(mutex, Deadline.after(timeout), true);
    }

    /**
     * As {@link #await(PthreadMutex, Duration)} with no timeout. BLOCKS.
     *
     * @throws InterruptedException when the thread is interrupted before or while it waits (the status cleared;
     *     the mutex is held again)
     */
    public LockOutcome await(PthreadMutex mutex) throws InterruptedException {
        Sync.checkInterrupt();
        return awaitFor(mutex, Deadline.forever(), true);
    }

    /**
     * As {@link #await(PthreadMutex)}, not interruptible (an interrupt stays pending), like
     * {@code Condition.awaitUninterruptibly()}. BLOCKS.
     */
    public LockOutcome awaitUninterruptibly(PthreadMutex mutex) {
        try {
            return awaitFor(mutex, Deadline.forever(), false);
        } catch (InterruptedException e) {
            throw new AssertionError("an uninterruptible wait was interrupted", e);
        }
    }

    private LockOutcome awaitFor(PthreadMutex mutex, Deadline deadline, boolean interruptible)
            throws InterruptedException {
        String what = detail + ", " + mutex.detail();
        long r = Sync.interruptible(Waits.await(List.of(Waits.Word.object(memory, "PthreadCond.await on the "
                + detail), Waits.Word.object(mutex.memory(), "PthreadCond.await with the " + mutex.detail())),
                deadline, interruptible, slice -> Native.backend().condWait(address, mutex.address(), slice)));
        if (Errno.EPERM.is(r)) {
            throw ErrnoException.of("pthread_cond_timedwait", what, r, "the calling thread does not hold the mutex");
        }
        return LockOutcome.of(r, "pthread_cond_timedwait", what);
    }

    /** Wakes one waiter. */
    public void signal() {
        MemoryClaim.enter(memory, detail);
        try {
            Sync.check(Native.backend().condSignal(address, 0), "pthread_cond_signal", detail, null);
        } finally {
            MemoryClaim.exit(memory);
        }
    }

    /** Wakes every waiter. */
    public void signalAll() {
        MemoryClaim.enter(memory, detail);
        try {
            Sync.check(Native.backend().condSignal(address, 1), "pthread_cond_broadcast", detail, null);
        } finally {
            MemoryClaim.exit(memory);
        }
    }

    /**
     * Tears it down ({@code pthread_cond_destroy}; no process may be waiting) when this object initialised it; an
     * object that only opened it leaves that to its creator. Later calls do nothing.
     */
    @Override
    public void close() {
        destroyOnce(() -> Native.backend().condDestroy(address), "pthread_cond_destroy");
    }
}
