package io.lwp4j.pthread;

import static io.lwp4j.internal.ShimLayout.LWP_SIZE_BARRIER;
import static io.lwp4j.internal.ShimLayout.LWP_SIZE_COND;
import static io.lwp4j.internal.ShimLayout.LWP_SIZE_MUTEX;
import static io.lwp4j.internal.ShimLayout.LWP_SIZE_RWLOCK;

import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;

/**
 * The glibc pthread object types lwp4j places in shared memory, with their sizes as the C headers give them
 * ({@code sizeof(pthread_mutex_t)} and so on, answered by the shim: never hand-typed, so they follow the
 * architecture and the glibc ABI).
 */
public enum PthreadType {
    /** {@code pthread_mutex_t}. */
    MUTEX(LWP_SIZE_MUTEX),
    /** {@code pthread_cond_t}. */
    COND(LWP_SIZE_COND),
    /** {@code pthread_barrier_t}. */
    BARRIER(LWP_SIZE_BARRIER),
    /** {@code pthread_rwlock_t}. */
    RWLOCK(LWP_SIZE_RWLOCK);

    /** The alignment lwp4j requires of every object's offset (glibc's types need 8; 16 leaves room). */
    public static final int ALIGNMENT = 16;

    private final int which;
    private volatile int bytes;

    PthreadType(int which) {
        this.which = which;
    }

    /** {@code sizeof} this type in this process's glibc. */
    public int bytes() {
        int b = bytes;
        if (b == 0) {
            long r = Native.backend().pthreadSizes(which);
            if (r <= 0) {
                throw new IllegalStateException("lwp_pthread_sizes(" + which + ") answered " + r);
            }
            bytes = b = (int) r;
        }
        return b;
    }

    /** The size rounded up to {@link #ALIGNMENT}: the stride to place objects of this type one after another. */
    public int stride() {
        return (bytes() + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** The address of an object of this type at {@code offset} in {@code memory}, checked for room and alignment. */
    long addressIn(NativeMemory memory, long offset) {
        if (offset < 0 || offset % ALIGNMENT != 0) {
            throw new IllegalArgumentException(this + " at offset " + offset + ": must be a multiple of " + ALIGNMENT);
        }
        if (offset + bytes() > memory.size()) {
            throw new IndexOutOfBoundsException(this + " at offset " + offset + " needs " + bytes()
                    + " bytes; the mapping has " + memory.size());
        }
        return memory.address(offset, 8);
    }
}
