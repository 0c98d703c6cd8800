package io.lwp4j.pthread;

import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_CPUSET;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_CPUSET_SIZE;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_DETACHED;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_GUARD_SIZE;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_NAME;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_POLICY;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_PRIORITY;
import static io.lwp4j.internal.ShimLayout.LWP_PT_OFF_STACK_SIZE;
import static io.lwp4j.internal.ShimLayout.LWP_PT_STEP_AFFINITY;
import static io.lwp4j.internal.ShimLayout.LWP_PT_STEP_GUARD;
import static io.lwp4j.internal.ShimLayout.LWP_PT_STEP_POLICY;
import static io.lwp4j.internal.ShimLayout.LWP_PT_STEP_STACK;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Checks;
import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.proc.Tasks;
import io.lwp4j.sched.CpuSet;
import io.lwp4j.sched.CpuTopology;
import io.lwp4j.sched.SchedPolicy;
import io.lwp4j.sched.Scheduling;
import java.util.Objects;

/**
 * The attributes of a {@link NativeThread}, each checked when set (an {@link IllegalArgumentException} before any
 * native call), then {@link #start(Runnable)}. A builder may start several threads with the same attributes.
 */
public final class NativeThreadBuilder {
    /**
     * The smallest stack accepted: the code runs Java, and HotSpot places its guard zones (red, yellow, reserved:
     * several pages) and needs its shadow pages (about 20 on x86_64) inside the thread's stack before the first
     * Java frame; below this, attaching the thread can overflow. glibc's own minimum (PTHREAD_STACK_MIN, 16 KiB) is
     * far lower.
     */
    public static final long MIN_STACK_SIZE = 256 * 1024;

    private String name;
    private byte[] nameBytes;
    private long stackSize;
    private long guardSize = -1;
    private CpuSet affinity;
    private SchedPolicy policy;
    private int priority;
    private boolean detached;
    private Thread.UncaughtExceptionHandler handler;

    NativeThreadBuilder() {}

    /** The native name (1 to 15 bytes of UTF-8), set by the thread itself before the code runs; also its Java name. */
    public NativeThreadBuilder name(String name) {
        this.nameBytes = Checks.taskName(name);
        this.name = name;
        return this;
    }

    /**
     * The exact stack size: a whole number of pages, at least {@link #MIN_STACK_SIZE}. lwp4j maps the stack itself
     * ({@code pthread_attr_setstack}) with the {@linkplain #guardSize guard} below it as a {@code PROT_NONE} page
     * range: {@code pthread_attr_setstacksize} is only a minimum, since glibc reuses a cached stack of up to four
     * times the size. {@code pthread_getattr_np} in the thread reports exactly this size. Such a thread must be
     * joinable: its stack is unmapped after {@code pthread_join}.
     */
    public NativeThreadBuilder stackSize(long bytes) {
        long page = Native.backend().pageSize();
        if (bytes < MIN_STACK_SIZE || bytes % page != 0) {
            throw new IllegalArgumentException("stackSize(" + bytes + "): a whole number of " + page
                    + "-byte pages, at least " + MIN_STACK_SIZE + " (the JVM's guard zones and shadow pages live in it)");
        }
        this.stackSize = bytes;
        return this;
    }

    /** The guard size below the stack: a whole number of pages, 0 for none ({@code pthread_attr_setguardsize}). */
    public NativeThreadBuilder guardSize(long bytes) {
        long page = Native.backend().pageSize();
        if (bytes < 0 || bytes % page != 0 || bytes > (1L << 30)) {
            throw new IllegalArgumentException("guardSize(" + bytes + "): a whole number of " + page
                    + "-byte pages, 0 to 1 GiB");
        }
        this.guardSize = bytes;
        return this;
    }

    /**
     * The CPUs the thread may run on from its first instruction ({@code pthread_attr_setaffinity_np}: applied by
     * {@code pthread_create}, before the thread runs). Every CPU must be allowed by this process's cgroup.
     */
    public NativeThreadBuilder affinity(CpuSet cpus) {
        Objects.requireNonNull(cpus, "cpus");
        Checks.cpusAllowed(cpus, "affinity");
        this.affinity = cpus;
        return this;
    }

    /**
     * The scheduling policy and priority, set explicitly ({@code PTHREAD_EXPLICIT_SCHED}) instead of inherited.
     * FIFO and RR need CAP_SYS_NICE: without it {@link #start} fails with EPERM saying so.
     */
    public NativeThreadBuilder scheduling(SchedPolicy policy, int priority) {
        Objects.requireNonNull(policy, "policy");
        Checks.priority(policy, priority, "scheduling");
        this.policy = policy;
        this.priority = priority;
        return this;
    }

    /** Detached ({@code PTHREAD_CREATE_DETACHED}) or joinable (the default). */
    public NativeThreadBuilder detached(boolean detached) {
        this.detached = detached;
        return this;
    }

