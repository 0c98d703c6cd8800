package io.lwp4j.internal;

import io.lwp4j.memory.NativeMemory;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one wait engine of lwp4j: every blocking call (the futex waits and the primitives on them,
 * {@code FutexVector}, the pthread objects' lock and condition waits, {@code NativeThread.join},
 * {@code RawTask.join}) sleeps through {@link #await}, under one set of rules:
 * <ul>
 *   <li><b>Deadlines</b> come from {@link Deadline} (the one {@code Duration} conversion: negative is "now", huge is
 *       forever, nothing overflows).</li>
 *   <li><b>Slices</b>: no signal reaches a thread blocked in a syscall when it is interrupted or when the memory it
 *       waits on is closed, so every wait sleeps in slices of at most {@link #SLICE_NANOS}
 *       ({@value #SLICE_PROP_NAME} milliseconds, default {@value #SLICE_DEFAULT_MILLIS}, 1 to 10,000). Between
 *       slices it checks its memory (closed → {@link IllegalStateException} naming the user) and, for an
 *       interruptible wait, the interrupt status ({@link #INTERRUPTED}, the status left set). A slice that times out
 *       is not an outcome: the loop goes on until the deadline. The cost is one syscall per slice per sleeping
 *       thread (20 a second by default), nothing for a wait shorter than a slice.</li>
 *   <li><b>Memory</b>: the wait holds a {@link MemoryClaim} on each memory it sleeps on for its whole duration, so
 *       the memory is never unmapped under the syscall; {@code NativeMemory.close()} wakes the claimed futex words,
 *       so a wait on memory being closed ends at once with {@link IllegalStateException}, and never sleeps on a page
 *       that a later mapping reuses.</li>
 *   <li><b>Fork/join</b>: on a {@link ForkJoinWorkerThread} the wait runs inside {@link ForkJoinPool#managedBlock},
 *       so the pool may add a spare worker while this one sleeps.</li>
 * </ul>
 */
public final class Waits {
    private Waits() {}

    /** System property: the longest slice of a wait, in milliseconds (1 to 10,000). */
    public static final String SLICE_PROP_NAME = "lwp4j.futex.interruptCheckMillis";
    /** Default of {@value #SLICE_PROP_NAME}. */
    public static final long SLICE_DEFAULT_MILLIS = 50;
    /** The longest slice, in nanoseconds. */
    public static final long SLICE_NANOS = Math.min(10_000, Math.max(1, Long.getLong(SLICE_PROP_NAME,
            SLICE_DEFAULT_MILLIS))) * 1_000_000L;

    /** {@link #await}'s result when the (interruptible) waiting thread is interrupted: {@code -EINTR}. */
    public static final long INTERRUPTED = -4;
    /** {@link #await}'s result when the deadline passed: {@code -ETIMEDOUT}. */
    public static final long TIMED_OUT = -110;

    /**
     * One slice of a wait: the blocking syscall, for at most {@code sliceNanos} (relative; 0 for the one attempt a
     * deadline that has already passed still makes, which does not sleep).
     */
    @FunctionalInterface
    public interface Attempt {
        /** Returns {@code >= 0} or {@code -errno}; {@code -ETIMEDOUT} ends only the slice. */
        long call(long sliceNanos);
    }

    /**
     * A word (or object) a wait sleeps on: in {@code memory} (claimed for the wait; {@code null} when the caller
     * keeps the address mapped itself), at {@code address}; {@code wake} says whether {@code close()} of the memory
     * should {@code FUTEX_WAKE} it (a futex word; not a glibc object, whose own loop would sleep again).
     *
     * @param memory the memory claimed for the wait, or {@code null}
     * @param address the word's address
     * @param isPrivate whether the futex is private (for the close wake)
     * @param wake whether close wakes the word
     * @param user who waits, for messages
     */
    public record Word(NativeMemory memory, long address, boolean isPrivate, boolean wake, String user) {
        /** A futex word in {@code memory}, woken by its close. */
        public static Word futex(NativeMemory memory, long address, boolean isPrivate, String user) {
            return new Word(memory, address, isPrivate, true, user);
        }

        /**
         * A futex word lwp4j keeps mapped by other means (for example a raw task's {@code CLONE_CHILD_CLEARTID} word in
         * its stack mapping): not claimed, not woken by any close.
         */
        public static Word raw(long address, String user) {
            return new Word(null, address, false, false, user);
        }

        /** A glibc object in {@code memory}: claimed, not woken. */
        public static Word object(NativeMemory memory, String user) {
            return new Word(memory, 0, false, false, user);
        }
    }

    /**
     * Sleeps in slices until {@code attempt} returns anything but a slice's {@code -ETIMEDOUT}, the deadline passes
     * ({@link #TIMED_OUT}; a deadline that has passed already still gets one attempt with a zero timeout, so a wait
     * with a zero or negative timeout tells a value mismatch from a timeout, and a lock tries once), or an
     * interruptible wait's thread is interrupted ({@link #INTERRUPTED}, checked before the first attempt too).
     *
     * @throws IllegalStateException when a word's memory is closed before or during the wait
     */
    public static long await(Word word, Deadline deadline, boolean interruptible, Attempt attempt) {
        return await(List.of(word), deadline, interruptible, attempt);
    }

    /** {@link #await(Word, Deadline, boolean, Attempt)} on several words at once ({@code futex_waitv}). */
    public static long await(List<Word> words, Deadline deadline, boolean interruptible, Attempt attempt) {
        MemoryClaim[] claims = new MemoryClaim[words.size()];
        try {
            for (int i = 0; i < claims.length; i++) {
                Word w = words.get(i);
                if (w.memory() != null) {
                    claims[i] = w.wake() ? MemoryClaim.waitingOn(w.memory(), w.address(), w.isPrivate(), w.user())
                            : MemoryClaim.of(w.memory(), w.user());
                }
            }
            if (!(Thread.currentThread() instanceof ForkJoinWorkerThread)) {
                return loop(claims, deadline, interruptible, attempt);
            }
            long[] out = new long[1];
            boolean[] done = new boolean[1];
            try {
                ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                    @Override
                    public boolean block() {
                        out[0] = loop(claims, deadline, interruptible, attempt);
                        done[0] = true;
                        return true;
                    }

                    @Override
                    public boolean isReleasable() {
                        return done[0];
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // block() never throws it; keep the status if a pool did
                return INTERRUPTED;
            }
            return out[0];
        } finally {
            for (MemoryClaim c : claims) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    private static long loop(MemoryClaim[] claims, Deadline deadline, boolean interruptible, Attempt attempt) {
        for (boolean first = true;; first = false) {
            checkOpen(claims);
            if (interruptible && Thread.currentThread().isInterrupted()) {
                return INTERRUPTED;
            }
            long left = deadline.remainingNanos();
            if (left == 0 && !first) {
                return TIMED_OUT;
            }
            long r = attempt.call(Math.min(left, SLICE_NANOS));
            if (r != TIMED_OUT) {
                checkOpen(claims);
                return r;
            }
        }
    }

    private static void checkOpen(MemoryClaim[] claims) {
        for (MemoryClaim c : claims) {
            if (c != null && c.memoryClosed()) {
                throw c.closedWhileUsed();
            }
        }
    }

    /**
     * One {@code futex(2)} wait as an {@link Attempt}: {@code FUTEX_WAIT} with a relative timeout, or, when
     * {@code absolute} ({@code FUTEX_WAIT_BITSET}), the slice's end on the clock the op names (with
     * {@code FUTEX_CLOCK_REALTIME}: the wall clock).
     */
    public static Attempt futexWait(long address, int op, int expected, int bits, boolean absolute) {
        boolean realtime = (op & 256) != 0;
        return slice -> Native.backend().futexPacked(address, (op & 0xffffffffL) | (long) bits << 32, expected,
                absolute ? (realtime ? Deadline.epochNanosNow() : System.nanoTime()) + slice : slice, 0);
    }

    /**
     * Ends {@code claim} one slice from now: for the target of a futex requeue, whose moved waiters stay on its word
     * until their current slice ends (then they return to their own word). Its memory stays mapped that long, and a
     * close meanwhile wakes the word. One daemon thread ({@code lwp4j-claim-release}), made on first use and gone
     * one second after the last requeue's claim ended.
     */
    public static void endAfterOneSlice(MemoryClaim claim) {
        Later.EXECUTOR.schedule(claim::close, SLICE_NANOS, TimeUnit.NANOSECONDS);
    }

    private static final class Later {
        static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lwp4j-claim-release");
            t.setDaemon(true);
            return t;
        });

        static {
            EXECUTOR.setKeepAliveTime(1, TimeUnit.SECONDS); // no thread left behind once requeues stop
            EXECUTOR.allowCoreThreadTimeOut(true);
        }
    }
}
