package io.lwp4j.cli.demo;

import io.lwp4j.JavaThreads;
import io.lwp4j.proc.ThreadSample;
import io.lwp4j.proc.ThreadSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * The experiment {@code gil} and {@code sched} share: N platform threads, each set up (pinned, niced, ...) and then
 * doing units of CPU-bound work for a fixed time, measured by lwp4j's {@link ThreadSampler} over exactly that time:
 * each thread's CPU share and run-queue delay, beside how many units it did.
 */
final class BusyThreads {
    private BusyThreads() {}

    /** What one thread did: its TID, name, units of work, and the sampler's figures for it over the run. */
    record Result(int tid, String name, long units, ThreadSample sample) {
        double cpu() {
            return sample == null ? 0 : sample.cpu();
        }

        double delay() {
            return sample == null ? 0 : sample.delay();
        }
    }

    /** Where work results go (one slot per 128 bytes and thread) so that the JIT keeps the work; never read. */
    static final long[] SINK = new long[16 * 16];

    /** Some CPU-bound work for thread {@code index}; returns how many units it did. */
    @FunctionalInterface
    interface Unit {
        int run(int index);
    }

    /** One unit of {@link #work} for thread {@code index}, kept from the JIT in {@link #SINK}. */
    static final Unit ONE_UNIT = i -> {
        SINK[(i & 15) * 16] ^= work(i);
        return 1;
    };

    /** A unit of pure computation, a few microseconds long; its result is returned so the JIT cannot drop it. */
    static long work(long seed) {
        long x = seed | 1;
        for (int i = 0; i < 2000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * Starts {@code n} threads named {@code prefix-i}; each runs {@code setup} once, then {@code unit} until the run
     * ends. The sampler's first reading is taken once every thread is set up, the second {@code millis} later.
     */
    static List<Result> run(String prefix, int n, long millis, IntConsumer setup, Unit unit) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLongArray units = new AtomicLongArray(n * 16); // one counter per 128 bytes: no false sharing
        int[] tids = new int[n];
        Throwable[] failure = new Throwable[1];
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 0; i < n; i++) {
            int k = i;
            Thread t = new Thread(() -> {
                try {
                    tids[k] = JavaThreads.currentTid();
                    setup.accept(k);
                } catch (RuntimeException e) {
                    failure[0] = e;
                } finally {
                    ready.countDown();
                }
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long done = 0;
                while (!stop.get() && failure[0] == null) {
                    long before = done;
                    done += unit.run(k);
                    if ((before >>> 6) != (done >>> 6)) {
                        units.lazySet(k * 16, done);
                    }
                }
                units.set(k * 16, done);
            }, prefix + "-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("threads not ready within 30 s");
            }
            if (failure[0] != null) {
                throw new IllegalStateException(failure[0].getMessage(), failure[0]);
            }
            ThreadSampler sampler = ThreadSampler.self();
            go.countDown();
            Thread.sleep(millis);
            ThreadSampler.Sample s = sampler.sample();
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(new Result(tids[i], threads.get(i).getName(), units.get(i * 16),
                        s.thread(tids[i]).orElse(null)));
            }
            return results;
        } finally {
            stop.set(true);
            go.countDown();
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    static double totalCpu(List<Result> rs) {
        return rs.stream().mapToDouble(Result::cpu).sum();
    }

    static double totalDelay(List<Result> rs) {
        return rs.stream().mapToDouble(Result::delay).sum();
    }

    static long totalUnits(List<Result> rs) {
        return rs.stream().mapToLong(Result::units).sum();
    }

    static List<Integer> tids(List<Result> rs) {
        List<Integer> l = new ArrayList<>();
        rs.forEach(r -> l.add(r.tid()));
        return l;
    }
}
