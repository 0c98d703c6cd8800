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

    /**
     * The stub at {@code address} that keeps {@code keepAlive} (the backend's callback objects, whose trampoline its
     * collector frees once they are unreachable) strongly reachable until closed, and then runs {@code release}.
     */
    static UpcallStub of(long address, Object keepAlive, Runnable release) {
        return new UpcallStub() {
            private volatile Object held = keepAlive;

            @Override
            public long address() {
                return address;
            }

            @Override
            public void close() {
                held = null;
                release.run();
            }

            @Override
            public String toString() {
                return "UpcallStub[0x" + Long.toHexString(address) + (held == null ? ", closed]" : "]");
            }
        };
    }
}
