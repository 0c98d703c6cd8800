package io.lwp4j.ffm;

import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.Symbol;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The FFM backend: binds {@code liblwp4j.so} with the Foreign Function &amp; Memory API, driven by the SPI's own
 * table. Every downcall handle is made by {@link #link} from the {@link NativeBackend} method of the same name: the
 * C symbol and the two facts come from its {@link Symbol}, the {@link FunctionDescriptor} from its signature (the
 * SPI passes only {@code int} = {@code int32_t} and {@code long} = {@code int64_t}, which {@code SymbolContractTest}
 * checks against {@code lwp4j.h}), and {@link Linker.Option#critical critical} linking exactly when the header says
 * the function never blocks. No handle states a descriptor or a linking choice of its own, so the binding cannot
 * drift from the header; and nothing per function is written by hand: what Java needs to call each one fast — a
 * {@code static final} handle (a constant to the JIT, so a downcall costs what the linker costs) and the method that
 * calls it with {@code invokeExact} — is generated from the SPI at build time into {@code FfmDowncalls}
 * ({@code java/ffm/src/tools/GenerateDowncalls.java}).
 *
 * <p>The library is bound once per class loader ({@link #bind}) before the handles' holder initialises; the
 * holder resolves every symbol at once, so a missing one fails in {@code bind}, not on first use.
 */
public final class FfmBackend extends FfmDowncalls {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option[] CRITICAL = {Linker.Option.critical(false)};
    private static final Linker.Option[] NOT_CRITICAL = {};
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
        FfmDowncalls.H.abiVersion.type(); // initialises the holder: every handle, every symbol
        return new FfmBackend();
    }

    /**
     * The downcall handle of the SPI method {@code name}: its symbol, a descriptor of its signature, and
     * {@code critical} (no thread-state transition: a safepoint waits for the call) when it never blocks.
     */
    static MethodHandle link(String name) {
        Method m = spiMethod(name);
        Symbol symbol = m.getAnnotation(Symbol.class);
        MemorySegment address = lookup.find(symbol.value())
                .orElseThrow(() -> new UnsatisfiedLinkError("liblwp4j.so has no symbol " + symbol.value()));
        return LINKER.downcallHandle(address, descriptorOf(m), linkOptions(symbol));
    }

    /** {@code critical} exactly for the functions lwp4j.h says never block. */
    static Linker.Option[] linkOptions(Symbol symbol) {
        return symbol.blocks() ? NOT_CRITICAL : CRITICAL;
    }

    static FunctionDescriptor descriptorOf(Method m) {
        MemoryLayout[] args = Arrays.stream(m.getParameterTypes()).map(FfmBackend::layoutOf)
                .toArray(MemoryLayout[]::new);
        return m.getReturnType() == void.class ? FunctionDescriptor.ofVoid(args)
                : FunctionDescriptor.of(layoutOf(m.getReturnType()), args);
    }

    private static MemoryLayout layoutOf(Class<?> type) {
        if (type == long.class) {
            return ValueLayout.JAVA_LONG;
        }
        if (type == int.class) {
            return ValueLayout.JAVA_INT;
        }
        throw new IllegalStateException("the SPI passes int and long only, not " + type);
    }

    static Method spiMethod(String name) {
        Method found = null;
        for (Method m : NativeBackend.class.getMethods()) {
            if (m.getName().equals(name)) {
                if (found != null) {
                    throw new IllegalStateException("NativeBackend overloads " + name + ": the table needs one per name");
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalStateException("NativeBackend has no method " + name);
        }
        return found;
    }

    /** A downcall throws only what the Java side throws (nothing here); keep the type system honest. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
