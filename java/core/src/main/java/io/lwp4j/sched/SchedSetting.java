package io.lwp4j.sched;

/**
 * A thread's scheduling policy and its static priority ({@code sched_priority}: 1 to 99 for FIFO/RR, 0 otherwise).
 *
 * @param policy the policy
 * @param priority its {@code sched_priority}
 * @param resetOnFork whether {@code SCHED_RESET_ON_FORK} is set (children start back at OTHER/nice 0)
 */
public record SchedSetting(SchedPolicy policy, int priority, boolean resetOnFork) {
    @Override
    public String toString() {
        return policy.cName() + "(" + priority + ")" + (resetOnFork ? "|SCHED_RESET_ON_FORK" : "");
    }
}
