package io.lwp4j.spi;

/**
 * Java code that native code calls: the C type {@code void (*)(int64_t arg)}. A backend turns it into a C function
 * pointer with {@link NativeBackendProvider#upcallStub}. Core's implementations never throw (an exception escaping
 * an FFM upcall ends the JVM), so a backend passes calls through without logic.
 */
@FunctionalInterface
public interface Upcall {

    /** Runs on the native thread that called the function pointer, attached to the JVM by the backend. */
    void run(long arg);
}
