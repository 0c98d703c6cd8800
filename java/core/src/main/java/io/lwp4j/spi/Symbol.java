package io.lwp4j.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code liblwp4j.so} function a {@link NativeBackend} method calls, and the two facts the header
 * ({@code native/include/lwp4j.h}, its {@code LWP4J_FUNCTIONS} table) states for it. This is Java's copy of that
 * table: the method's name in C here, its parameter and result types in the method's signature. Backends read it
 * instead of keeping facts of their own (JNA and jnr-ffi bind by {@link #value}; FFM links exactly the functions
 * that never {@link #blocks block} {@code critical}); the contract tests ({@code SymbolContractTest}) compare every
 * method with the header's row as the target compiler sees it, so a drifted name, type or fact fails a test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Symbol {

    /** The C name, for example {@code "lwp_gettid"}. */
    String value();

    /**
     * Whether the call may sleep in the kernel for as long as another thread, another process or a timeout decides
     * ({@code LWP_BLOCKS}); {@code false}: it returns promptly ({@code LWP_NEVER_BLOCKS}).
     */
    boolean blocks();

    /**
     * Whether a task made by {@code clone()} without libc thread state may call it: raw syscalls only, no errno, no
     * TLS ({@code LWP_RAW_SAFE}).
     */
    boolean rawSafe();
}
