package io.lwp4j.bench;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexMutex;
import io.lwp4j.memory.NativeMemory;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Lock, add one to a shared counter, unlock: {@link FutexMutex} against {@link ReentrantLock} and
 * {@code synchronized}. With one thread ({@code -t 1}, the default) it is the uncontended fast path — compare with
 * {@code native/bench/bench_futex_mutex uncontended}; with {@code -t 2/4/8} it is contended, time per operation per
 * thread — compare with {@code bench_futex_mutex contended N} (the runner's {@code futex} group does both).
 */
public class MutexBench extends JmhBenchmark {

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
