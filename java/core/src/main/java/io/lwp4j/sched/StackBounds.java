package io.lwp4j.sched;

import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;

/**
 * The calling thread's stack as glibc records it ({@code pthread_getattr_np(3)}): for a thread glibc made, the
 * exact mapping it was given; for the main thread, glibc's estimate from {@code RLIMIT_STACK} and
 * {@code /proc/self/maps}.
 *
 * @param low the lowest usable address (the stack grows down towards it)
 * @param size the size in bytes, from {@code low} up
 * @param guard the guard size in bytes below {@code low} (0 for the main thread, whose guard is the kernel's gap)
 */
public record StackBounds(long low, long size, long guard) {

    /** The stack of the calling thread. */
    public static StackBounds current() {
        try (NativeMemory m = NativeMemory.create(24)) {
            long r = Native.backend().pthreadStack(m.address());
            if (r < 0) {
                throw ErrnoException.of("pthread_getattr_np", "pthread_self()", r, null);
            }
            return new StackBounds(m.getLong(0), m.getLong(8), m.getLong(16));
        }
    }

    /** The highest address: where the stack starts. */
    public long high() {
        return low + size;
    }

    /** Whether {@code address} lies in this stack. */
    public boolean contains(long address) {
        return address >= low && address < high();
    }

    @Override
    public String toString() {
        return String.format("stack 0x%x-0x%x (%d KiB), guard %d KiB", low, high(), size >> 10, guard >> 10);
    }
}
