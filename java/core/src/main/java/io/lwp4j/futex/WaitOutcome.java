package io.lwp4j.futex;

/**
 * How a futex wait ended, when it ended in a way a caller acts on. Programming errors ({@code EINVAL},
 * {@code EFAULT}, …) are not outcomes: they throw {@link io.lwp4j.ErrnoException}.
 */
public enum WaitOutcome {
    /**
     * The wait returned 0: a wake reached it — or, as {@code futex(2)} allows, it woke spuriously. Re-check the
     * word: every futex protocol loops.
     */
    WOKEN,
    /** The word did not hold the expected value when the kernel looked ({@code EAGAIN}): nothing was waited for. */
    VALUE_MISMATCH,
    /**
     * The wait ended early: the calling Java thread is {@linkplain Thread#interrupt() interrupted} (its interrupt
     * status is left set), or a signal handler ran ({@code EINTR}).
     */
    INTERRUPTED,
    /** The timeout elapsed or the deadline passed ({@code ETIMEDOUT}). */
    TIMED_OUT
}
