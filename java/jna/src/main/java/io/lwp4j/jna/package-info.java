/**
 * The JNA backend (Java 17+; ARCHITECTURE.md §2): {@link io.lwp4j.jna.JnaBackend} binds every {@code liblwp4j.so}
 * function of {@link io.lwp4j.spi.NativeBackend} with JNA's direct mapping ({@code native} methods registered with
 * {@code RegisterNatives}), and {@link io.lwp4j.jna.JnaBackendProvider} registers it with core's
 * {@link java.util.ServiceLoader} lookup, chosen after FFM and jnr-ffi. No logic lives here: core's whole test suite
 * runs against this backend, on the build JDK and on JDK 17.
 */
package io.lwp4j.jna;
