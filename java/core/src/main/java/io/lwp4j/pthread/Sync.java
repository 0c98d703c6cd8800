package io.lwp4j.pthread;

import io.lwp4j.ErrnoException;
import java.time.Duration;

/** What the pthread object wrappers share: timeouts in nanoseconds and -errno checks. */
final class Sync {
    private Sync() {}

    /** A non-negative timeout in nanoseconds (saturating at about 292 years). */
    static long nanos(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Throws for a negative shim result; {@code epermHint} explains an EPERM. */
    static long check(long r, String op, String detail, String epermHint) {
        if (r < 0) {
            throw ErrnoException.of(op, detail, r, r == -1 ? epermHint : null);
        }
        return r;
    }
}
