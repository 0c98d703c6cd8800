package io.lwp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lwp4j.testing.KernelView;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java threads ↔ kernel TIDs, checked against /proc and each thread's own gettid. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaThreadsTest {

    static int threadSelf() {
        return KernelView.threadSelfTid();
    }

    @Test
    void currentTidIsThreadSelfCachedAndUncached() throws Exception {
        assertEquals(threadSelf(), JavaThreads.currentTid());
        assertEquals(threadSelf(), JavaThreads.uncachedTid());
        assertEquals(JavaThreads.currentTid(), JavaThreads.currentTid()); // the cached path
        TidObservation o = JavaThreads.current();
        assertEquals(threadSelf(), o.tid());
        assertEquals(TidObservation.Source.CACHED_GETTID, o.source());
        assertEquals(Thread.currentThread().getName(), o.javaThreadName());
    }

    @Test
    void eachOfFiftyThreadsIsFoundAtTheTidItsOwnGettidSaid() throws Exception {
        int n = 50;
        String[] names = {"plain", "with space", "paren)", "(open", ") (", "quote\"#7 [1] nid=9", "ünïcødé-名前",
            "a name much longer than fifteen bytes", "new\nline"};
        AtomicIntegerArray said = new AtomicIntegerArray(n);
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch done = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            Thread t = new Thread(() -> {
                said.set(k, JavaThreads.uncachedTid());
                ready.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, names[i % names.length] + " " + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            assertTrue(ready.await(30, TimeUnit.SECONDS));
            for (int i = 0; i < n; i++) {
                Thread t = threads.get(i);
                TidObservation o = JavaThreads.tidOf(t).orElseThrow(() -> new AssertionError("not found: " + t));
                assertEquals(said.get(i), o.tid(), t.getName());
                assertEquals(TidObservation.Source.THREAD_DUMP, o.source());
                assertSame(t, JavaThreads.threadOf(said.get(i)).orElseThrow());
            }
        } finally {
            done.countDown();
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
        // Ended threads have no TID any more.
        assertFalse(JavaThreads.tidOf(threads.get(0)).isPresent());
    }

    @Test
    void aTaskThatIsNoJavaThreadHasNoThread() throws Exception {
        // The VM's own threads (GC, compiler, "VM Thread") are tasks of this JVM with no Java Thread; a parked
        // platform thread is a task with one. Every task maps to empty or to the thread whose TID it is, the
        // JVM's "VM Thread" to empty, and the parked thread and this one to themselves.
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger parkedTid = new AtomicInteger();
        Thread parked = new Thread(() -> {
            parkedTid.set(JavaThreads.currentTid());
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "parked-for-threadOf");
        parked.setDaemon(true);
        parked.start();
        try {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertSame(parked, JavaThreads.threadOf(parkedTid.get()).orElseThrow(), "the parked thread's TID");
            assertSame(Thread.currentThread(), JavaThreads.threadOf(threadSelf()).orElseThrow(), "this thread's TID");
            List<Integer> tids = new ArrayList<>();
            try (var s = Files.list(Paths.get("/proc/self/task"))) {
                s.forEach(p -> tids.add(Integer.parseInt(p.getFileName().toString())));
            }
            int javaless = 0;
            int vmThread = 0;
            for (int tid : tids) {
                String comm = KernelView.comm(KernelView.self(), tid);
                if (comm == null) {
                    continue; // a VM thread ended after the listing
                }
                try {
                    var t = JavaThreads.threadOf(tid);
                    if (t.isEmpty()) {
                        javaless++;
                    } else {
                        assertEquals(tid, JavaThreads.tidOf(t.get()).orElseThrow().tid(),
                                "task " + tid + " (" + comm + ") mapped to " + t.get());
                    }
                    if (comm.equals("VM Thread")) {
                        vmThread++;
                        assertTrue(t.isEmpty(), "the JVM's VM Thread (task " + tid + ") mapped to " + t);
                    }
                } catch (NoSuchTaskException ended) {
                    // a VM thread ended between the listing and the lookup
                }
            }
            assertEquals(1, vmThread, "one task named \"VM Thread\" among " + tids);
            assertTrue(javaless > 0, "every one of " + tids.size() + " tasks mapped to a Java thread?");
        } finally {
            release.countDown();
            parked.join(10_000);
        }
    }

    @Test
    void badTidsArePreciseErrors() {
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> JavaThreads.threadOf(0));
        assertTrue(iae.getMessage().contains("tid=0"), iae.getMessage());
        // PID 1 is never a thread of this JVM (not even in a container, where the JVM may be PID 1: then use 2).
        int foreign = ProcessHandle.current().pid() == 1 ? 2 : 1;
        NoSuchTaskException e = assertThrows(NoSuchTaskException.class, () -> JavaThreads.threadOf(foreign));
        assertEquals(Errno.ESRCH, e.errno());
        assertTrue(e.getMessage().startsWith("threadOf(tid=" + foreign + ") failed: ESRCH (3): No such process"),
                e.getMessage());
    }

    @Test
    void aVirtualThreadAnswersItsCarriersTid() throws Throwable {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger selfInside = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(1);
        Thread v = startVirtual(() -> {
            try {
                inside.set(JavaThreads.currentTid());
                selfInside.set(threadSelf());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            running.countDown();
            while (!stop.get()) {
                Thread.onSpinWait(); // stay mounted: a spinning virtual thread does not yield its carrier
            }
        });
        try {
            assertTrue(running.await(30, TimeUnit.SECONDS));
            assertEquals(selfInside.get(), inside.get());
            assertNotEquals(JavaThreads.currentTid(), inside.get());
            TidObservation o = JavaThreads.tidOf(v).orElseThrow();
            assertEquals(TidObservation.Source.CARRIER_THREAD_DUMP, o.source());
            Thread carrier = JavaThreads.threadOf(o.tid()).orElseThrow();
            assertTrue(carrier.getName().startsWith("ForkJoinPool"), carrier.getName());
        } finally {
            stop.set(true);
            v.join(10_000);
        }
    }

    /** {@code Thread.ofVirtual().start(r)} through reflection: core's tests compile for Java 17. */
    static Thread startVirtual(Runnable r) throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        return (Thread) start.invoke(builder, r);
    }
}