    /** The handler for an exception from the code; by default the Java thread's own. */
    public NativeThreadBuilder uncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
        this.handler = handler;
        return this;
    }

    /**
     * Creates the thread and returns once {@code task} is about to run on it.
     *
     * @throws io.lwp4j.PermissionException (EPERM) for a real-time policy without CAP_SYS_NICE
     * @throws io.lwp4j.ResourceLimitException (EAGAIN) at a thread or memory limit
     */
    public NativeThread start(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (detached && stackSize > 0) {
            throw new IllegalArgumentException("a detached thread cannot have an exact stack size: lwp4j maps that "
                    + "stack and may unmap it only after pthread_join; make it joinable or drop stackSize");
        }
        long[] mask = affinity == null ? new long[0] : affinity.toLongArray();
        NativeMemory block = NativeMemory.create(LWP_PT_OFF_CPUSET + 8L * mask.length);
        try {
            block.setLong(LWP_PT_OFF_STACK_SIZE, stackSize);
            block.setLong(LWP_PT_OFF_GUARD_SIZE, guardSize);
            block.setInt(LWP_PT_OFF_POLICY, policy == null ? -1 : policy.number());
            block.setInt(LWP_PT_OFF_PRIORITY, priority);
            block.setInt(LWP_PT_OFF_DETACHED, detached ? 1 : 0);
            block.setInt(LWP_PT_OFF_CPUSET_SIZE, 8 * mask.length);
            if (nameBytes != null) {
                block.put(LWP_PT_OFF_NAME, nameBytes); // the mapping is zeroed: NUL-terminated
            }
            for (int i = 0; i < mask.length; i++) {
                block.setLong(LWP_PT_OFF_CPUSET + 8L * i, mask[i]);
            }
        } catch (RuntimeException e) {
            block.close();
            throw e;
        }
        NativeThread t = new NativeThread(this, task, block);
        t.start();
        return t;
    }

    /** The exception for a failed start: which call failed (lwp4j.h LWP_PT_STEP_*), with what, and what to do. */
    ErrnoException startFailure(int step, long errno) {
        switch (step) {
            case LWP_PT_STEP_STACK:
                return ErrnoException.of("pthread_attr_setstacksize", "stackSize=" + stackSize, errno, null);
            case LWP_PT_STEP_GUARD:
                return ErrnoException.of("pthread_attr_setguardsize", "guardSize=" + guardSize, errno, null);
            case LWP_PT_STEP_AFFINITY:
                return ErrnoException.of("pthread_attr_setaffinity_np", "cpus=" + affinity, errno, null);
            case LWP_PT_STEP_POLICY:
                return ErrnoException.of("pthread_attr_setschedpolicy", policy.cName() + ", priority=" + priority,
                        errno, null);
            default:
                String hint = null;
                if (Errno.EPERM.is(errno) && policy != null) {
                    hint = policy.isRealTime() ? Scheduling.realTimeHint()
                            : "setting a scheduling policy explicitly needs CAP_SYS_NICE here";
                } else if (Errno.EAGAIN.is(errno)) {
                    hint = io.lwp4j.proc.ThreadLimits.current().describe(); // names the limit that bit, if one did
                } else if (Errno.EINVAL.is(errno) && affinity != null) {
                    hint = "the CPU set " + affinity + " has no CPU this process may use";
                }
                return ErrnoException.of("pthread_create", describe(), errno, hint);
        }
    }

    /** The exception for a thread that could not take its BATCH/IDLE policy (it never ran the code). */
    ErrnoException policyFailure(int errno) {
        return ErrnoException.of("sched_setscheduler", "new thread, " + policy.cName() + ", priority=" + priority,
                errno, Errno.EPERM.is(errno)
                        ? "leaving a real-time policy inherited from the creator needs CAP_SYS_NICE" : null);
    }

    /** Bytes of the stack mapping the shim made: the guard (default one page) and the stack. */
    long stackMappingSize() {
        return stackSize + (guardSize >= 0 ? guardSize : Native.backend().pageSize());
    }

    String name() {
        return name;
    }

    boolean detached() {
        return detached;
    }

    // The attributes as asked, for the lwp4j.NativeThreadStart event.
    long stackSizeAsked() {
        return stackSize;
    }

    long guardSizeAsked() {
        return guardSize;
    }

    SchedPolicy policyAsked() {
        return policy;
    }

    int priorityAsked() {
        return priority;
    }

    CpuSet affinityAsked() {
        return affinity;
    }

    Thread.UncaughtExceptionHandler uncaughtExceptionHandler() {
        return handler;
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        if (name != null) {
            sb.append("name=\"").append(name).append("\"");
        }
        if (policy != null) {
            sb.append(sb.length() > 0 ? ", " : "").append(policy.cName()).append(", priority=").append(priority);
        }
        if (affinity != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("cpus=").append(affinity);
        }
        if (stackSize > 0) {
            sb.append(sb.length() > 0 ? ", " : "").append("stackSize=").append(stackSize);
        }
        return sb.toString();
    }
}
