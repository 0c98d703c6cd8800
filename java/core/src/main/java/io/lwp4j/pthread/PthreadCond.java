package io.lwp4j.pthread;

import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.util.Objects;

/**
 * A glibc {@code pthread_cond_t} in memory lwp4j mapped, process-shared in shared memory, timing out on
 * {@code CLOCK_MONOTONIC}. Used with a {@link PthreadMutex} the waiter holds; wake-ups may be spurious, so wait in a
 * loop on the condition itself. Waits block the Java thread inside glibc (an interrupt does not end them).
 */
public final class PthreadCond {
    private final long address;
    private final String detail;

    private PthreadCond(NativeMemory memory, long offset) {
        Objects.requireNonNull(memory, "memory");
        this.address = PthreadType.COND.addressIn(memory, offset);
        this.detail = "cond at offset " + offset;
    }

    /** Initialises a condition variable at {@code offset} (process-shared when the memory is shared). */
    public static PthreadCond init(NativeMemory memory, long offset) {
        PthreadCond c = new PthreadCond(memory, offset);
        Sync.check(Native.backend().condInit(c.address, memory.isShared() ? 1 : 0), "pthread_cond_init", c.detail,
                null);
        return c;
    }

    /** A condition variable another thread or process already initialised at {@code offset}. */
    public static PthreadCond attach(NativeMemory memory, long offset) {
        return new PthreadCond(memory, offset);
    }

    /**
     * Releases {@code mutex}, waits for a signal or {@code timeout}, and takes {@code mutex} again (also on
     * timeout). BLOCKS.
     *
     * @return {@link LockOutcome#ACQUIRED} after a signal (or a spurious wake), {@link LockOutcome#TIMED_OUT} (the
     *     mutex is held again all the same), {@link LockOutcome#OWNER_DIED} if retaking a robust mutex found its
     *     owner dead
     */
    public LockOutcome await(PthreadMutex mutex, Duration timeout) {
        long r = Native.backend().condWait(address, mutex.address(), Sync.nanos(timeout));
        if (r == -1) {
            throw ErrnoException.of("pthread_cond_timedwait", detail + ", " + mutex.detail(), r,
                    "the calling thread does not hold the mutex");
        }
        return LockOutcome.of(r, "pthread_cond_timedwait", detail + ", " + mutex.detail());
    }

    /** Wakes one waiter. */
    public void signal() {
        Sync.check(Native.backend().condSignal(address, 0), "pthread_cond_signal", detail, null);
    }

    /** Wakes every waiter. */
    public void signalAll() {
        Sync.check(Native.backend().condSignal(address, 1), "pthread_cond_broadcast", detail, null);
    }

    /** Destroys it (no process may be waiting). */
    public void destroy() {
        Sync.check(Native.backend().condDestroy(address), "pthread_cond_destroy", detail, null);
    }
}
