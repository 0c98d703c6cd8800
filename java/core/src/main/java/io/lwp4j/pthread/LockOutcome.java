package io.lwp4j.pthread;

import io.lwp4j.Errno;
/** How a lock or a condition wait on a {@link PthreadMutex} ended: expected outcomes, not exceptions. */
public enum LockOutcome {
    /** The caller holds the mutex. */
    ACQUIRED,
    /**
     * The caller holds the mutex, but its previous owner died holding it ({@code EOWNERDEAD}): the state it protects
     * may be half-updated. Repair it, then call {@link PthreadMutex#makeConsistent()} before unlocking — unlocking
     * without that leaves the mutex permanently unusable ({@code ENOTRECOVERABLE}).
     */
    OWNER_DIED,
    /** The timeout passed; the caller does not hold the mutex. */
    TIMED_OUT,
    /** {@link PthreadMutex#tryLock()} found it held by another; the caller does not hold it. */
    BUSY;

    /** Whether the caller now holds the mutex ({@link #ACQUIRED} or {@link #OWNER_DIED}). */
    public boolean acquired() {
        return this == ACQUIRED || this == OWNER_DIED;
    }

    /** The outcome for a shim lock result (0, 1 or -errno); other errors throw. */
    static LockOutcome of(long r, String op, String detail) {
        if (r == 0) {
            return ACQUIRED;
        }
        if (r == 1) {
            return OWNER_DIED;
        }
        if (Errno.ETIMEDOUT.is(r)) {
            return TIMED_OUT;
        }
        if (Errno.EBUSY.is(r)) {
            return BUSY;
        }
        throw io.lwp4j.ErrnoException.of(op, detail, r, Errno.ENOTRECOVERABLE.is(r)
                ? "an owner died holding it and it was unlocked without makeConsistent(): re-initialise it"
                : Errno.EDEADLK.is(r) ? "this thread already holds it" : null);
    }
}
