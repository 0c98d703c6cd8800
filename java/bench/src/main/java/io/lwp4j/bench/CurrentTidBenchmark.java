package io.lwp4j.bench;

import io.lwp4j.JavaThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The current thread's kernel TID: {@link JavaThreads#currentTid()} (cached per platform thread: a thread-local
 * read) and {@link JavaThreads#uncachedTid()} (a {@code gettid} downcall through the backend every time). The C
 * reference is {@code native/bench/bench_gettid}: the same syscall from C, inline and through the shim.
 */
@State(Scope.Thread)
public class CurrentTidBenchmark extends JmhBenchmark {

    /** Runs on the benchmark thread: both paths must give the TID the kernel shows for it, or we time a bug. */
    @Setup
    public void checkAgainstKernel() throws IOException {
        // /proc/thread-self -> "<pid>/task/<tid>"
        String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
        int kernelTid = Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
        if (JavaThreads.currentTid() != kernelTid || JavaThreads.uncachedTid() != kernelTid) {
            throw new IllegalStateException("TID mismatch: /proc/thread-self says " + kernelTid + ", currentTid "
                    + JavaThreads.currentTid() + ", uncachedTid " + JavaThreads.uncachedTid());
        }
    }

    @Benchmark
    public int cached() {
        return JavaThreads.currentTid();
    }

    @Benchmark
    public int uncached() {
        return JavaThreads.uncachedTid();
    }
}
