package io.lwp4j.futex;

import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;

/**
 * A countdown latch in one futex word holding the count: {@link #await()} returns once it is 0, and
 * {@link #countDown()} wakes the waiters only when it reaches 0 (one {@code FUTEX_WAKE} for the whole life of the
 * latch; a waiter that slept on an older count is not woken by intermediate counts, because its wait is for the
 * final wake anyway).
 *
 * <p>Usable by Java threads, by raw tasks ({@code LWP_OP_AWAIT} with {@code b} = the count only waits for one
 * change; a raw task that must wait for 0 waits on a separate gate) and, on a shared futex, by other processes.
 *
 * <p>Memory ordering: each {@link #countDown()} is a release (a volatile read-modify-write) and an
 * {@link #await()} that returns is an acquire: what every counter wrote before counting down is visible after.
 */
public final class FutexLatch {

    /** The bytes it occupies: one 32-bit word. */
    public static final int BYTES = 4;

    private final Futex<?> word;
    private final NativeMemory memory;
    private final long offset;

    private FutexLatch(Futex<?> word) {
        this.word = word;
        this.memory = word.memory();
        this.offset = word.offset();
    }

    /** The latch in {@code word}, as it is (zeroed memory is a latch already at 0); see {@link #reset(int)}. */
    public static FutexLatch on(Futex<?> word) {
        return new FutexLatch(word);
    }

    /** The word. */
    public Futex<?> word() {
        return word;
    }

    /** Sets the count (release), before anyone uses the latch. */
    public void reset(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("latch count " + count + " is negative");
        }
        memory.setIntRelease(offset, count);
    }

    /** The count now. */
    public int count() {
        return word.value();
    }

    /** Counts down by one unless already 0; the step to 0 wakes every waiter. */
    public void countDown() {
        while (true) {
            int c = memory.getIntAcquire(offset);
            if (c <= 0) {
                return;
            }
            if (memory.compareAndSetInt(offset, c, c - 1)) {
                if (c == 1) {
                    word.wakeAll();
                }
                return;
            }
        }
    }

    /** Waits until the count is 0. No syscall if it already is. */
    public void await() throws InterruptedException {
        int c;
        while ((c = count()) != 0) {
            if (word.block(c, Futex.BITSET_MATCH_ANY, Deadline.forever(), true) == WaitOutcome.INTERRUPTED
                    && Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Waits at most {@code timeout} for the count to reach 0; {@code false} when it did not. */
    public boolean await(Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        int c;
        while ((c = count()) != 0) {
            WaitOutcome o = word.block(c, Futex.BITSET_MATCH_ANY, deadline, true);
            if (o == WaitOutcome.TIMED_OUT) {
                return count() == 0;
            }
            if (o == WaitOutcome.INTERRUPTED && Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "FutexLatch[count=" + count() + ", " + word + "]";
    }
}
