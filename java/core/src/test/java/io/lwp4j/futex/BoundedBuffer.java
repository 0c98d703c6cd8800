package io.lwp4j.futex;

import io.lwp4j.memory.NativeMemory;
import java.time.Duration;

/**
 * The seeds' producer/consumer: a bounded buffer of ints guarded by one {@link FutexMutex} with two
 * {@link FutexCondition}s, {@code notFull} and {@code notEmpty}, all in one memory — so the same code runs across
 * threads (private memory) or processes (a SharedMemory).
 */
final class BoundedBuffer {

    static final long MUTEX = 0;
    static final long NOT_FULL = 8;
    static final long NOT_EMPTY = 16;
    static final long COUNT = 24;
    static final long HEAD = 28;
    static final long TAIL = 32;
    static final long SLOTS = 64;
    static final int CAPACITY = 8;
    static final int BYTES = (int) SLOTS + 4 * CAPACITY;

    private final NativeMemory mem;
    private final FutexMutex mutex;
    private final FutexCondition notFull;
    private final FutexCondition notEmpty;

    BoundedBuffer(NativeMemory mem) {
        this.mem = mem;
        this.mutex = FutexMutex.on(Futex.on(mem, MUTEX));
        this.notFull = FutexCondition.on(Futex.on(mem, NOT_FULL), mutex);
        this.notEmpty = FutexCondition.on(Futex.on(mem, NOT_EMPTY), mutex);
    }

    /** Puts {@code v}, waiting while full; {@code false} if still full after {@code timeout} in one wait. */
    boolean put(int v, Duration timeout) throws InterruptedException {
        mutex.lock();
        try {
            while (mem.getInt(COUNT) == CAPACITY) {
                if (!notFull.await(timeout) && mem.getInt(COUNT) == CAPACITY) {
                    return false;
                }
            }
            int tail = mem.getInt(TAIL);
            mem.setInt(SLOTS + 4L * tail, v);
            mem.setInt(TAIL, (tail + 1) % CAPACITY);
            mem.setInt(COUNT, mem.getInt(COUNT) + 1);
            notEmpty.signal();
            return true;
        } finally {
            mutex.unlock();
        }
    }

    /** Takes the oldest value, waiting while empty; {@link Integer#MIN_VALUE} if still empty after a timed wait. */
    int take(Duration timeout) throws InterruptedException {
        mutex.lock();
        try {
            while (mem.getInt(COUNT) == 0) {
                if (!notEmpty.await(timeout) && mem.getInt(COUNT) == 0) {
                    return Integer.MIN_VALUE;
                }
            }
            int head = mem.getInt(HEAD);
            int v = mem.getInt(SLOTS + 4L * head);
            mem.setInt(HEAD, (head + 1) % CAPACITY);
            mem.setInt(COUNT, mem.getInt(COUNT) - 1);
            notFull.signal();
            return v;
        } finally {
            mutex.unlock();
        }
    }

    FutexMutex mutex() {
        return mutex;
    }

    FutexCondition notEmpty() {
        return notEmpty;
    }

    FutexCondition notFull() {
        return notFull;
    }

    /** Produces 1..n; exit code 2 if a put timed out. */
    static void produce(BoundedBuffer b, int n) throws InterruptedException {
        for (int i = 1; i <= n; i++) {
            if (!b.put(i, Duration.ofSeconds(30))) {
                throw new IllegalStateException("put(" + i + ") timed out: the consumer never made room");
            }
        }
    }

    /** Consumes n values and checks they are 1..n in order; returns their sum. */
    static long consume(BoundedBuffer b, int n) throws InterruptedException {
        long sum = 0;
        for (int i = 1; i <= n; i++) {
            int v = b.take(Duration.ofSeconds(30));
            if (v != i) {
                throw new IllegalStateException("take() = " + v + ", expected " + i);
            }
            sum += v;
        }
        return sum;
    }
}
