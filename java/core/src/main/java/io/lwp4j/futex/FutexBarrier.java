package io.lwp4j.futex;

import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;

/**
 * A cyclic barrier in one futex word, with a timed form: {@link #await()} returns once {@code parties} threads (of
 * this process, or of several on a shared futex) have called it, and the barrier is then ready for the next round.
 * It is the timed alternative to glibc's {@link io.lwp4j.pthread.PthreadBarrier}, whose wait has no timeout.
 *
 * <p>As {@link java.util.concurrent.CyclicBarrier}: a party that gives up — its timed wait ran out, or it was
 * interrupted — <em>breaks</em> the barrier, and every party waiting in or arriving at that round then throws
 * {@link BrokenBarrierException} instead of waiting for a party that will not come. {@link #reset()} mends it.
 *
 * <p>The word: bit 31 broken, bits 16–30 the round (mod 2<sup>15</sup>), bits 0–15 the parties arrived in this round.
 * Zeroed memory is a barrier at its first round. Every process using one word must use the same {@code parties}.
 * Memory ordering: what a party wrote before {@link #await()} is visible to every party after the round completes
 * (the arrivals are volatile read-modify-writes, the return an acquire of the word).
 */
public final class FutexBarrier {

    /** The bytes it occupies: one 32-bit word. */
    public static final int BYTES = 4;
    /** The most parties one word can count. */
    public static final int MAX_PARTIES = 0xFFFF;

    private static final int BROKEN = 0x8000_0000;
    private static final int ROUND = 0x7FFF_0000;
    private static final int ONE_ROUND = 0x1_0000;
    private static final int ARRIVED = 0xFFFF;

    private final Futex<?> word;
    private final NativeMemory memory;
    private final long offset;
    private final int parties;

    private FutexBarrier(Futex<?> word, int parties) {
        if (parties < 1 || parties > MAX_PARTIES) {
            throw new IllegalArgumentException("FutexBarrier.on(parties=" + parties + "): 1 to " + MAX_PARTIES);
        }
        this.word = word;
        this.memory = word.memory();
        this.offset = word.offset();
        this.parties = parties;
    }

    /** The barrier for {@code parties} in {@code word}, as it is (zeroed memory is a barrier at its first round). */
    public static FutexBarrier on(Futex<?> word, int parties) {
        return new FutexBarrier(java.util.Objects.requireNonNull(word, "word"), parties);
    }

    /** The word. */
    public Futex<?> word() {
        return word;
    }

    /** The parties each round waits for. */
    public int parties() {
        return parties;
    }

    /** How many parties wait in the current round. */
    public int arrived() {
        return word.value() & ARRIVED;
    }

    /** Whether a party gave up in the current round; every {@code await} throws until {@link #reset()}. */
    public boolean isBroken() {
        return (word.value() & BROKEN) != 0;
    }

    /**
     * Puts the barrier back at a new round, not broken, with nobody arrived (release). Call it only when no party
     * waits (a party waiting in the round it ends returns as if the round had completed).
     */
    public void reset() {
        int v = memory.getIntAcquire(offset);
        memory.setIntRelease(offset, (v + ONE_ROUND) & ROUND);
        word.wakeAll();
    }

    /**
     * Waits until all parties have arrived. Interruptible: an interrupt breaks the barrier and throws.
     *
     * @throws BrokenBarrierException the barrier was broken before or while this party waited
     * @throws InterruptedException this thread was interrupted while waiting (the barrier is now broken)
     */
    public void await() throws InterruptedException, BrokenBarrierException {
        arriveAndWait(Deadline.forever());
    }

    /**
     * Waits at most {@code timeout} (zero or negative: arrives, and waits not at all) until all parties have
     * arrived. When the time runs out first, this party breaks the barrier and answers {@code false}.
     *
     * @return true when the round completed; false when this party's time ran out (the barrier is now broken)
     * @throws BrokenBarrierException another party broke the barrier before or while this one waited
     * @throws InterruptedException this thread was interrupted while waiting (the barrier is now broken)
     */
    public boolean await(Duration timeout) throws InterruptedException, BrokenBarrierException {
        return arriveAndWait(Deadline.after(timeout));
    }

    private boolean arriveAndWait(Deadline deadline) throws InterruptedException, BrokenBarrierException {
        if (Thread.interrupted()) {
            breakRound(memory.getIntAcquire(offset) & ROUND);
            throw new InterruptedException();
        }
        int round;
        while (true) {
            int v = memory.getIntAcquire(offset);
            if ((v & BROKEN) != 0) {
                throw new BrokenBarrierException();
            }
            round = v & ROUND;
            int arrived = v & ARRIVED;
            if (arrived + 1 >= parties) {
                if (memory.compareAndSetInt(offset, v, (round + ONE_ROUND) & ROUND)) {
                    word.wakeAll();
                    return true;
                }
            } else if (memory.compareAndSetInt(offset, v, v + 1)) {
                break;
            }
        }
        while (true) {
            int v = memory.getIntAcquire(offset);
            if ((v & ROUND) != round) {
                return true;
            }
            if ((v & BROKEN) != 0) {
                throw new BrokenBarrierException();
            }
            WaitOutcome o = word.block(v, Futex.BITSET_MATCH_ANY, deadline, true);
            boolean interrupted = o == WaitOutcome.INTERRUPTED && Thread.interrupted();
            if (o == WaitOutcome.TIMED_OUT || interrupted) {
                if (!breakRound(round)) {
                    if (interrupted) {
                        Thread.currentThread().interrupt(); // the round completed first: keep the status, as j.u.c
                    }
                    return true;
                }
                if (interrupted) {
                    throw new InterruptedException();
                }
                return false;
            }
        }
    }

    /** Breaks {@code round} unless it completed already; whether this call (or another party) broke it. */
    private boolean breakRound(int round) {
        while (true) {
            int v = memory.getIntAcquire(offset);
            if ((v & ROUND) != round) {
                return false;
            }
            if ((v & BROKEN) != 0 || memory.compareAndSetInt(offset, v, v | BROKEN)) {
                word.wakeAll();
                return true;
            }
        }
    }

    @Override
    public String toString() {
        int v = word.value();
        return "FutexBarrier[parties=" + parties + ", arrived=" + (v & ARRIVED) + ", round=" + ((v & ROUND) >>> 16)
                + ((v & BROKEN) != 0 ? ", broken" : "") + ", " + word + "]";
    }
}
