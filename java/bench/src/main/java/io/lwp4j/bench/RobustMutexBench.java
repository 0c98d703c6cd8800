package io.lwp4j.bench;

import io.lwp4j.Lwp4j;
import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexMutex;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.pthread.LockOutcome;
import io.lwp4j.pthread.PthreadMutex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An uncontended lock + unlock: the robust, process-shared glibc mutex ({@link PthreadMutex}: two downcalls into
 * glibc) against lwp4j's {@link FutexMutex} (a CAS on the word in Java, no syscall when free), both in the same
 * shared mapping. The C reference is {@code native/bench/bench_pthread_create}'s mutex rows (the same glibc mutex
 * locked from C).
 */
public class RobustMutexBench extends JmhBenchmark {

    private NativeMemory memory;
    private PthreadMutex robust;
    private FutexMutex futex;

    @Setup(Level.Trial)
    public void setUp() {
        Lwp4j.ensureAvailability();
        memory = NativeMemory.createShared(4096);
        robust = PthreadMutex.create(memory, 0, true);
        futex = FutexMutex.on(Futex.sharedOn(memory, 1024));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        robust.close();
        memory.close();
    }

    /** pthread_mutex_lock + unlock of a robust, process-shared mutex. */
    @Benchmark
    public LockOutcome robustPthreadMutex() {
        LockOutcome o = robust.lock();
        robust.unlock();
        return o;
    }

    /** FutexMutex lock + unlock (shared futex word). */
    @Benchmark
    public void futexMutex() {
        futex.lock();
        futex.unlock();
    }
}
