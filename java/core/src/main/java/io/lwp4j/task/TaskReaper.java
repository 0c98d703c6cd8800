package io.lwp4j.task;

import io.lwp4j.internal.ShimLayout;
import io.lwp4j.Errno;
import io.lwp4j.internal.Native;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * What keeps raw tasks from outliving their owners (ARCHITECTURE.md §3 rule 9):
 * <ul>
 *   <li><b>Process-like tasks die with the JVM.</b> Each one arms {@code PR_SET_PDEATHSIG(SIGKILL)} as its first act
 *       (in the shim's child path) and then checks that its parent is still this JVM. The kernel sends that signal
 *       when the <em>thread</em> that made the task exits, not the process, so every process-like task is made by one
 *       thread that lives as long as the JVM ({@value #SPAWNER_NAME}); it dies only in the JVM's own exit, even a
 *       SIGKILL of the JVM. A shutdown hook also kills and reaps every process-like task still alive at
 *       {@code System.exit} (or a normal exit), so none is left for PID 1 to reap.</li>
 *   <li><b>Dropped tasks are reaped.</b> A {@link Cleaner} action (which holds the {@link TaskState}, never the
 *       {@link RawTask}) frees a task whose {@code RawTask} became unreachable without join or close. A task still
 *       running then keeps its stack: it joins the orphans, which the reaper thread ({@value #REAPER_NAME}) waits
 *       for — sleeping on a thread-like orphan's TID word, which the kernel wakes at its exit, or at most a second
 *       when only process-like ones remain (their end wakes nothing in this JVM) — and every spawn sweeps too.</li>
 * </ul>
 */
final class TaskReaper {
    private TaskReaper() {}

    static final String SPAWNER_NAME = "lwp4j-task-spawner";
    static final String REAPER_NAME = "lwp4j-task-reaper";
    static final int SIGKILL = 9;
    private static final int FUTEX_WAIT = 0; // shared: CLONE_CHILD_CLEARTID wakes with a shared futex wake
    private static final long REAPER_SLICE_NS = TimeUnit.SECONDS.toNanos(1);

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "lwp4j-task-cleaner");
        t.setDaemon(true);
        return t;
    });

    /** This JVM's tasks not seen gone yet, by TID (for snapshots that label tasks). */
    private static final ConcurrentHashMap<Integer, TaskState> LIVE = new ConcurrentHashMap<>();
    /** Process-like tasks not reaped yet: what the shutdown hook kills. */
    private static final Set<TaskState> PROCESS_LIKE = ConcurrentHashMap.newKeySet();
    /** Tasks whose {@code RawTask} was collected while they still ran. */
    private static final Set<TaskState> ORPHANS = ConcurrentHashMap.newKeySet();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Condition ORPHANED = LOCK.newCondition();
    private static Thread reaper; // guarded by LOCK

    /** The spawner thread and the shutdown hook, made on the first process-like task. */
    private static final class ProcessLike {
        static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, SPAWNER_NAME);
            t.setDaemon(true);
            return t;
        });

        static {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(TaskReaper::killProcessLike, "lwp4j-task-exit"));
            } catch (IllegalStateException exiting) {
                // the first process-like task of a JVM already exiting: its death signal still ends it
            }
        }
    }

    /**
     * Runs {@code clone} on the spawner thread, whose exit (only in the JVM's) is what fires the tasks' death signal.
     * Waits for it without giving up on interruption: a task made must be handed back, never lost.
     */
    static long spawnProcessLike(LongSupplier clone) {
        Future<Long> f = ProcessLike.SPAWNER.submit(clone::getAsLong);
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Registers a new task: its cleaner (run when {@code owner} becomes unreachable) and, if process-like, its kill. */
    static Cleaner.Cleanable track(RawTask owner, TaskState s) {
        LIVE.put(s.tid, s);
        if (!s.threadLike) {
            PROCESS_LIKE.add(s);
        }
        if (!ORPHANS.isEmpty()) {
            sweep();
        }
        return CLEANER.register(owner, () -> dropped(s));
    }

    /** Whether {@code tid} is a task of this JVM not seen gone yet. */
    static boolean isLive(int tid) {
        return LIVE.containsKey(tid);
    }

    static int liveCount() {
        return LIVE.size();
    }

    /** Called by the task's state the moment it is seen gone: nothing left to label or to kill. */
    static void gone(TaskState s) {
        LIVE.remove(s.tid, s);
        PROCESS_LIKE.remove(s);
    }

    /** The cleaner's action: free an ended task now, or keep a running one until it ends. Never holds the RawTask. */
    private static void dropped(TaskState s) {
        if (s.isGone()) {
            return; // joined or closed: released already
        }
        if (ended(s)) {
            return;
        }
        ORPHANS.add(s);
        LOCK.lock();
        try {
            if (reaper == null) {
                reaper = new Thread(TaskReaper::reap, REAPER_NAME);
                reaper.setDaemon(true);
                reaper.start();
            }
            ORPHANED.signal();
        } finally {
            LOCK.unlock();
        }
    }

    /** Whether {@code s} has ended (and is released): polls it; one reaped by someone else counts as ended. */
    private static boolean ended(TaskState s) {
        try {
            return s.poll();
        } catch (RuntimeException e) {
            return true; // reaped by someone else: released, and no owner left to tell
        }
    }

    /** Frees every orphan that has ended; returns a thread-like one still running (its TID word wakes), or null. */
    private static TaskState sweep() {
        TaskState sleepOn = null;
        for (TaskState s : ORPHANS) {
            if (ended(s)) {
                ORPHANS.remove(s);
            } else if (s.threadLike && sleepOn == null) {
                sleepOn = s;
            }
        }
        return sleepOn;
    }

    /** The reaper thread: sleeps while there is no orphan, else until one ends (or a second passes), then sweeps. */
    private static void reap() {
        var nb = Native.backend();
        for (;;) {
            try {
                LOCK.lock();
                try {
                    while (ORPHANS.isEmpty()) {
                        ORPHANED.await();
                    }
                } finally {
                    LOCK.unlock();
                }
                TaskState s = sweep();
                if (s != null) {
                    int v = s.tidWord();
                    if (v != 0) {
                        // At most a second: a spawn's sweep may free this orphan meanwhile (then the wait ends by
                        // its timeout, or by a wake on whatever reuses the address), and new orphans may come.
                        long r = nb.futexPacked(s.block + ShimLayout.LWP_TASK_OFF_TID, FUTEX_WAIT, v, REAPER_SLICE_NS, 0);
                        if (r < 0 && -r != Errno.EAGAIN.number() && -r != Errno.ETIMEDOUT.number()
                                && -r != Errno.EINTR.number()) {
                            LOCK.lock(); // EFAULT, say, if the address was unmapped meanwhile: never spin
                            try {
                                ORPHANED.awaitNanos(REAPER_SLICE_NS);
                            } finally {
                                LOCK.unlock();
                            }
                        }
                    }
                } else if (!ORPHANS.isEmpty()) {
                    // Process-like orphans: their end wakes no word of ours (waitid would block on one alone).
                    LOCK.lock();
                    try {
                        ORPHANED.awaitNanos(REAPER_SLICE_NS);
                    } finally {
                        LOCK.unlock();
                    }
                }
            } catch (InterruptedException | RuntimeException e) {
                // a daemon nobody interrupts, whose every reap error is handled in sweep: keep reaping, unhurried
                java.util.concurrent.locks.LockSupport.parkNanos(REAPER_SLICE_NS);
            }
        }
    }

    /** The shutdown hook: SIGKILL every process-like task not reaped yet, then reap them (at most 5 s in all). */
    private static void killProcessLike() {
        List<TaskState> live = new ArrayList<>(PROCESS_LIKE);
        for (TaskState s : live) {
            try {
                s.kill(SIGKILL);
            } catch (RuntimeException e) {
                // ESRCH cannot happen before the reap; keep killing the others
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (TaskState s : live) {
            try {
                while (!s.poll() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            } catch (InterruptedException | RuntimeException e) {
                return;
            }
        }
    }
}
