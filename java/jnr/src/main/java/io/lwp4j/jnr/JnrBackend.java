package io.lwp4j.jnr;

import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.Symbol;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.mapper.FunctionMapper;

/**
 * The jnr-ffi backend: jnr-ffi implements the {@link NativeBackend} interface itself. Its loader generates a class
 * (with ASM) whose every method calls the C function named by the method's {@link Symbol} through jffi's primitive
 * fast path: no proxy, no reflection, no boxing per call. Adding a function to the SPI therefore needs no line here
 * at all; a missing symbol fails in {@link #bind}.
 *
 * <p>Errno is never saved: by default jnr-ffi reads {@code errno} after every call and stores it in a thread-local,
 * which costs a native call per downcall; the shim returns {@code -errno} itself (ARCHITECTURE.md §2), so
 * {@link LibraryOption#IgnoreError} turns that off for the whole library.
 *
 * <p>Upcalls (pthread creation, ARCHITECTURE.md §6) need no jnr-ffi type in the SPI: function pointers cross it as
 * {@code long}, and {@link JnrBackendProvider#upcallStub} makes one from a {@code @Delegate} interface with jnr-ffi's
 * closure manager, so this interface binding stays generated.
 */
public final class JnrBackend {

    /** jffi's switch from {@code sun.misc.Unsafe} to JNI for its memory accessors. */
    private static final String JFFI_UNSAFE_DISABLED = "jffi.unsafe.disabled";

    private JnrBackend() {}

    /**
     * Loads {@code library} and generates the binding. Each call makes a new, independent binding (no shared state),
     * and the library stays open for the life of the JVM.
     */
    static NativeBackend bind(Path library) {
        // jffi accesses memory with sun.misc.Unsafe unless told not to, and on Java 24+ its first use prints a
        // "terminally deprecated method" WARNING (JEP 498). This backend passes only primitives and never uses
        // jffi's memory accessors, so their JNI fallback costs nothing here. Set only if the application has not
        // chosen, and before jffi initialises (if another library already initialised it, this is a no-op).
        if (System.getProperty(JFFI_UNSAFE_DISABLED) == null) {
            System.setProperty(JFFI_UNSAFE_DISABLED, "true");
        }
        return LibraryLoader.create(NativeBackend.class)
                .option(LibraryOption.IgnoreError, true)
                .mapper((FunctionMapper) JnrBackend::symbolOf)
                .failImmediately()
                .load(library.toString());
    }

    /**
     * The C name jnr-ffi links a method to: the method's {@link Symbol}. Called while the binding is generated, so a
     * missing symbol fails the bind here (jnr-ffi would otherwise generate a method that throws on first call).
     */
    private static String symbolOf(String javaName, FunctionMapper.Context context) {
        for (Annotation a : context.getAnnotations()) {
            if (a instanceof Symbol) {
                String name = ((Symbol) a).value();
                if (!context.isSymbolPresent(name)) {
                    throw new UnsatisfiedLinkError("liblwp4j.so has no symbol " + name);
                }
                return name;
            }
        }
        throw new IllegalStateException("NativeBackend." + javaName + " has no @Symbol naming its C function");
    }
}
