package io.lwp4j.spi;

/**
 * The functions of {@code liblwp4j.so} (its contract is {@code native/include/lwp4j.h}), bound by one backend:
 * FFM, JNA or jnr-ffi. A backend holds no logic: each method calls the C function of the same name and returns
 * its result untouched — {@code >= 0} on success, {@code -errno} on failure. Core turns results into values and
 * exceptions; the same contract tests run against every backend.
 *
 * <p>Implementations are thread-safe and never read {@code errno}.
 */
public interface NativeBackend {

    /** {@code int32_t lwp_abi_version(void)}. */
    int abiVersion();

    /** {@code int64_t lwp_gettid(void)}: the calling thread's kernel TID. */
    long gettid();

    /** {@code int64_t lwp_getpid(void)}: the calling thread's TGID. */
    long getpid();

    /** {@code int64_t lwp_getcpu(void)}: {@code cpu | (node << 32)}, or {@code -errno}. */
    long getcpu();
}
