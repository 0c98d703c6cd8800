package io.lwp4j.internal;

/**
 * The memory layouts and codes of {@code native/include/lwp4j.h} that Java writes and reads: the raw task's block
 * and op codes (ARCHITECTURE.md §3), the native thread's block (§6) and the pthread type codes. Each constant has
 * the name of the C macro it mirrors, and {@code AbiContractTest} compares every one with the value the target's
 * compiler gives that macro (through {@code lwp4j_abi_facts}), so a drifted offset, op code or size fails a test.
 * Only what Java uses is here.
 */
public final class ShimLayout {

    private ShimLayout() {}

    // ---- the raw task's program: every op is four int64 words {code, a, b, c} ----

    /** Bytes of one op. */
    public static final int LWP_OP_SIZE = 32;
    public static final int LWP_OP_EXIT = 0;
    public static final int LWP_OP_AWAIT = 1;
    public static final int LWP_OP_SIGNAL = 2;
    public static final int LWP_OP_ADD_PLAIN = 3;
    public static final int LWP_OP_ADD_ATOMIC = 4;
    public static final int LWP_OP_ADD_LOCKED = 5;
    public static final int LWP_OP_SPIN = 6;
    public static final int LWP_OP_SLEEP = 7;
    public static final int LWP_OP_COPY = 8;
    public static final int LWP_OP_CLOSE = 9;
    public static final int LWP_OP_IDS = 10;
    public static final int LWP_OP_PINGPONG = 11;
    public static final int LWP_OP_SET_NAME = 12;

    // ---- the raw task's block: the contract words, then its private TLS; the program follows ----

    /** int32: the CLONE_PARENT_SETTID / CLONE_CHILD_CLEARTID word; 0 once the task is gone. */
    public static final int LWP_TASK_OFF_TID = 0;
    /** int32: the code the task exits with. */
    public static final int LWP_TASK_OFF_EXIT_CODE = 8;
    /** int64: the result of the last syscall op. */
    public static final int LWP_TASK_OFF_LAST_RESULT = 16;
    /** int64: the thread pointer the task saw. */
    public static final int LWP_TASK_OFF_TLS_SEEN = 24;
    /** int64: the address of the first op. */
    public static final int LWP_TASK_OFF_PROGRAM = 32;
    /** int64: the number of ops. */
    public static final int LWP_TASK_OFF_OP_COUNT = 40;
    /** int32: which syscall made (or refused) the task, {@link #LWP_TASK_METHOD_CLONE3} or clone. */
    public static final int LWP_TASK_OFF_METHOD = 48;
    /** int32: the death signal the task arms first (0: none). */
    public static final int LWP_TASK_OFF_DEATH_SIGNAL = 52;
    /** int32: the parent the task must see after arming it. */
    public static final int LWP_TASK_OFF_PARENT = 56;
    /** The task's private TLS block (its thread pointer). */
    public static final int LWP_TASK_OFF_TLS = 64;
    /** The whole block; the program starts here. */
    public static final int LWP_TASK_BLOCK_SIZE = 320;
    /** {@link #LWP_TASK_OFF_METHOD}: clone3(2). */
    public static final int LWP_TASK_METHOD_CLONE3 = 3;

    // ---- the native thread's block (lwp_pthread_start) ----

    /** int64 in: the exact stack size, 0 = glibc's. */
    public static final int LWP_PT_OFF_STACK_SIZE = 0;
    /** int64 in: the guard size, -1 = glibc's default. */
    public static final int LWP_PT_OFF_GUARD_SIZE = 8;
    /** int32 in: SCHED_*, -1 = inherit. */
    public static final int LWP_PT_OFF_POLICY = 16;
    /** int32 in: sched_priority. */
    public static final int LWP_PT_OFF_PRIORITY = 20;
    /** int32 in: 1 = detached. */
    public static final int LWP_PT_OFF_DETACHED = 24;
    /** int32 in: bytes of the CPU mask, 0 = inherit. */
    public static final int LWP_PT_OFF_CPUSET_SIZE = 28;
    /** 16 bytes in (the kernel's TASK_COMM_LEN): the NUL-terminated name. */
    public static final int LWP_PT_OFF_NAME = 32;
    /** int64 out: the pthread_t. */
    public static final int LWP_PT_OFF_THREAD = 48;
    /** int32 out: 1 (release store, then a private wake) once the upcall returned. */
    public static final int LWP_PT_OFF_DONE = 56;
    /** int32 out: the LWP_PT_STEP_* that failed. */
    public static final int LWP_PT_OFF_FAILED_STEP = 60;
    /** int64 out: the stack mapping lwp_pthread_start made. */
    public static final int LWP_PT_OFF_STACK_MAP = 80;
    /** int32 out: -errno when the thread could not take its policy. */
    public static final int LWP_PT_OFF_START_ERROR = 88;
    /** The CPU mask (unsigned longs). */
    public static final int LWP_PT_OFF_CPUSET = 128;
    public static final int LWP_PT_STEP_STACK = 1;
    public static final int LWP_PT_STEP_GUARD = 2;
    public static final int LWP_PT_STEP_AFFINITY = 3;
    public static final int LWP_PT_STEP_POLICY = 4;

    // ---- lwp_pthread_sizes(which) ----

    public static final int LWP_SIZE_MUTEX = 0;
    public static final int LWP_SIZE_COND = 1;
    public static final int LWP_SIZE_BARRIER = 2;
    public static final int LWP_SIZE_RWLOCK = 3;
}
