package io.lwp4j.ffm;

import io.lwp4j.spi.NativeBackend;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The FFM backend: binds {@code liblwp4j.so} with the Foreign Function &amp; Memory API, in the shape jextract
 * generates — one private holder class per C function with a {@code static final MethodHandle} called with
 * {@code invokeExact}. Static finals are constants to the JIT, so a downcall costs what the linker costs and nothing
 * more; the library is bound once per class loader ({@link #bind}) before any holder initialises.
 *
 * <p>Short calls that never block are linked {@link Linker.Option#critical critical} (no thread-state
 * transition: safe only for calls that return promptly, which the header promises for them).
 */
public final class FfmBackend implements NativeBackend {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option[] CRITICAL = {Linker.Option.critical(false)};
    private static volatile SymbolLookup lookup;
    private static Path boundPath;

    private FfmBackend() {}

    /**
     * Opens {@code library} for the life of the JVM (the global arena: a library is never unloaded while code may
     * still call it) and resolves every symbol now, so a missing one fails here, not on first use.
     */
    static synchronized NativeBackend bind(Path library) {
        if (lookup == null) {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
            boundPath = library;
        } else if (!boundPath.equals(library)) {
            // Class-level handles: one library per class loader, which is what the loader gives us.
            throw new IllegalStateException("the FFM backend is already bound to " + boundPath);
        }
        // Touch every holder: resolution errors surface at bind time.
        abi_version.HANDLE.type();
        gettid.HANDLE.type();
        getpid.HANDLE.type();
        getcpu.HANDLE.type();
        return new FfmBackend();
    }

    static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("liblwp4j.so has no symbol " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** {@snippet lang=c : int32_t lwp_abi_version(void); } */
    private static final class abi_version {
        static final MethodHandle HANDLE = downcall("lwp_abi_version", FunctionDescriptor.of(ValueLayout.JAVA_INT),
                CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_gettid(void); } */
    private static final class gettid {
        static final MethodHandle HANDLE = downcall("lwp_gettid", FunctionDescriptor.of(ValueLayout.JAVA_LONG),
                CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_getpid(void); } */
    private static final class getpid {
        static final MethodHandle HANDLE = downcall("lwp_getpid", FunctionDescriptor.of(ValueLayout.JAVA_LONG),
                CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_getcpu(void); } */
    private static final class getcpu {
        static final MethodHandle HANDLE = downcall("lwp_getcpu", FunctionDescriptor.of(ValueLayout.JAVA_LONG),
                CRITICAL);
    }

    @Override
    public int abiVersion() {
        try {
            return (int) abi_version.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long gettid() {
        try {
            return (long) gettid.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long getpid() {
        try {
            return (long) getpid.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long getcpu() {
        try {
            return (long) getcpu.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A downcall throws only what the Java side throws (nothing here); keep the type system honest. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
