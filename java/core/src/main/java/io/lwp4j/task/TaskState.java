package io.lwp4j.task;

import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_EXIT_CODE;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_LAST_RESULT;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_TID;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_TLS_SEEN;

import io.lwp4j.ErrnoException;
import io.lwp4j.internal.jfr.Events;
import io.lwp4j.internal.wait.MemoryClaim;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.spi.NativeBackend;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One kernel task and the native resources it holds: its stack mapping (with the task block and the program) and
 * the claims on the memories its program names. It never refers to its {@link RawTask}, so it can outlive it: when a
 * {@code RawTask} is dropped, the {@link TaskReaper}'s cleaner finishes the job through this object.
 *
 * <p>The one transition: {@link #poll()} sees the task gone — the kernel cleared the {@code CLONE_CHILD_CLEARTID}
 * word (thread-like), or {@code waitid} reaped it (process-like) — and only then are the results saved, the claims
 * released and the stack given back (ARCHITECTURE.md §3 rule 5: never under a task that may still run on it). A task without
 * {@code CLONE_VM} runs on its own copy of the stack and of every mapping, so its resources here are released right
 * after the clone ({@link #releaseUnshared()}); only its reaping waits.
 *
 * <p>Every read of the block and the release of the stack are serialised on this object, and so are
 * {@link #kill} and the reap: a PID is never signalled after lwp4j reaped it (and so may have been reused).
 */
final class TaskState {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final NativeBackend nb;
    final int tid;
    final boolean threadLike;
    final boolean sharesMemory;
    final long block;
    private final ByteBuffer view;
    private final long map;
    private final long mapLength;
    private final List<MemoryClaim> claims;

    private boolean stackHeld = true;
    private boolean claimsHeld = true;
    private volatile boolean gone;
    private long reapStatus = -1; // process-like: LWP_REAPED | si_code << 8 | si_status once reaped (lwp4j.h)
    private int savedExit;
    private long savedLastResult;
    private long savedTls;

    private TaskState(NativeBackend nb, int tid, Set<CloneFlag> flags, long map, long mapLength, long block,
            ByteBuffer view, List<MemoryClaim> claims) {
        this.nb = nb;
        this.tid = tid;
        this.threadLike = flags.contains(CloneFlag.CLONE_THREAD);
        this.sharesMemory = flags.contains(CloneFlag.CLONE_VM);
        this.map = map;
        this.mapLength = mapLength;
        this.block = block;
        this.view = view;
        this.claims = claims;
    }

    /** The state of a task just made; it owns the stack and the claims {@link #claim} took. */
    static TaskState of(NativeBackend nb, int tid, Set<CloneFlag> flags, long map, long mapLength, long block,
            ByteBuffer view, List<MemoryClaim> claims) {
        return new TaskState(nb, tid, flags, map, mapLength, block, view, claims);
    }

    // ---- memory claims: the one place that makes and ends them ---------------------------------------------------

    /** Claims every memory a program names, before the clone; all or none. */
    static List<MemoryClaim> claim(Set<NativeMemory> memories) {
        List<MemoryClaim> claims = new ArrayList<>(memories.size());
        try {
            for (NativeMemory m : memories) {
                claims.add(MemoryClaim.of(m, "a raw task's program"));
            }
        } catch (RuntimeException e) {
            unclaim(claims);
            throw e;
        }
        return claims;
    }

    /** Ends the claims of {@link #claim}. */
    static void unclaim(List<MemoryClaim> claims) {
        claims.forEach(MemoryClaim::close);
    }

    // ---- the task's end ------------------------------------------------------------------------------------------

    /** Whether the task has been seen gone (and its resources released). */
    boolean isGone() {
        return gone;
    }

    /**
     * Checks, without blocking, whether the task is gone; the first time it is, reaps it (process-like), saves its
     * results and releases its stack and claims. Thread-safe; any thread may call it (a joiner, the reaper).
     *
     * @return true once the task is gone
     */
    synchronized boolean poll() {
        if (gone) {
            return true;
        }
        if (threadLike) {
            if ((int) INT.getAcquire(view, LWP_TASK_OFF_TID) != 0) {
                return false;
            }
        } else {
            long r = nb.taskReap(tid, 1);
            if (r == 0) {
                return false;
            }
            if (r < 0) {
                // ECHILD: something else reaped it (a waitpid(-1) in native code, SIGCHLD set to SIG_IGN). It is dead
                // then — lwp4j's tasks never stop being this JVM's children otherwise — so release everything, and
                // never signal that PID again: it may already name another process.
                markGone();
                throw ErrnoException.of("waitid", "P_PID " + tid + ", WEXITED|__WALL", r,
                        "the task was reaped by someone else; its exit code is lost");
            }
            reapStatus = r;
        }
        markGone();
        return true;
    }

    private void markGone() {
        if (stackHeld) {
            savedExit = view.getInt(LWP_TASK_OFF_EXIT_CODE);
            savedLastResult = view.getLong(LWP_TASK_OFF_LAST_RESULT);
            savedTls = view.getLong(LWP_TASK_OFF_TLS_SEEN);
        }
        gone = true;
        TaskReaper.gone(this);
        Events.rawTaskExited(tid, exitCode(), threadLike);
        // The kernel has cleared the TID word (or the task was reaped): nothing runs on this stack any more, the
        // moment glibc reuses a pthread stack too.
        release();
    }

    /** A task without {@code CLONE_VM} runs on its own copies: release ours right after the clone. */
    synchronized void releaseUnshared() {
        if (!sharesMemory) {
            release();
        }
    }

    private void release() {
        if (claimsHeld) {
            claimsHeld = false;
            unclaim(claims);
        }
        if (stackHeld) {
            stackHeld = false;
            StackCache.giveBack(nb, map, mapLength);
        }
    }

    /** The CLEARTID word as last seen: 0 once the task is gone. */
    synchronized int tidWord() {
        return gone ? 0 : (int) INT.getAcquire(view, LWP_TASK_OFF_TID);
    }

    /** The exit code: the task's own (thread-like), or from the reap (process-like: 128 + signal when killed). */
    synchronized int exitCode() {
        if (!threadLike) {
            if (reapStatus < 0) {
                return -1; // reaped by someone else
            }
            int code = (int) (reapStatus >> 8) & 0xff;
            return code == 1 /* CLD_EXITED */ ? (int) (reapStatus & 0xff) : 128 + (int) (reapStatus & 0xff);
        }
        return savedExit;
    }

    /** The result of the last syscall op; needs {@code CLONE_VM} (else the block we see is not the task's). */
    synchronized long lastResult() {
        return gone ? savedLastResult : view.getLong(LWP_TASK_OFF_LAST_RESULT);
    }

    /** The thread pointer the task saw; needs {@code CLONE_VM}. */
    synchronized long threadPointerSeen() {
        return gone ? savedTls : view.getLong(LWP_TASK_OFF_TLS_SEEN);
    }

    /**
     * Sends {@code signal} to a process-like task that lwp4j has not reaped yet: a zombie still holds its PID, so the
     * PID cannot name another process here (lwp4j reaps its tasks itself, under this same lock).
     *
     * @return false when the task was already reaped (nothing sent)
     */
    synchronized boolean kill(int signal) {
        if (poll()) {
            return false; // reaped now or before: its PID is no longer ours to signal
        }
        long r = nb.taskKill(tid, signal);
        if (r < 0) {
            throw ErrnoException.of("kill", "pid=" + tid + ", sig=" + signal, r);
        }
        return true;
    }
}
