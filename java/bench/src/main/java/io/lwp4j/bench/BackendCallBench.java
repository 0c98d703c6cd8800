package io.lwp4j.bench;

import io.lwp4j.Lwp4j;
import io.lwp4j.internal.Native;
import io.lwp4j.internal.NativeLibraryLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The cost of one shim call through each backend, the way core makes it: {@code Native.backend().gettid()}, where
 * the backend is a {@code static final} the JIT treats as a constant. Each {@link #backend} value runs in its own
 * fork (JMH forks per parameter set), which forces that backend with {@code -Dlwp4j.backend} before lwp4j loads.
 *
 * <p>The C reference is {@code native/bench}'s {@code bench_gettid} (the same {@code lwp_gettid} called from C):
 * report {@code backend / C} ratios from one invocation. {@code lwp_gettid} and {@code lwp_getcpu} are raw syscalls,
 * so the ratio measures a backend's per-call overhead against a fixed ~100 ns kernel entry. A futex wake with no
 * waiter has no shim function yet and is not measured here.
 *
 * {@snippet lang=sh :
 * java -cp "$CP" org.openjdk.jmh.Main BackendCallBench    # -p backend=jnr for one
 * }
 */
public class BackendCallBench extends JmhBenchmark {

    @Param({"ffm", "jnr", "jna"})
    public String backend;

    @Setup
    public void forceBackend() {
        System.setProperty(NativeLibraryLoader.BACKEND_PROP_NAME, backend);
        Lwp4j.ensureAvailability();
        if (!Lwp4j.backendName().equals(backend)) {
            // lwp4j was loaded before this setup ran (-f 0?): the numbers would be another backend's.
            throw new IllegalStateException("lwp4j already bound " + Lwp4j.backendName() + ", not " + backend
                    + "; run each backend in its own fork");
        }
    }

    /** {@code lwp_gettid()}: one raw {@code gettid} syscall. */
    @Benchmark
    public long gettid() {
        return Native.backend().gettid();
    }

    /** {@code lwp_getcpu()}: one raw {@code getcpu} syscall (no vDSO: the shim enters the kernel). */
    @Benchmark
    public long getcpu() {
        return Native.backend().getcpu();
    }
}
