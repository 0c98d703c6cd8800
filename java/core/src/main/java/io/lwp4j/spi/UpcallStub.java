package io.lwp4j.spi;

/**
 * A C function pointer that calls an {@link Upcall}, made by {@link NativeBackendProvider#upcallStub}. Its owner
 * (core) closes it exactly once, after no native code can call it any more.
 */
public interface UpcallStub extends AutoCloseable {

    /** The function pointer, a {@code void (*)(int64_t)}. */
    long address();

    /**
     * Frees the stub (FFM: closes its arena) or gives it up to the backend's own collector (JNA, jnr-ffi free a
     * callback's trampoline when the callback object becomes unreachable; closing drops the strong reference).
     */
    @Override
    void close();
}
