package io.lwp4j.internal.wait;

import io.lwp4j.Errno;
import io.lwp4j.internal.Native;
import io.lwp4j.internal.jfr.Events;
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
 *   <li><b>Slices</b>: no signal reaches a thread blocked in a syscall when it is interrupted, so an interruptible
 *       wait sleeps in slices of at most {@link #SLICE_NANOS} ({@value #SLICE_PROP_NAME} milliseconds, default
 *       {@value #SLICE_DEFAULT_MILLIS}, 1 to 10,000) and checks the interrupt status between slices
 *       ({@link #INTERRUPTED}, the status left set); so does a wait on something a close cannot wake (a glibc object,
 *       whose own loop would sleep again). A slice that times out is not an outcome: the loop goes on until the
 *       deadline. The cost is one syscall per slice per sleeping thread (20 a second by default), nothing for a wait
 *       shorter than a slice. A futex wait that ignores interrupts is one syscall, exactly as {@code futex(2)}
 *       describes it (a requeue moves it for good, a wake that changes nothing still reaches it).</li>
 *   <li><b>Memory</b>: the wait holds a {@link MemoryClaim} on each memory it sleeps on for its whole duration, so
 *       the memory is never unmapped under the syscall; {@code NativeMemory.close()} wakes the claimed futex words
 *       (again until every wait has left the kernel; a sliced wait also checks between slices), so a wait on memory
 *       being closed ends with {@link IllegalStateException}, and never sleeps on a page that a later mapping
 *       reuses.</li>
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

    /** What a wait does about {@link Thread#interrupt()}. */
    public enum Interrupts {
        /** Ignored (they stay pending): the wait is one syscall when the close of its memory can wake it. */
        IGNORED,
        /** Seen only before the wait ({@link #INTERRUPTED}): otherwise as {@link #IGNORED}. */
        BEFORE,
        /** Seen within one slice ({@link #INTERRUPTED}, the status left set): the wait sleeps in slices. */
        SLICED
    }

    /** {@link #await}'s result when the (interruptible) waiting thread is interrupted: {@code -EINTR}. */
    public static final long INTERRUPTED = -Errno.EINTR.number();
    /** {@link #await}'s result when the deadline passed: {@code -ETIMEDOUT}. */
    public static final long TIMED_OUT = -Errno.ETIMEDOUT.number();

    /**
     * One slice of a wait: the blocking syscall, for at most {@code sliceNanos} (relative; 0 for the one attempt a
     * deadline that has already passed still makes, which does not sleep; -1: no timeout, only for an unsliced wait
     * on futex words with no deadline).
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
        return await(List.of(word), deadline, interruptible ? Interrupts.SLICED : Interrupts.IGNORED, attempt);
    }

    /** {@link #await(Word, Deadline, boolean, Attempt)} on several words at once ({@code futex_waitv}). */
    public static long await(List<Word> words, Deadline deadline, boolean interruptible, Attempt attempt) {
        return await(words, deadline, interruptible ? Interrupts.SLICED : Interrupts.IGNORED, attempt);
    }

    /**
     * The engine itself. The wait sleeps in slices when it must notice something no wake tells it — an interrupt
     * ({@link Interrupts#SLICED}), or the close of a memory it cannot be woken from (a glibc object, a raw word) —
     * and is otherwise one attempt for the whole deadline ({@code sliceNanos} -1 when there is none), which the
     * close of its memory wakes (again and again, until it has left the kernel). Recorded as {@code lwp4j.FutexWait}
     * when that JFR event is on.
     */
    public static long await(List<Word> words, Deadline deadline, Interrupts interrupts, Attempt attempt) {
        Object event = Events.futexWaitBegin(); // null (nothing allocated) unless lwp4j.FutexWait is on
        if (event == null) {
            return awaitUnrecorded(words, deadline, interrupts, attempt);
        }
        long r = awaitUnrecorded(words, deadline, interrupts, attempt);
        Word w = words.get(0);
        Events.futexWaitEnd(event, w.address(), w.isPrivate(), w.memory() == null || w.wake(), words.size(),
                w.user(), r);
        return r;
    }

    private static long awaitUnrecorded(List<Word> words, Deadline deadline, Interrupts interrupts,
            Attempt attempt) {
        boolean sliced = interrupts == Interrupts.SLICED;
        for (Word w : words) {
            sliced |= !w.wake();
        }
        boolean slicedWait = sliced;
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
                return loop(claims, deadline, interrupts, slicedWait, attempt);
            }
            long[] out = new long[1];
            boolean[] done = new boolean[1];
            try {
                ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                    @Override
                    public boolean block() {
                        out[0] = loop(claims, deadline, interrupts, slicedWait, attempt);
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

    private static long loop(MemoryClaim[] claims, Deadline deadline, Interrupts interrupts, boolean sliced,
            Attempt attempt) {
        for (boolean first = true;; first = false) {
            checkOpen(claims);
            if ((interrupts == Interrupts.SLICED || interrupts == Interrupts.BEFORE && first)
                    && Thread.currentThread().isInterrupted()) {
                return INTERRUPTED;
            }
            long left = deadline.remainingNanos();
            if (left == 0 && !first) {
                return TIMED_OUT;
            }
            long r = attempt.call(sliced ? Math.min(left, SLICE_NANOS) : deadline.isForever() ? -1 : left);
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
                slice < 0 ? -1 : absolute ? (realtime ? Deadline.epochNanosNow() : System.nanoTime()) + slice : slice,
                0);
    }

    /**
     * Runs {@code wake} every millisecond (backing off to one slice) until it answers {@code false}: how
     * {@code NativeMemory.close()} makes sure every wait on the memory leaves the kernel, including one that entered it
     * just after the first wake. One daemon thread ({@code lwp4j-close-waker}), made on first use and gone one second
     * after its last task.
     */
    public static void repeatWhile(java.util.function.BooleanSupplier wake) {
        Later.EXECUTOR.schedule(new Runnable() {
            long delay = 1_000_000;

            @Override
            public void run() {
                if (wake.getAsBoolean()) {
                    delay = Math.min(delay * 2, SLICE_NANOS);
                    Later.EXECUTOR.schedule(this, delay, TimeUnit.NANOSECONDS);
                }
            }
        }, 1, TimeUnit.MILLISECONDS);
    }

    private static final class Later {
        static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lwp4j-close-waker");
            t.setDaemon(true);
            return t;
        });

        static {
            EXECUTOR.setKeepAliveTime(1, TimeUnit.SECONDS); // no thread left behind once the waits have left
            EXECUTOR.allowCoreThreadTimeOut(true);
        }
    }
}
