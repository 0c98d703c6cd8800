/**
 * The Foreign Function &amp; Memory backend (Java 22+, the default and the fastest; ARCHITECTURE.md §2):
 * {@link io.lwp4j.ffm.FfmBackend} binds every {@code liblwp4j.so} function of {@link io.lwp4j.spi.NativeBackend}
 * with a downcall handle, and {@link io.lwp4j.ffm.FfmBackendProvider} registers it with core's
 * {@link java.util.ServiceLoader} lookup. No logic lives here: core's whole test suite runs against this backend.
 *
 * <p>This module is the one that calls FFM's restricted methods: run with
 * {@code --enable-native-access=io.lwp4j.ffm} on the module path, {@code --enable-native-access=ALL-UNNAMED} on the
 * class path.
 */
package io.lwp4j.ffm;
