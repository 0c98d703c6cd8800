package io.lwp4j.pthread;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.internal.wait.MemoryClaim;
import io.lwp4j.internal.wait.Waits;
import java.util.List;

/** What the pthread object wrappers share: -errno checks and the sliced lock waits. */
final class Sync {
    private Sync() {}

    /** Throws for a negative shim result; {@code epermHint} explains an EPERM. */
    static long check(long r, String op, String detail, String epermHint) {
        if (r < 0) {
            throw ErrnoException.of(op, detail, r, Errno.EPERM.is(r) ? epermHint : null);
        }
        return r;
    }

    /**
     * Throws {@link InterruptedException} for a wait's {@link Waits#INTERRUPTED} result (clearing the status, as
     * {@code java.util.concurrent} does); returns any other result.
     */
    static long interruptible(long r) throws InterruptedException {
        if (r == Waits.INTERRUPTED) {
            Thread.interrupted();
            throw new InterruptedException();
        }
        return r;
    }

    /** Throws {@link InterruptedException} when the thread is interrupted now (clearing the status). */
    static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** A glibc lock call with a relative timeout: 0 or 1 when it acquired, else -errno. */
    interface TimedLock {
        long lock(long timeoutNanos);
    }

    /**
     * Waits through the wait engine for a glibc lock, in slices ({@code timedLock} with at most one slice each), so
     * that the close of the memory ends the wait: {@link IllegalStateException}, after undoing ({@code unlock}) a
     * lock the last slice took. An {@code interruptible} wait ends within a slice of an interrupt (the glibc waits
     * have no interruptible form; the slices give them one); otherwise interrupts are ignored.
     *
     * @return the last slice's result (0 or 1: acquired; -errno), {@link Waits#TIMED_OUT} or
     *     {@link Waits#INTERRUPTED}
     */
    static long lock(List<Waits.Word> words, Deadline deadline, boolean interruptible, TimedLock timedLock,
            Runnable unlock) {
        long[] last = {-1};
        int entered = 0;
        try {
            for (Waits.Word w : words) { // keeps the memories mapped for the undo, after the engine's claims end
                MemoryClaim.enter(w.memory(), w.user());
                entered++;
            }
            return Waits.await(words, deadline, interruptible, slice -> last[0] = timedLock.lock(slice));
        } catch (IllegalStateException e) {
            if (last[0] == 0 || last[0] == 1) {
                unlock.run();
            }
            throw e;
        } finally {
            for (int i = 0; i < entered; i++) {
                MemoryClaim.exit(words.get(i).memory());
            }
        }
    }
}
