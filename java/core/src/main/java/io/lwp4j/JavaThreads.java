package io.lwp4j;

import io.lwp4j.internal.Native;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Java threads as the kernel sees them: the kernel TID (the LWP column of {@code ps -eLf}) of the current thread
 * and of any live platform thread of this JVM, the {@link Thread} behind a TID, and one snapshot joining the two.
 *
 * <p>TIDs are reused after a thread ends, so every answer beyond {@link #currentTid()} is a {@link TidObservation}
 * that says where it came from and when it was seen.
 */
public final class JavaThreads {
    private JavaThreads() {}

    /** {@code Thread::isVirtual} on Java 21+, or {@code null} on 17 (where no thread is virtual). */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /**
     * The TID cache of platform threads. A platform thread keeps its kernel task for life, so the first
     * {@code gettid} is the answer until it ends. Virtual threads never use it: they move between carriers.
     */
    private static final ThreadLocal<int[]> CACHED_TID = ThreadLocal.withInitial(() -> new int[] {uncachedTid()});

    /** True when {@code t} is a virtual thread (Java 21+). */
    public static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The kernel TID of the calling thread. For a platform thread this is cached after the first call (a plain
     * thread-local read); a virtual thread gets its carrier's TID at this instant, through {@code gettid(2)} every
     * time, since it may run on another carrier a moment later.
     *
     * @throws Lwp4jException when the native library is unavailable
     */
    public static int currentTid() {
        Thread t = Thread.currentThread();
        if (isVirtual(t)) {
            return uncachedTid();
        }
        return CACHED_TID.get()[0];
    }

    /** The kernel TID of the calling thread through {@code gettid(2)}, never cached. */
    public static int uncachedTid() {
        return (int) Native.backend().gettid();
    }
}
