package io.lwp4j.futex;

import io.lwp4j.internal.wait.Deadline;
import java.time.Duration;

/**
 * A gate (a manual-reset event) in one futex word: 0 closed, anything else open. {@link #await()} returns once the
 * gate is open; {@link #open()} opens it and wakes every waiter; {@link #reset()} closes it again for later waiters.
 *
 * <p>The layout is the raw tasks' {@code LWP_OP_AWAIT} (wait while the word equals 0) and {@code LWP_OP_SIGNAL}
 * (store a value, wake all): a raw task can wait for a gate Java opens, or open one Java threads wait for; on a
 * shared futex other processes can too.
 *
 * <p>Memory ordering: {@link #open()} is a release and a returning {@link #await()} an acquire, so what the opener
 * wrote before opening is visible to every thread that passed the gate.
 */
public final class FutexGate {

    /** The bytes it occupies: one 32-bit word. */
    public static final int BYTES = 4;

    private final Futex<?> word;

    private FutexGate(Futex<?> word) {
        this.word = word;
    }

    /** The gate in {@code word} (zeroed memory is a closed gate). */
    public static FutexGate on(Futex<?> word) {
        return new FutexGate(word);
    }

    /** The word. */
    public Futex<?> word() {
        return word;
    }

    /** Opens the gate (stores 1, release) and wakes every waiter; returns how many woke. */
    public int open() {
        word.memory().setIntRelease(word.offset(), 1);
        return word.wakeAll();
    }

    /** Closes the gate (stores 0, release); waiters already through are not affected. */
    public void reset() {
        word.memory().setIntRelease(word.offset(), 0);
    }

    /** Whether the gate is open now (acquire read). */
    public boolean isOpen() {
        return word.value() != 0;
    }

    /** Waits until the gate is open. No syscall if it already is. */
    public void await() throws InterruptedException {
        while (!isOpen()) {
            if (word.block(0, Futex.BITSET_MATCH_ANY, Deadline.forever(), true) == WaitOutcome.INTERRUPTED
                    && Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Waits at most {@code timeout} for the gate to open; {@code false} when it stayed closed. */
    public boolean await(Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        while (!isOpen()) {
            WaitOutcome o = word.block(0, Futex.BITSET_MATCH_ANY, deadline, true);
            if (o == WaitOutcome.TIMED_OUT) {
                return isOpen();
            }
            if (o == WaitOutcome.INTERRUPTED && Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "FutexGate[" + (isOpen() ? "open" : "closed") + ", " + word + "]";
    }
}
