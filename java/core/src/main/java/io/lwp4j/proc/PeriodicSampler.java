package io.lwp4j.proc;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** A sampler's own thread: see {@link ThreadSampler#every}. {@link #close()} stops it. */
public final class PeriodicSampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    PeriodicSampler(ThreadSampler sampler, Duration interval, Consumer<? super ThreadSampler.Sample> consumer) {
        long step = interval.toNanos();
        thread = new Thread(() -> {
            long next = System.nanoTime() + step;
            while (!stop) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                next += step;
                try {
                    consumer.accept(sampler.sample());
                } catch (Throwable t) {
                    failure = t;
                    return;
                }
            }
        }, "lwp4j-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** What ended it, if a sample or the consumer threw. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether it still runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops it and waits (up to 10 s) for a sample in progress to finish; idempotent. */
    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        if (thread != Thread.currentThread()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
