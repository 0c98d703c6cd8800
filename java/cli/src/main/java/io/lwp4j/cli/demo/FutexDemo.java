package io.lwp4j.cli.demo;

import io.lwp4j.JavaThreads;
import io.lwp4j.Lwp4j;
import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexMutex;
import io.lwp4j.memory.NativeMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j demo futex}: a {@link FutexMutex} locked and unlocked without contention takes no syscall at all;
 * under contention it takes {@code FUTEX_WAIT} and {@code FUTEX_WAKE} — counted by lwp4j, and confirmed by the
 * kernel's per-thread voluntary context switches ({@code /proc/self/task/<tid>/status}).
 */
@Command(name = "futex", description = "A futex mutex: no syscall uncontended, FUTEX_WAIT/FUTEX_WAKE when contended.")
public final class FutexDemo extends DemoSupport implements Callable<Integer> {

    @Option(names = "--rounds", description = "Lock/unlock pairs per phase (default: ${DEFAULT-VALUE}).",
            defaultValue = "1000000")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        try (NativeMemory mem = NativeMemory.create(4096)) {
            FutexMutex mutex = FutexMutex.on(Futex.privateOn(mem, 0));
            Phase alone = run(mutex, mem, 1);
            Phase contended = run(mutex, mem, 2);
            if (json) {
                out.println("{\"rounds\":" + rounds + ",\"uncontended\":" + alone.json() + ",\"contended\":"
                        + contended.json() + "}");
                return 0;
            }
            explain("futex mutex, one thread: " + rounds + " lock+unlock pairs",
                    "FUTEX_WAIT calls: " + alone.waits + ", FUTEX_WAKE calls: " + alone.wakes
                            + ", voluntary context switches: " + alone.switches,
                    String.format("%.1f ns per lock+unlock", alone.nanos / (double) rounds),
                    "The fast path is one compare-and-set (0 -> 1) to lock and one atomic decrement (1 -> 0) to",
                    "unlock, in user space: the kernel is never asked, so nothing sleeps and nothing is woken.");
            rows("the thread as ps -eLf showed it:", alone);
            explain("futex mutex, two threads: " + rounds + " lock+unlock pairs each",
                    "FUTEX_WAIT calls: " + contended.waits + ", FUTEX_WAKE calls: " + contended.wakes
                            + ", voluntary context switches of the two threads: " + contended.switches,
                    "counter = " + contended.counter + " (expected " + 2L * rounds + ": no update lost)",
                    "(this thread held the lock as they started, so they had to sleep at least once)",
                    "A locker that finds the word taken marks it 2 (\"locked, maybe waiters\") and sleeps in",
                    "FUTEX_WAIT; an unlocker that finds 2 stores 0 and calls FUTEX_WAKE for one sleeper. Each sleep",
                    "is a voluntary context switch the kernel counts for that thread.");
            rows("the two threads as ps -eLf showed them:", contended);
            return contended.counter == 2L * rounds ? 0 : 1;
        }
    }

    /** What one phase did. */
    private static final class Phase {
        long waits;
        long wakes;
        long switches;
        long nanos;
        long counter;
        List<Integer> tids;
        List<String> rows;

        String json() {
            return "{\"futexWait\":" + waits + ",\"futexWake\":" + wakes + ",\"voluntaryContextSwitches\":"
                    + switches + ",\"nanos\":" + nanos + ",\"counter\":" + counter + "}";
        }
    }

    private Phase run(FutexMutex mutex, NativeMemory mem, int threads) throws Exception {
        mem.setLong(8, 0);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        Integer[] tids = new Integer[threads];
        long[] switches = new long[threads];
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int k = i;
            ts[i] = new Thread(() -> {
                tids[k] = JavaThreads.currentTid();
                try {
                    ready.countDown();
                    go.await();
                    long before = voluntarySwitches(tids[k]);
                    for (int r = 0; r < rounds; r++) {
                        mutex.lock();
                        mem.setLong(8, mem.getLong(8) + 1);
                        mutex.unlock();
                    }
                    switches[k] = voluntarySwitches(tids[k]) - before;
                    measured.countDown();
                    release.await(); // stay alive for the ps rows
                } catch (InterruptedException | IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "futex-demo-" + threads + "-" + i);
            ts[i].start();
        }
        ready.await();
        Phase p = new Phase();
        long waits = Futex.waitCount();
        long wakes = Futex.wakeCount();
        long t0 = System.nanoTime();
        if (threads > 1) {
            mutex.lock(); // hold it as they start: they must find it taken and sleep, at least once
        }
        go.countDown();
        if (threads > 1) {
            while (Futex.waitCount() == waits) {
                Thread.sleep(1);
            }
            mutex.unlock();
        }
        measured.await();
        p.nanos = System.nanoTime() - t0;
        p.waits = Futex.waitCount() - waits;
        p.wakes = Futex.wakeCount() - wakes;
        for (long s : switches) {
            p.switches += s;
        }
        p.counter = mem.getLong(8);
        p.tids = List.of(tids);
        p.rows = json ? List.of() : psRows(p.tids); // while the threads are alive
        release.countDown();
        for (Thread t : ts) {
            t.join();
        }
        return p;
    }

    private void rows(String caption, Phase p) {
        out.println("   " + caption);
        for (String l : p.rows) {
            out.println("   " + l);
        }
        out.println();
    }

    private static long voluntarySwitches(int tid) throws IOException {
        for (String l : Files.readAllLines(Paths.get("/proc/self/task/" + tid + "/status"))) {
            if (l.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
            }
        }
        throw new IOException("no voluntary_ctxt_switches in /proc/self/task/" + tid + "/status");
    }
}
