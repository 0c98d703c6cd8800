package io.lwp4j.cli.demo;

import io.lwp4j.Lwp4j;
import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexSemaphore;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.pthread.NativeThread;
import io.lwp4j.pthread.PthreadCond;
import io.lwp4j.pthread.PthreadMutex;
import io.lwp4j.pthread.PthreadRwLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code lwp4j demo sync}: the seeds' synchronisation programs on native threads (each made with
 * {@code pthread_create} and named): a semaphore letting two in at a time, a producer and consumers over a
 * condition variable, readers and writers over a read-write lock, and thread-specific data. Each part prints what
 * its threads did, with their TIDs and the {@code ps -eLf} rows of the threads while they run. The primitives are
 * lwp4j's: {@link FutexSemaphore}, and glibc's mutex, condition variable and read-write lock as
 * {@link PthreadMutex}, {@link PthreadCond}, {@link PthreadRwLock}; thread-specific data is a {@link ThreadLocal}.
 */
@Command(name = "sync", description = "Semaphore, condition variable, read-write lock and thread-specific data on "
        + "native threads.")
public final class SyncDemo extends DemoSupport implements Callable<Integer> {

    // Where the primitives live: one page lwp4j mapped (a SharedMemory would make them work across processes).
    private static final int MUTEX = 0;
    private static final int NOT_FULL = 128;
    private static final int NOT_EMPTY = 256;
    private static final int RWLOCK = 384;
    private static final int SEMAPHORE = 1024;

    private final List<String> jsonParts = new ArrayList<>();
    private NativeMemory memory;

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        boolean ok;
        try (NativeMemory m = NativeMemory.create(4096)) {
            memory = m;
            ok = semaphore() & conditionVariable() & readWriteLock() & threadSpecificData();
        }
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
                "Six native threads each enter a section guarded by lwp4j's FutexSemaphore of 2 permits (a futex",
                "word: no syscall while a permit is free), stay 20 ms, leave.",
                "The most ever inside at once must be 2.");
        FutexSemaphore sem = FutexSemaphore.on(Futex.privateOn(memory, SEMAPHORE));
        sem.reset(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        runAll(6, i -> "sem-" + i, i -> () -> {
            acquire(sem);
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
                "One producer puts 20 items into a 4-slot buffer; two consumers take them. Each side waits on a glibc",
                "pthread_cond_t (not full / not empty, lwp4j's PthreadCond) under a pthread_mutex_t while it cannot "
                        + "go on;",
                "every item must arrive exactly once.");
        PthreadMutex lock = PthreadMutex.create(memory, MUTEX, false);
        PthreadCond notFull = PthreadCond.create(memory, NOT_FULL);
        PthreadCond notEmpty = PthreadCond.create(memory, NOT_EMPTY);
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
                            notEmpty.signalAll(); // pthread_cond_broadcast
                            return;
                        }
                        while (buffer.size() >= 4) {
                            producerWaits.incrementAndGet();
                            notFull.awaitUninterruptibly(lock);
                        }
                        buffer.add(k);
                        notEmpty.signal();
                    } else {
                        while (buffer.isEmpty()) {
                            notEmpty.awaitUninterruptibly(lock);
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
                "Four readers and two writers share a glibc pthread_rwlock_t (lwp4j's PthreadRwLock): readers overlap",
                "each other, a writer is alone.");
        PthreadRwLock rw = PthreadRwLock.create(memory, RWLOCK);
        AtomicInteger readers = new AtomicInteger();
        AtomicInteger writers = new AtomicInteger();
        AtomicInteger mostReaders = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        runAll(6, i -> i < 4 ? "reader-" + i : "writer-" + (i - 4), i -> () -> {
            for (int k = 0; k < 5; k++) {
                if (i < 4) {
                    rw.readLock();
                } else {
                    rw.writeLock();
                }
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
                    rw.unlock();
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

    private static void acquire(FutexSemaphore sem) {
        try {
            sem.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
