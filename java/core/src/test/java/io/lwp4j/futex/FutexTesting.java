package io.lwp4j.futex;

import static org.junit.jupiter.api.Assertions.fail;

import io.lwp4j.JavaThreads;
import io.lwp4j.testing.KernelView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Waiting threads, and the kernel's word on whether they sleep in futex(2) yet. */
final class FutexTesting {

    /** futex's syscall number, as /proc/<pid>/task/<tid>/syscall prints it first. */
    static final String FUTEX_NR = System.getProperty("os.arch").equals("aarch64") ? "98" : "202";
    static final String FUTEX_WAITV_NR = "449"; // the same on x86_64 and aarch64 (a new-style common number)

    private FutexTesting() {}

    /** A platform thread running {@code body}, its TID and its result. */
    static final class Waiter<T> {
        final Thread thread;
        final AtomicReference<T> result = new AtomicReference<>();
        volatile int tid;

        Waiter(String name, Supplier<T> body) {
            thread = new Thread(() -> {
                tid = JavaThreads.currentTid();
                result.set(body.get());
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        T join() throws InterruptedException {
            thread.join(20_000);
            if (thread.isAlive()) {
                fail(thread.getName() + " is still waiting");
            }
            return result.get();
        }
    }

    static <T> List<Waiter<T>> start(int n, String name, Supplier<T> body) {
        List<Waiter<T>> ws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ws.add(new Waiter<>(name + "-" + i, body));
        }
        return ws;
    }

    /** Waits until every waiter is asleep in the kernel in {@code syscallNr} (from /proc/self/task/tid/syscall). */
    static void awaitAsleep(List<? extends Waiter<?>> waiters, String syscallNr) throws Exception {
        for (Waiter<?> w : waiters) {
            awaitAsleep(w, syscallNr);
        }
    }

    static void awaitAsleep(Waiter<?> w, String syscallNr) throws Exception {
        while (w.tid == 0) {
            Thread.sleep(1);
        }
        awaitAsleep(w.tid, syscallNr);
    }

    static void awaitAsleep(int tid, String syscallNr) throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        String last = "";
        while (System.nanoTime() < end) {
            last = KernelView.syscall(KernelView.self(), tid);
            if (last.startsWith(syscallNr + " ") && KernelView.state(KernelView.self(), tid) == 'S') {
                return;
            }
            Thread.sleep(2);
        }
        fail("task " + tid + " did not go to sleep in syscall " + syscallNr + "; /proc says: " + last);
    }
}
