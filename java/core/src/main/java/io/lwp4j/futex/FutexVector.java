package io.lwp4j.futex;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.internal.wait.Waits;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Several futex words waited on at once with
 * <a href="https://man7.org/linux/man-pages/man2/futex_waitv.2.html">{@code futex_waitv(2)}</a> (Linux 5.16+): the
 * wait ends when any one of them is woken, and says which. Words of both scopes may be mixed (each waiter carries
 * its own {@code FUTEX2_PRIVATE} flag).
 *
 * <p>The vector owns a small native array of {@code struct futex_waitv} (24 bytes per word), filled with the expected
 * values at each {@link #await}: close it when done. One thread may wait on a vector at a time (calls are
 * serialised); use one vector per waiting thread.
 *
 * <p>On a kernel without {@code futex_waitv} (before 5.16, or a seccomp profile that refuses it), {@link #await}
 * throws {@link ErrnoException} with {@code ENOSYS} and says so; {@link #isSupported()} asks without waiting.
 * {@link Thread#interrupt()} is honoured between slices, as for {@link Futex}. When the memory of any entry (or the
 * vector itself) is closed during a wait, the wait ends with {@link IllegalStateException}, as for {@link Futex}.
 */
public final class FutexVector implements AutoCloseable {

    /** The kernel's limit on words per call ({@code FUTEX_WAITV_MAX}). */
    public static final int MAX_WORDS = 128;

    private static final int FUTEX2_SIZE_U32 = 0x02;
    private static final int FUTEX2_PRIVATE = 128;
    private static final int WAITER_BYTES = 24;

    private final List<Futex<?>> futexes;
    private final NativeMemory array;

    private FutexVector(List<Futex<?>> futexes) {
        this.futexes = futexes;
        this.array = NativeMemory.create((long) WAITER_BYTES * futexes.size());
    }

    /**
     * A vector of 1 to {@value #MAX_WORDS} futexes (which must stay open while it is used).
     *
     * @throws IllegalArgumentException for an empty or too long list
     */
    public static FutexVector create(List<? extends Futex<?>> futexes) {
        if (futexes.isEmpty() || futexes.size() > MAX_WORDS) {
            throw new IllegalArgumentException("FutexVector.create: 1 to " + MAX_WORDS + " futexes, not "
                    + futexes.size());
        }
        return new FutexVector(List.copyOf(futexes));
    }

    /** The futexes, in index order. */
    public List<Futex<?>> futexes() {
        return futexes;
    }

    /**
     * Sleeps until one word is woken, while every word {@code i} holds {@code expected[i]}. BLOCKS.
     *
     * @return {@code WOKEN} with the woken word's index, {@code VALUE_MISMATCH} when a word differed, {@code INTERRUPTED}
     * @throws ErrnoException {@code ENOSYS} on a kernel without {@code futex_waitv}; {@code EINVAL}, {@code EFAULT}
     */
    public FutexResult await(int... expected) {
        return sleep(Deadline.forever(), expected);
    }

    /**
     * Like {@link #await(int...)}, for at most {@code timeout} of {@code CLOCK_MONOTONIC}: never {@code TIMED_OUT}
     * before it has elapsed.
     */
    public FutexResult await(Duration timeout, int... expected) {
        return sleep(Deadline.after(timeout), expected);
    }

    private synchronized FutexResult sleep(Deadline deadline, int[] expected) {
        if (expected.length != futexes.size()) {
            throw new IllegalArgumentException("FutexVector.await: " + expected.length + " expected values for "
                    + futexes.size() + " futexes");
        }
        List<Waits.Word> words = new ArrayList<>(expected.length + 1);
        words.add(Waits.Word.object(array, "a FutexVector wait"));
        for (int i = 0; i < expected.length; i++) {
            Futex<?> f = futexes.get(i);
            long w = (long) i * WAITER_BYTES;
            long address = f.address();
            array.setLong(w, expected[i] & 0xffffffffL);
            array.setLong(w + 8, address);
            array.setInt(w + 16, FUTEX2_SIZE_U32 | (f.isPrivate() ? FUTEX2_PRIVATE : 0));
            array.setInt(w + 20, 0);
            words.add(Waits.Word.futex(f.memory(), address, f.isPrivate(), "entry " + i + " of a FutexVector wait"));
        }
        long waiters = array.address();
        long r = Waits.await(words, deadline, true, slice -> {
            Futex.countWait();
            return Native.backend().futexWaitv(waiters, expected.length, slice);
        });
        if (r >= 0) {
            return FutexResult.woken((int) r);
        } else if (Errno.EAGAIN.is(r)) {
            return FutexResult.VALUE_MISMATCH;
        } else if (r == Waits.INTERRUPTED) {
            return FutexResult.INTERRUPTED;
        } else if (r == Waits.TIMED_OUT) {
            return FutexResult.TIMED_OUT;
        }
        throw ErrnoException.of("futex_waitv", expected.length + " words, first uaddr=0x"
                + Long.toHexString(futexes.get(0).address()), r, Errno.ENOSYS.is(r)
                ? "futex_waitv needs Linux 5.16 or later (this kernel: " + System.getProperty("os.version")
                        + ") and a seccomp profile that allows it" : null);
    }

    /**
     * Whether this kernel offers {@code futex_waitv}: asks it with a zero-length vector (answered {@code EINVAL}
     * when the call exists, {@code ENOSYS} when not) without waiting.
     */
    public static boolean isSupported() {
        return Native.backend().futexWaitv(0, 0, 0) != -Errno.ENOSYS.number();
    }

    /**
     * Frees the native array. Idempotent and thread-safe; a wait in progress on this vector ends with
     * {@link IllegalStateException} within one slice, and the array is unmapped after it has left the kernel.
     */
    @Override
    public void close() {
        array.close();
    }
}
