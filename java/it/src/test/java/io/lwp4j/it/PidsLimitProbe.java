package io.lwp4j.it;

import io.lwp4j.ResourceLimitException;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.proc.ThreadLimits;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a container with {@code --pids-limit}: starts threads until the kernel refuses one, reports what lwp4j
 * says about it, lets them all end, and shows that creating works again. Prints {@code key=value} lines and exits
 * 0 (the JVM survived) after {@code done}.
 */
public final class PidsLimitProbe {
    private PidsLimitProbe() {}

    public static void main(String[] args) throws InterruptedException {
        out("limit.before", ThreadLimits.current().cgroupPids().map(Object::toString).orElse("none"));
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        String refused = "none";
        for (int i = 0; i < 100_000 && refused.equals("none"); i++) {
            Thread t = new Thread(() -> awaitQuietly(release), "probe-" + i);
            try {
                t.start();
                started.add(t);
            } catch (OutOfMemoryError e) { // "unable to create native thread": pthread_create said EAGAIN
                refused = e.getMessage();
                ResourceLimitException why = ThreadLimits.exhausted("Thread.start", t.getName());
                out("exception", why.getMessage());
                out("errno", why.errno().name());
            }
        }
        out("created", Integer.toString(started.size()));
        out("oom", refused);

        release.countDown();
        for (Thread t : started) {
            t.join(10_000);
        }
        // A joined Java thread has ended, but its task leaves the cgroup's count only once the kernel has reaped
        // it, a moment later: retry for a while before calling it a failure.
        int again = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Thread> second = new ArrayList<>();
        CountDownLatch release2 = new CountDownLatch(1);
        while (again < started.size() / 2 && System.nanoTime() < deadline) {
            Thread t = new Thread(() -> awaitQuietly(release2), "again-" + again);
            try {
                t.start();
                second.add(t);
                again++;
            } catch (OutOfMemoryError e) {
                Thread.sleep(20);
            }
        }
        release2.countDown();
        for (Thread t : second) {
            t.join(10_000);
        }
        out("created.again", Integer.toString(again));
        out("limit.after", ThreadLimits.current().cgroupPids().map(Object::toString).orElse("none"));
        rawTasks();
        nativeThreads();
        out("done", "true");
    }

    /** The same with raw clone() tasks: spawn until EAGAIN, end them all, spawn again. */
    private static void rawTasks() throws InterruptedException {
        List<RawTask> tasks = new ArrayList<>();
        try (NativeMemory gate = NativeMemory.create(4096)) {
            TaskProgram p = TaskProgram.builder().setName("probe-raw").await(gate, 4, 0).exit(0).build();
            String refused = "none";
            try {
                for (int i = 0; i < 100_000; i++) {
                    tasks.add(RawTask.spawn(CloneFlag.threadPreset(), p));
                }
            } catch (ResourceLimitException e) {
                refused = e.getMessage();
            }
            out("raw.created", Integer.toString(tasks.size()));
            out("raw.exception", refused);
            io.lwp4j.futex.FutexGate.on(io.lwp4j.futex.Futex.privateOn(gate, 4)).open();
            for (RawTask t : tasks) {
                t.join(java.time.Duration.ofSeconds(30));
            }
            int again = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (again < tasks.size() / 2 && System.nanoTime() < deadline) {
                try (RawTask t = RawTask.spawn(CloneFlag.threadPreset(), TaskProgram.builder().exit(0).build())) {
                    t.join(java.time.Duration.ofSeconds(30));
                    again++;
                } catch (ResourceLimitException e) {
                    Thread.sleep(20); // a joined task leaves the cgroup's count when the kernel has reaped it
                }
            }
            out("raw.created.again", Integer.toString(again));
        }
    }

    /** The same with lwp4j's native threads (pthread_create through the shim). */
    private static void nativeThreads() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<io.lwp4j.pthread.NativeThread> threads = new ArrayList<>();
        String refused = "none";
        try {
            for (int i = 0; i < 100_000; i++) {
                threads.add(io.lwp4j.pthread.NativeThread.builder().name("probe-nt").start(() -> awaitQuietly(release)));
            }
        } catch (ResourceLimitException e) {
            refused = e.getMessage();
        }
        out("native.created", Integer.toString(threads.size()));
        out("native.exception", refused);
        release.countDown();
        for (io.lwp4j.pthread.NativeThread t : threads) {
            t.join(java.time.Duration.ofSeconds(30));
        }
        int again = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (again < threads.size() / 2 && System.nanoTime() < deadline) {
            try {
                io.lwp4j.pthread.NativeThread t = io.lwp4j.pthread.NativeThread.builder().name("probe-nt2")
                        .start(() -> { });
                t.join(java.time.Duration.ofSeconds(30));
                again++;
            } catch (ResourceLimitException e) {
                Thread.sleep(20);
            }
        }
        out("native.created.again", Integer.toString(again));
    }

    private static void out(String key, String value) {
        System.out.println(key + "=" + value);
        System.out.flush();
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
