package io.lwp4j.proc;

import io.lwp4j.testing.KernelView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A few hundred parked platform threads with awkward kernel names: blanks, {@code ')'}, {@code '('},
 * {@code ") ("}, a fake stat tail, tabs, non-ASCII and names longer than the kernel's 15 bytes.
 *
 * <p>Two of every three rename themselves through {@link Tasks#rename}; the third calls
 * {@link Thread#setName} with a name of more than 15 bytes, which HotSpot passes on to the kernel for the current
 * thread, cut to 15 bytes (possibly in the middle of a UTF-8 character). {@link #expectedNames()} holds the names
 * given through {@link Tasks#rename}, which the kernel must show verbatim.
 */
final class NamedThreads implements AutoCloseable {
    static final String[] NAMES = {
        "a b c", "x)", "(y", ") (", "a) S 1 2", "((", "))", "ü ñ é", "日本語", "snow☃", "emoji😀", "tab\there", "p (q) r",
    };
    static final String[] LONG_NAMES = {"a-long-name-of-more-than-15-bytes", "ünïcødé-lông-nämé-thread", ") ( ) ( ) ( ) ( ) ("};

    private final CountDownLatch ready;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private final Map<Integer, String> renamed = new ConcurrentHashMap<>();
    private final Map<Integer, String> all = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new ArrayList<>();

    NamedThreads(int count) throws InterruptedException {
        ready = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            int n = i;
            Thread t = new Thread(null, () -> run(n), "named-" + i, 256 * 1024);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("threads did not start");
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a thread failed", failures.get(0));
            }
        }
    }

    private void run(int i) {
        try {
            int tid = KernelView.threadSelfTid();
            if (i % 3 == 0) {
                Thread.currentThread().setName(LONG_NAMES[i / 3 % LONG_NAMES.length] + "#" + i);
            } else {
                String name = NAMES[i % NAMES.length] + "#" + i;
                Tasks.rename(tid, name);
                renamed.put(tid, name);
            }
            all.put(tid, Thread.currentThread().getName());
        } catch (Throwable e) {
            synchronized (failures) {
                failures.add(e);
            }
        } finally {
            ready.countDown();
        }
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** TID to the name given through {@link Tasks#rename} (two threads in three). */
    Map<Integer, String> expectedNames() {
        return Map.copyOf(renamed);
    }

    /** The TIDs of all the threads. */
    java.util.Set<Integer> tids() {
        return java.util.Set.copyOf(all.keySet());
    }

    @Override
    public void close() {
        release.countDown();
        try {
            for (Thread t : threads) {
                t.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
