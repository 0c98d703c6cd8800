package io.lwp4j;

import io.lwp4j.internal.Native;
import io.lwp4j.internal.NativeLibraryLoader;
import java.util.List;

/**
 * Whether lwp4j's native library is usable here, and why not — netty's availability trio. The library is found and
 * bound on first use; nothing throws from a static initialiser.
 *
 * {@snippet :
 * if (!Lwp4j.isAvailable()) {
 *     System.err.println("lwp4j unavailable: " + Lwp4j.unavailabilityCause());
 * }
 * }
 *
 * <p>Reading {@code /proc} ({@link io.lwp4j.proc.Tasks}) needs no native code and works even when this says
 * unavailable.
 */
public final class Lwp4j {
    private Lwp4j() {}

    /** True when the native library is loaded and bound. */
    public static boolean isAvailable() {
        return Native.loaded() != null;
    }

    /** Throws an {@link Lwp4jException} carrying {@link #unavailabilityCause()} when lwp4j is not available. */
    public static void ensureAvailability() {
        if (!isAvailable()) {
            throw Native.unavailable();
        }
    }

    /** Why lwp4j is not available, or {@code null} when it is. */
    public static Throwable unavailabilityCause() {
        return Native.cause();
    }

    /** The backend in use ({@code ffm}, {@code jna}, {@code jnr}); throws when unavailable. */
    public static String backendName() {
        ensureAvailability();
        return Native.loaded().backendName();
    }

    /** Where the library came from: {@code jar:META-INF/native/...} or the {@code lwp4j.library.path} file. */
    public static String librarySource() {
        ensureAvailability();
        return Native.loaded().source();
    }

    /** Every backend on the class path, best first, and why each one cannot run here (null when it can). */
    public static List<BackendStatus> backends() {
        return NativeLibraryLoader.fromSystemProperties().backends();
    }
}
