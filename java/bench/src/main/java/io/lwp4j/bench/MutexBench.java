package io.lwp4j.bench;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexMutex;
import io.lwp4j.memory.NativeMemory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lock, add one to a shared counter, unlock: {@link FutexMutex} against {@link ReentrantLock} and
 * {@code synchronized}. With one thread ({@code -t 1}, the default) it is the uncontended fast path — compare with
 * {@code native/bench/bench_futex_mutex uncontended}; with {@code -t 2/4/8} it is contended, time per operation per
 * thread — compare with {@code bench_futex_mutex contended N} (the runner's {@code futex} group does both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MutexBench {

    private NativeMemory memory;
    private FutexMutex futexMutex;
    private final ReentrantLock reentrantLock = new ReentrantLock();
    private final Object monitor = new Object();
    private long counter;

    @Setup
    public void map() {
        memory = NativeMemory.create(4096);
        futexMutex = FutexMutex.on(Futex.privateOn(memory, 0));
    }

    @TearDown
    public void unmap() {
        memory.close();
    }

    @Benchmark
    public long futexMutex() {
        futexMutex.lock();
        try {
            return ++counter;
        } finally {
            futexMutex.unlock();
        }
    }

    @Benchmark
    public long reentrantLock() {
        reentrantLock.lock();
        try {
            return ++counter;
        } finally {
            reentrantLock.unlock();
        }
    }

    @Benchmark
    public long synchronizedBlock() {
        synchronized (monitor) {
            return ++counter;
        }
    }
}
