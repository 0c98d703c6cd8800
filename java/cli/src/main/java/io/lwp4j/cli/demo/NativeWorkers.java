package io.lwp4j.cli.demo;

import io.lwp4j.pthread.NativeThread;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The native threads of the two image servers ({@link ImageServer}'s burst, {@link StaticImageServer}'s
 * {@code --serve}): a pool ({@code pool-N}) taking connections from one queue until a poison value, or one thread per
 * connection; the ended ones joined as new ones start; at the end the pool is poisoned and every thread joined.
 *
 * @param <T> a connection
 */
final class NativeWorkers<T> {
    private final BlockingQueue<T> queue;
    private final T poison;
    private final Queue<NativeThread> threads = new ConcurrentLinkedQueue<>();
    private final AtomicInteger created = new AtomicInteger();
    private int poolSize;

    /** Pool threads take from {@code queue} until they take {@code poison}. */
    NativeWorkers(BlockingQueue<T> queue, T poison) {
        this.queue = queue;
        this.poison = poison;
    }

    /** Starts {@code size} pool threads, each serving the connections it takes from the queue. */
    void startPool(int size, Consumer<T> serve) {
        for (int i = 1; i <= size; i++) {
            start("pool-" + i, () -> {
                try {
                    for (T c = queue.take(); c != poison; c = queue.take()) {
                        serve.accept(c);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        poolSize += size;
    }

    /** One more native thread (a connection's own), after joining those that have ended. */
    void start(String name, Runnable body) {
        threads.removeIf(NativeWorkers::joinIfEnded);
        threads.add(NativeThread.builder().name(name).start(body));
        created.incrementAndGet();
    }

    /** Native threads started so far. */
    int created() {
        return created.get();
    }

    /** Ends the pool (one poison per pool thread) and joins every thread, each for at most {@code each}. */
    void stopAndJoin(Duration each) throws InterruptedException {
        for (int i = 0; i < poolSize; i++) {
            queue.offer(poison);
        }
        for (NativeThread t : List.copyOf(threads)) {
            t.join(each);
        }
    }

    private static boolean joinIfEnded(NativeThread t) {
        try {
            return !t.isAlive() && t.join(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
