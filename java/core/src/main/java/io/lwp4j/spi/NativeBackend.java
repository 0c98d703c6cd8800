package io.lwp4j.spi;

/**
 * The functions of {@code liblwp4j.so} (its contract is {@code native/include/lwp4j.h}), bound by one backend:
 * FFM, JNA or jnr-ffi. A backend holds no logic: each method calls the C function its {@link Symbol} names and returns
 * its result untouched — {@code >= 0} on success, {@code -errno} on failure. Core turns results into values and
 * exceptions; the same contract tests run against every backend.
 *
 * <p>Implementations are thread-safe and never read {@code errno}. Each method names its C function with
 * {@link Symbol}; a method takes and returns only primitives ({@code long} for an address), so every backend binds it
 * without conversions.
 */
public interface NativeBackend {

    /** {@code int32_t lwp_abi_version(void)}. */
    @Symbol("lwp_abi_version")
    int abiVersion();

    /** {@code int64_t lwp_gettid(void)}: the calling thread's kernel TID. */
    @Symbol("lwp_gettid")
    long gettid();

    /** {@code int64_t lwp_getpid(void)}: the calling thread's TGID. */
    @Symbol("lwp_getpid")
    long getpid();

    /** {@code int64_t lwp_getcpu(void)}: {@code cpu | (node << 32)}, or {@code -errno}. */
    @Symbol("lwp_getcpu")
    long getcpu();
}
