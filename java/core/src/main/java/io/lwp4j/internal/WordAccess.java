package io.lwp4j.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Atomic access to 32-bit native words through the Foreign Function &amp; Memory API, when the FFM backend is in use
 * (Java 22+): {@code ValueLayout.JAVA_INT.varHandle()} over one global segment spanning the address space, bound into
 * {@code static final} method handles. Core compiles for Java 17, so the handles are built reflectively; at run time
 * C2 inlines them to the bare instruction, as it does for {@code MemorySegment} code.
 *
 * <p>Why: a direct {@link java.nio.ByteBuffer}'s view {@link VarHandle} (what {@link io.lwp4j.memory.NativeMemory}
 * uses otherwise) takes its base object from the buffer, so the JIT cannot prove the access off-heap and emits a
 * slower generic path — measured at about twice the cost of a C {@code lock cmpxchg} for an uncontended
 * {@link io.lwp4j.futex.FutexMutex} lock+unlock. With JNA or jnr-ffi (or on Java 17–21) {@link #AVAILABLE} is false
 * and callers keep the buffer path. Addresses must be naturally aligned and mapped: callers check both first.
 */
public final class WordAccess {

    /** Whether the handles below are usable. A constant: the JIT folds every {@code if (AVAILABLE)}. */
    public static final boolean AVAILABLE;
    private static final MethodHandle GET_ACQUIRE;
    private static final MethodHandle GET_VOLATILE;
    private static final MethodHandle SET_RELEASE;
    private static final MethodHandle SET_VOLATILE;
    private static final MethodHandle COMPARE_AND_SET;
    private static final MethodHandle COMPARE_AND_EXCHANGE;
    private static final MethodHandle GET_AND_ADD;
    private static final MethodHandle GET_AND_SET;

    static {
        MethodHandle[] h = null;
        try {
            NativeLibraryLoader.Loaded loaded = Native.loaded();
            if (Runtime.version().feature() >= 22 && loaded != null && "ffm".equals(loaded.backendName())) {
                h = build();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            h = null; // keep the buffer path: correct, only slower
        }
        AVAILABLE = h != null;
        GET_ACQUIRE = h == null ? null : h[0];
        GET_VOLATILE = h == null ? null : h[1];
        SET_RELEASE = h == null ? null : h[2];
        SET_VOLATILE = h == null ? null : h[3];
        COMPARE_AND_SET = h == null ? null : h[4];
        COMPARE_AND_EXCHANGE = h == null ? null : h[5];
        GET_AND_ADD = h == null ? null : h[6];
        GET_AND_SET = h == null ? null : h[7];
    }

    private WordAccess() {}

    private static MethodHandle[] build() throws ReflectiveOperationException {
        Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
        Object nullSegment = segment.getField("NULL").get(null);
        // reinterpret is restricted (native access): the FFM backend needs the same permission for its downcalls.
        Object all = segment.getMethod("reinterpret", long.class).invoke(nullSegment, Long.MAX_VALUE);
        Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
        Object javaInt = valueLayout.getField("JAVA_INT").get(null);
        VarHandle vh = (VarHandle) valueLayout.getMethod("varHandle").invoke(javaInt); // the public interface's

        return new MethodHandle[] {
            bind(vh, all, VarHandle.AccessMode.GET_ACQUIRE, MethodType.methodType(int.class, long.class)),
            bind(vh, all, VarHandle.AccessMode.GET_VOLATILE, MethodType.methodType(int.class, long.class)),
            bind(vh, all, VarHandle.AccessMode.SET_RELEASE, MethodType.methodType(void.class, long.class, int.class)),
            bind(vh, all, VarHandle.AccessMode.SET_VOLATILE, MethodType.methodType(void.class, long.class, int.class)),
            bind(vh, all, VarHandle.AccessMode.COMPARE_AND_SET,
                    MethodType.methodType(boolean.class, long.class, int.class, int.class)),
            bind(vh, all, VarHandle.AccessMode.COMPARE_AND_EXCHANGE,
                    MethodType.methodType(int.class, long.class, int.class, int.class)),
            bind(vh, all, VarHandle.AccessMode.GET_AND_ADD,
                    MethodType.methodType(int.class, long.class, int.class)),
            bind(vh, all, VarHandle.AccessMode.GET_AND_SET,
                    MethodType.methodType(int.class, long.class, int.class)),
        };
    }

    /** The access mode's handle, with the global segment bound as its first coordinate. */
    private static MethodHandle bind(VarHandle vh, Object all, VarHandle.AccessMode mode, MethodType type) {
        return MethodHandles.insertArguments(vh.toMethodHandle(mode), 0, all).asType(type);
    }

    public static int getAcquire(long address) {
        try {
            return (int) GET_ACQUIRE.invokeExact(address);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getVolatile(long address) {
        try {
            return (int) GET_VOLATILE.invokeExact(address);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void setRelease(long address, int value) {
        try {
            SET_RELEASE.invokeExact(address, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void setVolatile(long address, int value) {
        try {
            SET_VOLATILE.invokeExact(address, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static boolean compareAndSet(long address, int expected, int value) {
        try {
            return (boolean) COMPARE_AND_SET.invokeExact(address, expected, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int compareAndExchange(long address, int expected, int value) {
        try {
            return (int) COMPARE_AND_EXCHANGE.invokeExact(address, expected, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getAndAdd(long address, int delta) {
        try {
            return (int) GET_AND_ADD.invokeExact(address, delta);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getAndSet(long address, int value) {
        try {
            return (int) GET_AND_SET.invokeExact(address, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException(t);
    }
}
