package io.lwp4j.internal;

import io.lwp4j.Lwp4jException;
import io.lwp4j.spi.NativeBackend;

/**
 * Holds the bound library for lwp4j's own packages. Loaded on first use by a lazy holder; a failure is kept as the
 * cause and thrown from {@link #backend()}, never from a static initialiser ({@link io.lwp4j.Lwp4j} is the public
 * face of this class).
 */
public final class Native {
    private Native() {}

    private static final class Holder {
        static final NativeLibraryLoader.Loaded LOADED;
        static final Throwable CAUSE;
        static final NativeBackend BACKEND;

        static {
            NativeLibraryLoader.Loaded loaded = null;
            Throwable cause = null;
            try {
                loaded = NativeLibraryLoader.fromSystemProperties().load();
            } catch (Throwable t) { // any failure becomes the cause, never an ExceptionInInitializerError
                cause = t;
            }
            LOADED = loaded;
            CAUSE = cause;
            BACKEND = loaded == null ? null : loaded.backend();
            try {
                io.lwp4j.internal.jfr.Events.registerPeriodic(); // lwp4j.ThreadCpu, once JFR initialises
            } catch (Throwable t) { // JFR refused (e.g. a security manager): lwp4j works on without that event
            }
        }
    }

    /** The bound backend; throws {@link Lwp4jException} with the unavailability cause. Static-final fast path. */
    public static NativeBackend backend() {
        NativeBackend b = Holder.BACKEND;
        if (b == null) {
            throw unavailable();
        }
        return b;
    }

    /** A direct buffer over native memory lwp4j mapped (see {@link io.lwp4j.spi.NativeBackendProvider}). */
    public static java.nio.ByteBuffer directBuffer(long address, int capacity) {
        backend();
        return Holder.LOADED.provider().directBuffer(address, capacity);
    }

    /** A C function pointer calling {@code upcall} (see {@link io.lwp4j.spi.NativeBackendProvider#upcallStub}). */
    public static io.lwp4j.spi.UpcallStub upcallStub(io.lwp4j.spi.Upcall upcall) {
        backend();
        return Holder.LOADED.provider().upcallStub(upcall);
    }

    /** The loaded library, or {@code null}. */
    public static NativeLibraryLoader.Loaded loaded() {
        return Holder.LOADED;
    }

    /** Why there is no library, or {@code null}. */
    public static Throwable cause() {
        return Holder.CAUSE;
    }

    /** The exception that says lwp4j is unavailable, and why. */
    public static Lwp4jException unavailable() {
        return new Lwp4jException("lwp4j's native library is not available: " + Holder.CAUSE.getMessage(),
                Holder.CAUSE);
    }
}
