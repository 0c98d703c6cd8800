package io.lwp4j.internal;

import io.lwp4j.proc.Tasks;
import io.lwp4j.sched.CpuSet;
import io.lwp4j.sched.CpuTopology;
import io.lwp4j.sched.SchedPolicy;
import java.nio.charset.StandardCharsets;

/**
 * Argument checks that more than one package of core makes (ARCHITECTURE.md §12 rule 8: public only so that
 * another package of core can call them, in a package no user module can read).
 */
public final class Checks {
    private Checks() {}

    /**
     * The UTF-8 bytes of a valid thread name (1 to {@value io.lwp4j.proc.Tasks#MAX_NAME_BYTES} bytes, no newline
     * or NUL), or an {@link IllegalArgumentException} that says what is wrong. Used by {@code Tasks.rename} and
     * {@code NativeThreadBuilder.name}.
     */
    public static byte[] taskName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("thread name is null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("thread name is empty");
        }
        if (name.indexOf('\n') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("thread name \"" + name.replace("\n", "\\n").replace("\0", "\\0")
                    + "\" holds a newline or NUL, which /proc/<pid>/comm cannot carry");
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Tasks.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("thread name \"" + name + "\" is " + bytes.length
                    + " bytes in UTF-8; the kernel's limit is " + Tasks.MAX_NAME_BYTES
                    + " bytes (TASK_COMM_LEN - 1)");
        }
        return bytes;
    }

    /**
     * Refuses an empty set or CPUs outside {@link CpuTopology#allowedCpus()}, naming them and where the allowed set
     * came from: the kernel would silently drop such CPUs from a mask, or refuse a mask of only such CPUs with a bare
     * EINVAL.
     *
     * @param what the call being checked, for the message
     * @throws IllegalArgumentException if {@code cpus} is empty or holds a CPU this process may not use
     */
    public static void cpusAllowed(CpuSet cpus, String what) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException(what + ": the CPU set is empty");
        }
        CpuTopology.Allowed allowed = CpuTopology.allowed();
        CpuSet outside = cpus.minus(allowed.cpus());
        if (!outside.isEmpty()) {
            throw new IllegalArgumentException(what + ": CPU " + outside + " is outside the CPUs this process may use ("
                    + allowed.cpus() + ", from " + allowed.source() + ")");
        }
    }

    /**
     * Refuses a priority outside {@code policy}'s {@link SchedPolicy#minPriority()} to
     * {@link SchedPolicy#maxPriority()} ({@code sched_get_priority_min/max}).
     *
     * @param what the call being checked, for the message
     * @throws IllegalArgumentException if the kernel would refuse {@code priority} for {@code policy}
     */
    public static void priority(SchedPolicy policy, int priority, String what) {
        int min = policy.minPriority();
        int max = policy.maxPriority();
        if (priority < min || priority > max) {
            throw new IllegalArgumentException(what + ": " + policy.cName() + " takes a priority from " + min + " to "
                    + max + ", not " + priority);
        }
    }
}
