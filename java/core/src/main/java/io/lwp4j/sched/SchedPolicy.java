package io.lwp4j.sched;

/**
 * A Linux scheduling policy ({@code sched(7)}), with the number {@code <sched.h>} gives it. The real-time policies
 * ({@link #FIFO}, {@link #RR}) take a priority from 1 to 99 and need {@code CAP_SYS_NICE} (or an
 * {@code RLIMIT_RTPRIO} at least that high); the others take priority 0 and differ in how CFS/EEVDF weighs them.
 */
public enum SchedPolicy {
    /** {@code SCHED_OTHER}: the default time-sharing policy; nice values weigh threads against each other. */
    OTHER(0),
    /** {@code SCHED_FIFO}: real time, runs until it blocks or yields; needs CAP_SYS_NICE. */
    FIFO(1),
    /** {@code SCHED_RR}: real time with a time slice among equal priorities; needs CAP_SYS_NICE. */
    RR(2),
    /** {@code SCHED_BATCH}: CPU-bound work that the scheduler may delay a little for interactive threads. */
    BATCH(3),
    /** {@code SCHED_IDLE}: runs only when nothing else wants the CPU. */
    IDLE(5);

    /** {@code SCHED_RESET_ON_FORK}: or-ed into {@code sched_getscheduler}'s answer; not a policy of its own. */
    static final int RESET_ON_FORK = 0x40000000;

    private final int number;

    SchedPolicy(int number) {
        this.number = number;
    }

    /** The kernel's number ({@code SCHED_FIFO} is 1). */
    public int number() {
        return number;
    }

    /** Whether this is a real-time policy (FIFO or RR): a priority of 1 to 99 and CAP_SYS_NICE. */
    public boolean isRealTime() {
        return this == FIFO || this == RR;
    }

    /** The name as {@code <sched.h>} spells it, e.g. {@code SCHED_FIFO}. */
    public String cName() {
        return "SCHED_" + name();
    }

    /** The lowest priority the kernel accepts for this policy ({@code sched_get_priority_min}). */
    public int minPriority() {
        return (int) range();
    }

    /** The highest priority the kernel accepts for this policy ({@code sched_get_priority_max}). */
    public int maxPriority() {
        return (int) (range() >>> 32);
    }

    private long range() {
        long r = io.lwp4j.internal.Native.backend().schedPriorityRange(number);
        if (r < 0) {
            throw io.lwp4j.ErrnoException.of("sched_get_priority_max", cName(), r, null);
        }
        return r;
    }

    /**
     * The policy for a kernel number (as in {@code /proc/<pid>/stat} field 41 or {@code sched_getscheduler}),
     * ignoring {@code SCHED_RESET_ON_FORK}.
     *
     * @throws IllegalArgumentException for a number that is none of these (e.g. {@code SCHED_DEADLINE}, 6)
     */
    public static SchedPolicy of(int number) {
        int n = number & ~RESET_ON_FORK;
        for (SchedPolicy p : values()) {
            if (p.number == n) {
                return p;
            }
        }
        throw new IllegalArgumentException("scheduling policy " + number + " is not one of " + java.util.Arrays
                .toString(values()) + " (SCHED_DEADLINE is not supported)");
    }
}
