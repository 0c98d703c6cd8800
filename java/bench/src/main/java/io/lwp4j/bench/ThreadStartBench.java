package io.lwp4j.bench;

import io.lwp4j.Lwp4j;
import io.lwp4j.pthread.NativeThread;
import io.lwp4j.pthread.NativeThreadBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * Starting a thread that runs an empty Java body and joining it: lwp4j's {@link NativeThread} ({@code pthread_create}
 * in the shim, then the backend's upcall attaches the thread to the JVM) against {@code java.lang.Thread}. The C
 * reference is {@code native/bench/bench_pthread_create} (pthread_create + pthread_join of an empty C function):
 * the floor no JVM thread can reach, since attaching a thread to the JVM is most of the cost. The backend is
 * lwp4j's default (force one with {@code -Dlwp4j.backend} in the JMH JVM options).
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThreadStartBench extends JmhBenchmark {
    private static final Duration JOIN = Duration.ofSeconds(10);
    private static final Runnable EMPTY = () -> { };

    private NativeThreadBuilder plain;
    private NativeThreadBuilder ownStack;

    @Setup
    public void setUp() {
        Lwp4j.ensureAvailability();
        plain = NativeThread.builder();
        ownStack = NativeThread.builder().stackSize(512 * 1024);
    }

    /** NativeThread with glibc's stack (cached by glibc between threads). */
    @Benchmark
    public boolean nativeThread() throws InterruptedException {
        return plain.start(EMPTY).join(JOIN);
    }

    /** NativeThread with an exact 512 KiB stack lwp4j maps and unmaps each time. */
    @Benchmark
    public boolean nativeThreadOwnStack() throws InterruptedException {
        return ownStack.start(EMPTY).join(JOIN);
    }

    /** java.lang.Thread: start and join. */
    @Benchmark
    public boolean javaThread() throws InterruptedException {
        Thread t = new Thread(EMPTY);
        t.start();
        t.join();
        return t.isAlive();
    }
}
