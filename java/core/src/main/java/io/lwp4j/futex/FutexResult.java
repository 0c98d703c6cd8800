package io.lwp4j.futex;

/**
 * A raw futex call that compares a word and also answers a number (ARCHITECTURE.md §12): its {@link WaitOutcome}
 * and that number. {@link FutexVector#await}: {@link WaitOutcome#WOKEN} with the woken word's index.
 * {@link Futex#cmpRequeue}: {@link WaitOutcome#WOKEN} (the call went through) with how many waiters were woken or
 * moved. For every other outcome ({@link WaitOutcome#VALUE_MISMATCH}: a word did not hold its expected value, and
 * nothing was done; {@link WaitOutcome#INTERRUPTED}; {@link WaitOutcome#TIMED_OUT}) the value is -1.
 *
 * @param outcome how the call ended
 * @param value the index or count for {@link WaitOutcome#WOKEN}, else -1
 */
public record FutexResult(WaitOutcome outcome, int value) {
    static final FutexResult VALUE_MISMATCH = new FutexResult(WaitOutcome.VALUE_MISMATCH, -1);
    static final FutexResult INTERRUPTED = new FutexResult(WaitOutcome.INTERRUPTED, -1);
    static final FutexResult TIMED_OUT = new FutexResult(WaitOutcome.TIMED_OUT, -1);

    /** {@link WaitOutcome#WOKEN} with {@code value}. */
    static FutexResult woken(int value) {
        return new FutexResult(WaitOutcome.WOKEN, value);
    }
}
