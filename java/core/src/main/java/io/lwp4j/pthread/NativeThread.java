package io.lwp4j.pthread;

import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_DONE;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_FAILED_STEP;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_STACK_MAP;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_START_ERROR;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_THREAD;

import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.internal.jfr.Events;
import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.internal.wait.Waits;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.spi.UpcallStub;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A thread made with {@code pthread_create(3)} that runs Java code through the backend's upcall, with the
 * attributes {@link Thread} cannot set: an exact stack and guard size, CPU affinity at birth, a scheduling policy
 * and priority, detached state and a native name (see {@link NativeThreadBuilder}).
 *
 * {@snippet :
 * NativeThread t = NativeThread.builder()
 *         .name("pinned-worker")
 *         .affinity(CpuSet.of(1))
 *         .stackSize(512 * 1024)
 *         .start(() -> work());
 * System.out.println(t.tid() + " runs as " + t.thread());
 * t.join(Duration.ofSeconds(5));
 * }
 *
 * <p>The code runs on the native thread itself: {@link Thread#currentThread()} there is {@link #thread()}, a Java
 * thread the backend attached (FFM and jnr-ffi keep it attached until the native thread exits; JNA detaches it
 * when the upcall returns). An exception from the code goes to the uncaught-exception handler (the builder's, else
 * the thread's) and the native thread still ends normally.
 *
 * <p>Resources: the upcall stub, the thread block and (with an exact stack size) the stack are freed exactly once,
 * when the thread has ended and {@link #join} saw it (a joinable thread is also {@code pthread_join}ed then, so it
 * leaves no zombie). Detached
 * threads nobody joins are freed by the next {@link NativeThreadBuilder#start} after they ended. A joinable thread
 * must be joined, as with {@code pthread_join}.
 */
public final class NativeThread {

    private static final int FUTEX_WAIT_PRIVATE = 128;

    /** Detached threads not yet freed: swept by each start. */
    private static final Queue<NativeThread> DETACHED = new ConcurrentLinkedQueue<>();

    private final NativeThreadBuilder attributes;
    private final Runnable task;
    private final NativeMemory block;
    private final long doneAddress;
    private final CountDownLatch started = new CountDownLatch(1);
    private UpcallStub stub;
    private long pthread;
    private volatile int tid;
    private volatile Thread thread;
    private boolean freed; // guarded by this

    NativeThread(NativeThreadBuilder attributes, Runnable task, NativeMemory block) {
        this.attributes = attributes;
        this.task = task;
        this.block = block;
        this.doneAddress = block.address() + LWP_PT_OFF_DONE;
    }

    /** A builder with glibc's defaults: joinable, inherited scheduling and affinity, default stack and guard. */
    public static NativeThreadBuilder builder() {
        return new NativeThreadBuilder();
    }

    /** Creates the thread; returns once its code is about to run (its TID and Java thread are known). */
    void start() {
        sweepDetached();
        stub = Native.upcallStub(this::upcall);
        long r = Native.backend().pthreadStart(block.address(), stub.address(), 0);
        if (r < 0) {
            int step = block.getInt(LWP_PT_OFF_FAILED_STEP);
            free();
            throw attributes.startFailure(step, r);
        }
        pthread = block.getLong(LWP_PT_OFF_THREAD);
        boolean interrupted = false;
        while (true) {
            try {
                if (started.await(Waits.SLICE_NANOS, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // the thread exists now: its handle must get back to the caller
            }
            if (block.getIntAcquire(LWP_PT_OFF_DONE) != 0 && started.getCount() != 0) {
                // It ended without running the code: it could not take its BATCH/IDLE policy.
                int err = block.getInt(LWP_PT_OFF_START_ERROR);
                synchronized (this) {
                    reap();
                }
                throw attributes.policyFailure(err);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (attributes.detached()) {
            DETACHED.add(this);
        }
    }

    /** Runs on the new native thread, called by the backend's stub. Never throws (an FFM upcall must not). */
    private void upcall(long ignored) {
        Thread current = Thread.currentThread();
        try {
            if (attributes.name() != null) {
                current.setName(attributes.name()); // the Java name matches the native one the shim set
            }
            tid = (int) Native.backend().gettid();
            thread = current;
        } catch (Throwable t) {
            thread = current;
        } finally {
            started.countDown();
        }
        long startedAt = Events.nativeThreadStarted(tid, attributes.name(), attributes.detached(),
                attributes.stackSizeAsked(), attributes.guardSizeAsked(), attributes.policyAsked(),
                attributes.priorityAsked(), attributes.affinityAsked());
        try {
            task.run();
        } catch (Throwable e) {
            Thread.UncaughtExceptionHandler h = attributes.uncaughtExceptionHandler() != null
                    ? attributes.uncaughtExceptionHandler() : current.getUncaughtExceptionHandler();
            try {
                h.uncaughtException(current, e);
            } catch (Throwable ignoredToo) {
                // the handler failed too: as with Thread, there is nowhere left to report it
            }
        }
        Events.nativeThreadEnded(tid, attributes.name(), startedAt);
    }

    /** The kernel TID (as in {@code ps -eLf}'s LWP column and {@code /proc/<pid>/task}). */
    public int tid() {
        return tid;
    }

    /** The Java thread the code runs on ({@link Thread#currentThread()} inside it). */
    public Thread thread() {
        return thread;
    }

    /** The native name, or {@code null} if the thread kept the one it inherited. */
    public String name() {
        return attributes.name();
    }

    /** How many native threads of this JVM are running their code now (started, and the code not yet returned). */
    public static int liveCount() {
        return Events.nativeThreadsAlive();
    }

    /** Whether it was made detached. */
    public boolean isDetached() {
        return attributes.detached();
    }

    /** Whether the code is still running (the upcall has not returned). */
    public synchronized boolean isAlive() {
        return !freed && block.getIntAcquire(LWP_PT_OFF_DONE) == 0;
    }

    /**
     * Waits until the code returned, then (once) {@code pthread_join}s a joinable thread and frees the upcall stub
     * and the thread block. Waits on the shim's DONE word with {@code FUTEX_WAIT}, through lwp4j's wait engine: in
     * slices, so an interrupt is seen; a zero or negative timeout only looks, one over 100 years
     * ({@code ChronoUnit.FOREVER.getDuration()}) waits as long as it takes.
     *
     * @return true if the thread ended within {@code timeout}
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean join(Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        while (true) {
            synchronized (this) {
                if (freed) {
                    return true;
                }
                if (block.getIntAcquire(LWP_PT_OFF_DONE) != 0) {
                    reap();
                    return true;
                }
            }
            long r;
            try {
                r = Waits.await(Waits.Word.futex(block, doneAddress, true, "NativeThread.join of " + this), deadline,
                        true, Waits.futexWait(doneAddress, FUTEX_WAIT_PRIVATE, 0, -1, false));
            } catch (IllegalStateException e) { // the block was freed under the wait: another join reaped it
                synchronized (this) {
                    if (freed) {
                        return true;
                    }
                }
                throw e;
            }
            if (r == Waits.INTERRUPTED) {
                Thread.interrupted();
                throw new InterruptedException("join(" + this + ")");
            }
            if (r == Waits.TIMED_OUT) {
                synchronized (this) {
                    return freed || block.getIntAcquire(LWP_PT_OFF_DONE) != 0 && reapNow();
                }
            }
            // WOKEN, EAGAIN (already done), EINTR: the check above
        }
    }

    private boolean reapNow() {
        reap();
        return true;
    }

    /** Joins a finished thread and frees its resources; called with the monitor held, once DONE is 1. */
    private void reap() {
        if (!attributes.detached()) {
            long r = Native.backend().pthreadJoin(pthread); // returns at once: the code has returned
            if (r < 0) {
                free();
                throw ErrnoException.of("pthread_join", "tid=" + tid, r, null);
            }
            long stack = block.getLong(LWP_PT_OFF_STACK_MAP);
            if (stack != 0) { // our own stack: glibc is done with it only now that the join returned
                Native.backend().memUnmap(stack, attributes.stackMappingSize());
            }
        }
        free();
    }

    private synchronized void free() {
        if (!freed) {
            freed = true;
            if (stub != null) {
                stub.close();
            }
            block.close();
        }
    }

    private static void sweepDetached() {
        for (NativeThread t : DETACHED) {
            synchronized (t) {
                if (t.freed || t.block.getIntAcquire(LWP_PT_OFF_DONE) != 0) {
                    t.free();
                    DETACHED.remove(t);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "NativeThread[tid=" + tid + (name() == null ? "" : ", name=" + name())
                + (isDetached() ? ", detached" : "") + "]";
    }
}
