package io.lwp4j.internal.wait;

import java.time.Duration;
import java.time.Instant;

/**
 * When a blocking call of lwp4j gives up: the one place a {@link Duration} or an {@link Instant} from the public API
 * becomes a deadline. The rule, the same for every blocking call (futex waits, the primitives, the pthread objects,
 * {@code NativeThread.join}, {@code RawTask.join}):
 * <ul>
 *   <li>a negative or zero timeout has already passed: the call tries once without sleeping (as
 *       {@code java.util.concurrent} treats one), it is never an error;</li>
 *   <li>a timeout longer than {@link #FOREVER_THRESHOLD} (100 years, {@code ChronoUnit.FOREVER.getDuration()}
 *       included) never passes; no value overflows ({@code Duration.toNanos()} would throw
 *       {@link ArithmeticException} above 292 years);</li>
 *   <li>an {@link Instant} deadline is on the wall clock ({@code CLOCK_REALTIME}), so it follows changes of the system
 *       clock; one before 1970 has passed, one after the year 2262 never passes.</li>
 * </ul>
 * A relative deadline is measured on {@link System#nanoTime()} ({@code CLOCK_MONOTONIC}), which clock changes cannot
 * disturb. Immutable.
 */
public final class Deadline {

    /** Timeouts longer than this never pass. */
    public static final Duration FOREVER_THRESHOLD = Duration.ofDays(365L * 100);

    private static final Deadline FOREVER = new Deadline(Long.MAX_VALUE, false, true);

    private final long end; // System.nanoTime() or epoch nanoseconds (realtime)
    private final boolean realtime;
    private final boolean forever;

    private Deadline(long end, boolean realtime, boolean forever) {
        this.end = end;
        this.realtime = realtime;
        this.forever = forever;
    }

    /** The deadline {@code timeout} from now, clamped as the class comment says. */
    public static Deadline after(Duration timeout) {
        if (timeout.compareTo(FOREVER_THRESHOLD) > 0) {
            return FOREVER;
        }
        long ns = timeout.isNegative() ? 0 : timeout.toNanos(); // at most 100 years: fits in a long
        return new Deadline(System.nanoTime() + ns, false, false);
    }

    /** The deadline {@code nanos} nanoseconds from now (negative: already passed; huge: never). */
    public static Deadline afterNanos(long nanos) {
        return nanos > FOREVER_THRESHOLD.toNanos() ? FOREVER
                : new Deadline(System.nanoTime() + Math.max(0, nanos), false, false);
    }

    /** The wall-clock deadline {@code instant}, clamped as the class comment says. */
    public static Deadline at(Instant instant) {
        if (instant.getEpochSecond() < 0) {
            return new Deadline(0, true, false);
        }
        if (instant.getEpochSecond() >= Long.MAX_VALUE / 1_000_000_000L - 1) {
            return FOREVER;
        }
        return new Deadline(instant.getEpochSecond() * 1_000_000_000L + instant.getNano(), true, false);
    }

    /** The deadline that never passes. */
    public static Deadline forever() {
        return FOREVER;
    }

    /** Whether this deadline never passes. */
    public boolean isForever() {
        return forever;
    }

    /** Whether this is a wall-clock deadline. */
    public boolean isRealtime() {
        return realtime;
    }

    /** The nanoseconds left: 0 once passed, {@link Long#MAX_VALUE} for {@link #forever()}. */
    public long remainingNanos() {
        if (forever) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, end - (realtime ? epochNanosNow() : System.nanoTime()));
    }

    /** Whether the deadline has passed. */
    public boolean hasPassed() {
        return remainingNanos() == 0;
    }

    /** Now on {@code CLOCK_REALTIME}, in nanoseconds since 1970. */
    public static long epochNanosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public String toString() {
        return forever ? "Deadline[forever]" : "Deadline[" + remainingNanos() + " ns left" + (realtime
                ? ", wall clock]" : "]");
    }
}
