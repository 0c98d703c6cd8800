package io.lwp4j.spi;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Makes a {@link NativeBackend}; found with {@link java.util.ServiceLoader}. The best available provider wins
 * (highest {@link #priority()}: FFM, then jnr-ffi, then JNA); {@code -Dlwp4j.backend=NAME} forces one.
 */
public interface NativeBackendProvider {

    /** The name {@code -Dlwp4j.backend} selects: {@code "ffm"}, {@code "jna"} or {@code "jnr"}. */
    String name();

    /** Higher is preferred when no backend is forced. */
    int priority();

    /**
     * Why this backend cannot work in this runtime (too old a Java, a missing library jar), or {@code null} when it
     * can. Must be cheap and must not load any native code.
     */
    String unavailableReason();

    /**
     * Binds the library at {@code library} (an absolute path to {@code liblwp4j.so}). The file may be deleted as
     * soon as this returns.
     *
     * @throws Exception when the library cannot be loaded or a symbol is missing
     */
    NativeBackend bind(Path library) throws Exception;

    /**
     * A direct {@link ByteBuffer} over {@code capacity} bytes of native memory at {@code address}, memory that core
     * mapped and owns (the buffer neither copies nor frees it). Core reads and writes it through
     * {@link java.lang.invoke.MethodHandles#byteBufferViewVarHandle} views, which the JIT compiles to plain, acquire,
     * release and CAS instructions (ARCHITECTURE.md §2). Called once per mapping, never on a hot path. No logic.
     */
    ByteBuffer directBuffer(long address, int capacity);

    /**
     * A C function pointer ({@code void (*)(int64_t)}) that calls {@code upcall} on whatever native thread calls
     * it, attaching that thread to the JVM: FFM {@code Linker.upcallStub} in its own arena, a JNA
     * {@code Callback}, a jnr-ffi {@code @Delegate} closure. The stub keeps {@code upcall} reachable until it is
     * closed. No logic: core decides when it is safe to close.
     */
    UpcallStub upcallStub(Upcall upcall);

    /**
     * For {@link #unavailableReason}: {@code null} when every class named is visible to {@code provider}'s class
     * loader, else "{@code what} is not on the class path (add {@code artifact})" with the failure. The classes are
     * looked up without initialising them (their initialisers may load JNI code).
     */
    static String classesMissing(Class<?> provider, String what, String artifact, String... classNames) {
        try {
            for (String name : classNames) {
                Class.forName(name, false, provider.getClassLoader());
            }
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return what + " is not on the class path (add " + artifact + "): " + e;
        }
    }
}
