/**
 * The seam between core and the three native backends (ARCHITECTURE.md §2): {@link io.lwp4j.spi.NativeBackend}, the flat
 * list of {@code liblwp4j.so} functions, and {@link io.lwp4j.spi.NativeBackendProvider}, found with
 * {@link java.util.ServiceLoader}. Best first: FFM (lwp4j-ffm, Java 22+, priority 300), jnr-ffi (lwp4j-jnr, 200),
 * JNA (lwp4j-jna, 100); {@code -Dlwp4j.backend=ffm|jnr|jna} forces one and fails saying why it cannot run.
 *
 * <p>Adding a shim function:
 * <ol>
 *   <li>declare it in {@code native/include/lwp4j.h} (fixed arity, integers and addresses, {@code -errno});</li>
 *   <li>add the method here with {@link io.lwp4j.spi.Symbol @Symbol("lwp_...")} — a contract test compares it with
 *       the header;</li>
 *   <li>FFM: one holder class with its {@code MethodHandle} and the override that calls it; JNA: one line,
 *       {@code @Override public native ...;}; jnr-ffi: nothing (it implements this interface itself).</li>
 * </ol>
 * The one upcall primitive, {@link io.lwp4j.spi.NativeBackendProvider#upcallStub}, turns core's
 * {@link io.lwp4j.spi.Upcall} ({@code void (*)(int64_t)}) into a function pointer that shim functions such as
 * {@code lwp_pthread_start} take as an {@code int64_t}: FFM {@code Linker.upcallStub}, a JNA {@code Callback}, a
 * jnr-ffi {@code @Delegate} closure. It lives on the provider, not on {@code NativeBackend}, because jnr-ffi
 * generates that interface's implementation and would try to bind it as a C function.
 *
 * <p>Every test of core then runs against each backend: each backend module's build runs core's test-jar with its
 * backend forced, on the build JDK and (JNA, jnr-ffi) on JDK 17 too.
 */
package io.lwp4j.spi;
