package io.lwp4j.cli.demo;

import io.lwp4j.Lwp4j;
import io.lwp4j.cli.Json;
import io.lwp4j.pthread.NativeThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code lwp4j demo sync}: the seeds' synchronisation programs on native threads (each made with
 * {@code pthread_create} and named): a semaphore letting two in at a time, a producer and consumers over a
 * condition variable, readers and writers over a read-write lock, and thread-specific data. Each part prints what
 * its threads did, with their TIDs and the {@code ps -eLf} rows of the threads while they run. The primitives are
 * {@code java.util.concurrent}'s (on Linux they park through futexes too); the point here is the native threads.
 */
@Command(name = "sync", description = "Semaphore, condition variable, read-write lock and thread-specific data on "
        + "native threads.")
public final class SyncDemo extends DemoSupport implements Callable<Integer> {

    private final List<String> jsonParts = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        boolean ok = semaphore() & conditionVariable() & readWriteLock() & threadSpecificData();
        if (json) {
            out.println("{\"demo\":\"sync\",\"parts\":[" + String.join(",", jsonParts) + "],\"ok\":" + ok + "}");
        }
        return ok ? 0 : 1;
    }

    /** Starts {@code n} named native threads, shows their ps rows once all are running, joins them. */
    private List<NativeThread> runAll(int n, IntFunction<String> name, IntFunction<Runnable> body, String caption)
            throws InterruptedException {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(n);
        java.util.concurrent.CountDownLatch shown = new java.util.concurrent.CountDownLatch(1);
        List<NativeThread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Runnable r = body.apply(i);
            threads.add(NativeThread.builder().name(name.apply(i)).start(() -> {
                running.countDown();
                PthreadsDemo.awaitQuietly(shown);
                r.run();
            }));
        }
        running.await();
        printPsRows(caption, threads.stream().map(NativeThread::tid).collect(Collectors.toList()));
        if (!json) {
            out.println("   " + threads.stream().map(t -> t.name() + " = LWP " + t.tid())
                    .collect(Collectors.joining(", ")));
            out.println();
        }
        shown.countDown();
        for (NativeThread t : threads) {
            t.join(Duration.ofSeconds(30));
        }
        return threads;
    }

    private boolean semaphore() throws InterruptedException {
        explain("semaphore: two at a time",
                "Six native threads each enter a section guarded by a counting semaphore of 2 permits, stay 20 ms, "
                        + "leave.",
                "The most ever inside at once must be 2.");
        Semaphore sem = new Semaphore(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        runAll(6, i -> "sem-" + i, i -> () -> {
            sem.acquireUninterruptibly();
            try {
                int now = inside.incrementAndGet();
                most.accumulateAndGet(now, Math::max);
                log.add(Thread.currentThread().getName() + " in (" + now + " inside)");
                sleep(20);
                inside.decrementAndGet();
            } finally {
                sem.release();
            }
        }, "ps -eLf rows of the six threads:");
        report("semaphore", log, "most inside at once: " + most.get(), "\"mostInside\":" + most.get());
        return most.get() == 2;
    }

    private boolean conditionVariable() throws InterruptedException {
        explain("producer/consumer over a condition variable",
                "One producer puts 20 items into a 4-slot buffer; two consumers take them. Each side waits on a "
                        + "condition variable",
                "(not full / not empty) while it cannot go on; every item must arrive exactly once.");
        ReentrantLock lock = new ReentrantLock();
        Condition notFull = lock.newCondition();
        Condition notEmpty = lock.newCondition();
        java.util.ArrayDeque<Integer> buffer = new java.util.ArrayDeque<>();
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger sum = new AtomicInteger();
        AtomicInteger producerWaits = new AtomicInteger();
        int items = 20;
        runAll(3, i -> i == 0 ? "producer" : "consumer-" + i, i -> () -> {
            for (int k = 1; ; k++) {
                lock.lock();
                try {
                    if (i == 0) {
                        if (k > items) {
                            buffer.add(-1); // one end mark per consumer
                            buffer.add(-1);
                            notEmpty.signalAll();
                            return;
                        }
                        while (buffer.size() >= 4) {
                            producerWaits.incrementAndGet();
                            notFull.awaitUninterruptibly();
                        }
                        buffer.add(k);
                        notEmpty.signal();
                    } else {
                        while (buffer.isEmpty()) {
                            notEmpty.awaitUninterruptibly();
                        }
                        int v = buffer.poll();
                        notFull.signal();
                        if (v < 0) {
                            return;
                        }
                        consumed.incrementAndGet();
                        sum.addAndGet(v);
                    }
                } finally {
                    lock.unlock();
                }
            }
        }, "ps -eLf rows of the producer and the two consumers:");
        boolean ok = consumed.get() == items && sum.get() == items * (items + 1) / 2;
        report("condition variable", List.of(), "consumed " + consumed.get() + " items (sum " + sum.get()
                + "), the producer waited " + producerWaits.get() + " times for a free slot",
                "\"consumed\":" + consumed.get() + ",\"producerWaits\":" + producerWaits.get());
        return ok;
    }

    private boolean readWriteLock() throws InterruptedException {
        explain("readers and writers over a read-write lock",
                "Four readers and two writers share a read-write lock: readers overlap each other, a writer is alone.");
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        AtomicInteger readers = new AtomicInteger();
        AtomicInteger writers = new AtomicInteger();
        AtomicInteger mostReaders = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        runAll(6, i -> i < 4 ? "reader-" + i : "writer-" + (i - 4), i -> () -> {
            for (int k = 0; k < 5; k++) {
                java.util.concurrent.locks.Lock l = i < 4 ? rw.readLock() : rw.writeLock();
                l.lock();
                try {
                    int r = i < 4 ? readers.incrementAndGet() : readers.get();
                    int w = i < 4 ? writers.get() : writers.incrementAndGet();
                    mostReaders.accumulateAndGet(r, Math::max);
                    if (w > 1 || (w == 1 && r > 0)) {
                        violations.incrementAndGet();
                    }
                    sleep(5);
                    (i < 4 ? readers : writers).decrementAndGet();
                } finally {
                    l.unlock();
                }
            }
        }, "ps -eLf rows of the readers and writers:");
        report("read-write lock", List.of(), "most readers at once: " + mostReaders.get() + ", writer overlaps: "
                + violations.get(), "\"mostReaders\":" + mostReaders.get() + ",\"violations\":" + violations.get());
        return violations.get() == 0;
    }

    private boolean threadSpecificData() throws InterruptedException {
        explain("thread-specific data",
                "Three native threads each keep a counter in a ThreadLocal (Java's pthread_key_t): the same key, a "
                        + "value per thread.");
        ThreadLocal<int[]> counter = ThreadLocal.withInitial(() -> new int[1]);
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        runAll(3, i -> "tsd-" + i, i -> () -> {
            for (int k = 0; k <= i * 10; k++) {
                counter.get()[0]++;
            }
            log.add(Thread.currentThread().getName() + " counted " + counter.get()[0]);
        }, "ps -eLf rows of the three threads:");
        report("thread-specific data", log, "each thread saw only its own counter", "\"values\":" + log.size());
        return log.size() == 3;
    }

    private void report(String part, List<String> log, String summary, String jsonFields) {
        if (json) {
            jsonParts.add("{\"part\":" + Json.str(part) + "," + jsonFields + "}");
            return;
        }
        synchronized (log) {
            log.forEach(l -> out.println("   " + l));
        }
        out.println("   => " + summary);
        out.println();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
