/**
 * The jnr-ffi backend (Java 17+; ARCHITECTURE.md §2): jnr-ffi implements {@link io.lwp4j.spi.NativeBackend} itself
 * from its {@code @Symbol} names ({@link io.lwp4j.jnr.JnrBackend} loads it), and
 * {@link io.lwp4j.jnr.JnrBackendProvider} registers it with core's {@link java.util.ServiceLoader} lookup, chosen
 * after FFM and before JNA. No logic lives here: core's whole test suite runs against this backend, on the build JDK
 * and on JDK 17. From the module path, jnr-ffi's generated class (an unnamed module) needs
 * {@code --add-exports io.lwp4j.core/io.lwp4j.spi=ALL-UNNAMED}.
 */
package io.lwp4j.jnr;
