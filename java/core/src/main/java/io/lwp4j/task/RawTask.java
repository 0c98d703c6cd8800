package io.lwp4j.task;

import io.lwp4j.ErrnoException;
import io.lwp4j.Errno;
import io.lwp4j.internal.MemoryClaim;
import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.spi.NativeBackend;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A kernel task made directly with {@code clone3(2)}/{@code clone(2)}, running a {@link TaskProgram} in the shim:
 * a real task of its own TID, seen in {@code /proc/<pid>/task} and {@code ps -eLf}, that lwp4j can wait for and
 * measure. The rules that keep the JVM alive (DESIGN §3) hold for every task:
 * <ol>
 *   <li>it runs only the shim's op interpreter, never Java;</li>
 *   <li>raw syscalls only, no libc state; its thread pointer is a private TLS block inside its own mapping, so it can
 *       never write its parent's TLS ({@link #threadPointerSeen()} proves it);</li>
 *   <li>it is born with every signal blocked: the JVM's handlers never run on it;</li>
 *   <li>it ends with {@code SYS_exit}, never {@code exit_group}; {@link #join} waits on the
 *       {@code CLONE_CHILD_CLEARTID} word (a <em>shared</em> futex wait: the kernel's wake at exit is not a private
 *       one) or, for a process-like task, reaps it with {@code waitid(__WALL)};</li>
 *   <li>its stack is one {@code mmap} with a guard page, unmapped exactly once and only after the task is gone;</li>
 *   <li>{@code clone3} is tried first and {@code clone} used on ENOSYS (Docker's default seccomp profile);
 *       {@link #cloneMethod()} says which;</li>
 *   <li>flags are validated before the call ({@link CloneFlag#validate}).</li>
 * </ol>
 *
 * {@snippet :
 * try (NativeMemory counter = NativeMemory.allocate(4096);
 *      RawTask t = RawTask.spawn(CloneFlag.threadPreset(),
 *              TaskProgram.builder().setName("adder").add(counter, 0, 1000, TaskProgram.AddMode.ATOMIC).build())) {
 *     t.join(Duration.ofSeconds(5));
 *     System.out.println(t.tid() + " exited " + t.exitCode().getAsInt() + ", counter " + counter.getLong(0));
 * }
 * }
 *
 * <p>Thread-safe: any thread may join, poll or close a task.
 */
public final class RawTask implements AutoCloseable {

    /** The smallest stack accepted (the interpreter needs little; a page or two is touched). */
    public static final int MIN_STACK_SIZE = 16 * 1024;
    /** The largest stack accepted. */
    public static final int MAX_STACK_SIZE = 64 * 1024 * 1024;
    /** The default stack: 64 KiB, as the benchmarks and the memory figures assume. */
    public static final int DEFAULT_STACK_SIZE = 64 * 1024;

    private static final int BLOCK_SIZE = 64 + 256; // LWP_TASK_BLOCK_SIZE
    private static final byte[] ZERO_BLOCK = new byte[BLOCK_SIZE];
    private static final int OFF_TID = 0;
    private static final int OFF_STATE = 4;
    private static final int OFF_EXIT_CODE = 8;
    private static final int OFF_LAST_RESULT = 16;
    private static final int OFF_TLS_SEEN = 24;
    private static final int OFF_PROGRAM = 32;
    private static final int OFF_OP_COUNT = 40;
    private static final int OFF_METHOD = 48;
    private static final int OFF_TLS = 64;
    private static final int SIGCHLD = 17; // the same on x86_64 and aarch64 (asm-generic)
    private static final int FUTEX_WAIT = 0; // shared: CLONE_CHILD_CLEARTID wakes with a shared futex wake

    /** How a task is made: stack size, whether to try clone3, whether namespace flags are allowed. */
    public record Options(int stackSize, boolean tryClone3, boolean allowNamespaces) {
        /** 64 KiB stack, clone3 first, no namespaces. */
        public static Options defaults() {
            return new Options(DEFAULT_STACK_SIZE, true, false);
        }

        /** The same options with another stack size ({@value #MIN_STACK_SIZE} to 64 MiB, page multiple). */
        public Options stackSize(int bytes) {
            return new Options(bytes, tryClone3, allowNamespaces);
        }

        /** The same options, trying clone3 first or going straight to clone. */
        public Options tryClone3(boolean yes) {
            return new Options(stackSize, yes, allowNamespaces);
        }

        /** The same options, allowing namespace flags or not. */
        public Options allowNamespaces(boolean yes) {
            return new Options(stackSize, tryClone3, yes);
        }
    }

    private final NativeBackend nb;
    private final Set<CloneFlag> flags;
    private final boolean threadLike;
    private final boolean sharesMemory;
    private final TaskProgram program;
    private final long map;
    private final long mapLength;
    private final long block;
    private final ByteBuffer blockView;
    private final int tid;
    private final String cloneMethod;
    private final AtomicBoolean freed = new AtomicBoolean();
    private final java.util.List<MemoryClaim> claims; // on the program's memories, while the task may run

    /** TIDs of this JVM's raw tasks that have not been joined yet (for snapshots that label tasks). */
    private static final Set<Integer> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Whether {@code tid} is a raw task of this JVM that has not been joined (a task that ended but was not joined
     * yet still counts: its TID is not reused before the kernel has reaped it).
     */
    public static boolean isLive(int tid) {
        return LIVE.contains(tid);
    }
    private volatile long reapStatus = -1; // for process-like tasks: 0x10000 | code << 8 | status once reaped

    private RawTask(NativeBackend nb, Set<CloneFlag> flags, TaskProgram program, long map, long mapLength, long block,
            ByteBuffer blockView, int tid, java.util.List<MemoryClaim> claims) {
        this.claims = claims;
        this.nb = nb;
        this.flags = flags;
        this.threadLike = flags.contains(CloneFlag.CLONE_THREAD);
        this.sharesMemory = flags.contains(CloneFlag.CLONE_VM);
        this.program = program;
        this.map = map;
        this.mapLength = mapLength;
        this.block = block;
        this.blockView = blockView;
        this.tid = tid;
        this.cloneMethod = blockView.getInt(OFF_METHOD) == 3 ? "clone3" : "clone"; // written by the spawn call
    }

    /** {@link #spawn(Set, TaskProgram, Options)} with {@link Options#defaults()}. */
    public static RawTask spawn(Set<CloneFlag> flags, TaskProgram program) {
        return spawn(flags, program, Options.defaults());
    }

    /**
     * Makes a task with {@code flags} that runs {@code program}.
     *
     * @throws IllegalArgumentException when the flags break a rule or the stack size is out of range, before any
     *     syscall
     * @throws io.lwp4j.ResourceLimitException (EAGAIN) when a limit stops a new task: {@code pids.max} of the
     *     cgroup, {@code RLIMIT_NPROC}, {@code threads-max}
     * @throws io.lwp4j.PermissionException (EPERM) for namespace flags without the capability
     * @throws ErrnoException for any other failure, naming {@code clone3}/{@code clone}, the flags and the errno
     */
    public static RawTask spawn(Set<CloneFlag> flags, TaskProgram program, Options options) {
        EnumSet<CloneFlag> f = flags.isEmpty() ? EnumSet.noneOf(CloneFlag.class) : EnumSet.copyOf(flags);
        CloneFlag.validate(f, options.allowNamespaces());
        NativeBackend nb = Native.backend();
        int page = (int) nb.pageSize();
        int stack = options.stackSize();
        if (stack < MIN_STACK_SIZE || stack > MAX_STACK_SIZE || stack % page != 0) {
            throw new IllegalArgumentException("stackSize=" + stack + ": " + MIN_STACK_SIZE + " to " + MAX_STACK_SIZE
                    + " bytes, a multiple of the page size (" + page + ")");
        }
        // One mapping: the guard page, then the stack, whose top page also holds the task block and the program
        // (so a task that uses little stack touches one page, not two: 4 KiB less per task).
        int top = (BLOCK_SIZE + program.encodedSize() + 63) & ~63;
        long mapLength = (page + (long) stack + top + page - 1) / page * page;
        long map = StackCache.take(mapLength);
        if (map == 0) {
            map = nb.memMap(mapLength, 0, 1);
            if (map < 0) {
                throw ErrnoException.of("mmap", "task stack, len=" + mapLength, map);
            }
        }
        long block = map + mapLength - top; // 64-byte aligned: mapLength is whole pages, top a multiple of 64
        ByteBuffer view = Native.directBuffer(block, top).order(ByteOrder.nativeOrder());
        view.put(0, ZERO_BLOCK); // a cached stack still holds the last task's block
        encode(view, block, program);
        java.util.List<MemoryClaim> claims = new java.util.ArrayList<>();
        try {
            for (NativeMemory m : program.memories()) {
                claims.add(MemoryClaim.of(m, "a raw task's program"));
            }
            int exitSignal = f.contains(CloneFlag.CLONE_THREAD) ? 0 : SIGCHLD;
            long r = nb.taskSpawn(CloneFlag.bits(f), exitSignal, map + page, block, options.tryClone3() ? 1 : 0);
            if (r < 0) {
                throw spawnFailure(f, stack, r, view.getInt(OFF_METHOD) == 3 ? "clone3" : "clone");
            }
            LIVE.add((int) r);
            return new RawTask(nb, f, program, map, mapLength, block, view, (int) r, claims);
        } catch (RuntimeException e) {
            claims.forEach(MemoryClaim::close);
            StackCache.giveBack(nb, map, mapLength);
            throw e;
        }
    }

    private static void encode(ByteBuffer v, long block, TaskProgram p) {
        long opsAt = block + BLOCK_SIZE;
        long dataAt = opsAt + p.ops().size() * 32L;
        v.putLong(OFF_PROGRAM, opsAt);
        v.putLong(OFF_OP_COUNT, p.ops().size());
        int at = BLOCK_SIZE;
        for (TaskProgram.Op op : p.ops()) {
            long a = op.dataOffsetArg() == 0 ? dataAt + op.dataOffset() : op.a();
            long b = op.dataOffsetArg() == 1 ? dataAt + op.dataOffset() : op.b();
            v.putLong(at, op.code());
            v.putLong(at + 8, a);
            v.putLong(at + 16, b);
            v.putLong(at + 24, op.c());
            at += 32;
        }
        v.put(at, p.data());
    }

    private static ErrnoException spawnFailure(Set<CloneFlag> f, int stack, long r, String call) {
        String hint = null;
        if (-r == Errno.EAGAIN.number()) {
            hint = io.lwp4j.proc.ThreadLimits.current().describe();
        } else if (-r == Errno.EPERM.number() && !java.util.Collections.disjoint(f, CloneFlag.NAMESPACES)) {
            hint = "namespace flags need CAP_SYS_ADMIN (or CLONE_NEWUSER first)";
        } else if (-r == Errno.ENOMEM.number()) {
            hint = "out of memory for a kernel task (or pid_max reached)";
        }
        return ErrnoException.of(call, "flags=" + f + ", stack=" + stack, r, hint);
    }

    /** The task's TID in this process's PID namespace (its PID too, when it is process-like). */
    public int tid() {
        return tid;
    }

    /** The flags it was made with. */
    public Set<CloneFlag> flags() {
        return java.util.Collections.unmodifiableSet(flags);
    }

    /** {@code "clone3"} or {@code "clone"} (clone3 answered ENOSYS, or was not tried). */
    public String cloneMethod() {
        return cloneMethod;
    }

    /** True until the task has ended (and, when process-like, been reaped). */
    public boolean isAlive() {
        if (freed.get()) {
            return false;
        }
        if (threadLike) {
            return tidWord() != 0;
        }
        return !reap(true);
    }

    /**
     * Waits up to {@code timeout} for the task to end; then frees its stack.
     *
     * @return true when it has ended, false on timeout (the task runs on; join again or keep it)
     * @throws InterruptedException when the calling thread is interrupted while waiting (checked at least every
     *     50 ms: a futex wait is not ended by {@link Thread#interrupt()})
     */
    public boolean join(Duration timeout) throws InterruptedException {
        if (freed.get()) {
            return true; // joined before: the block is unmapped, never read it again
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        if (threadLike) {
            for (;;) {
                int v = tidWord();
                if (v == 0) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("join of task " + tid);
                }
                long r = nb.futex(block + OFF_TID, FUTEX_WAIT, v, Math.min(left, 50_000_000L), 0, 0);
                if (r == -Errno.EFAULT.number() && freed.get()) {
                    return true; // another thread joined and unmapped the block while we waited on it
                }
                if (r < 0 && -r != Errno.EAGAIN.number() && -r != Errno.ETIMEDOUT.number()
                        && -r != Errno.EINTR.number()) {
                    throw ErrnoException.of("futex", "FUTEX_WAIT, join of tid=" + tid, r);
                }
            }
        } else {
            long pause = 20_000;
            while (!reap(true)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("join of task " + tid);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(pause, left));
                pause = Math.min(pause * 2, 5_000_000);
            }
        }
        free();
        return true;
    }

    /** Reaps a process-like task; true once it has been reaped. */
    private boolean reap(boolean nohang) {
        if (reapStatus >= 0) {
            return true;
        }
        synchronized (this) {
            if (reapStatus >= 0) {
                return true;
            }
            long r = nb.taskReap(tid, nohang ? 1 : 0);
            if (r < 0) {
                throw ErrnoException.of("waitid", "P_PID " + tid + ", WEXITED|__WALL", r);
            }
            if (r == 0) {
                return false;
            }
            reapStatus = r;
            return true;
        }
    }

    /**
     * The exit code once the task has ended: the {@code exit} op's code (0 when the program ran to its end; 127 when
     * the interpreter refused an op). A process-like task killed by a signal reports 128 + the signal number.
     */
    public OptionalInt exitCode() {
        if (isAlive()) {
            return OptionalInt.empty();
        }
        if (!threadLike) {
            long s = reapStatus;
            int code = (int) (s >> 8) & 0xff;
            return OptionalInt.of(code == 1 /* CLD_EXITED */ ? (int) (s & 0xff) : 128 + (int) (s & 0xff));
        }
        synchronized (this) {
            return OptionalInt.of(freed.get() ? savedExit : blockView.getInt(OFF_EXIT_CODE));
        }
    }

    private volatile int savedExit;
    private volatile long savedLastResult;
    private volatile long savedTls;

    /**
     * The result of the task's last syscall op ({@code close}, {@code setName}): {@code >= 0} or {@code -errno}.
     * Only a task sharing this JVM's memory ({@code CLONE_VM}) can report it.
     */
    public long lastResult() {
        requireSharedMemory("lastResult");
        synchronized (this) {
            return freed.get() ? savedLastResult : blockView.getLong(OFF_LAST_RESULT);
        }
    }

    /**
     * The thread pointer the task saw at its start: the address of its private TLS block, never its parent's (the
     * proof of DESIGN §3 rule 2; needs {@code CLONE_VM} to be reported).
     */
    public long threadPointerSeen() {
        requireSharedMemory("threadPointerSeen");
        synchronized (this) {
            return freed.get() ? savedTls : blockView.getLong(OFF_TLS_SEEN);
        }
    }

    /** The address of the private TLS block lwp4j gave the task. */
    public long privateTlsAddress() {
        return block + OFF_TLS;
    }


    private void requireSharedMemory(String what) {
        if (!sharesMemory) {
            throw new IllegalStateException(what + ": a task without CLONE_VM writes only its own copy of memory");
        }
    }

    /**
     * The CLEARTID word, 0 once the task is gone. Reads of the block and its unmapping are serialised on this
     * object, so no thread reads the block after another has freed it.
     */
    private synchronized int tidWord() {
        return freed.get() ? 0 : (int) INT.getAcquire(blockView, OFF_TID);
    }

    private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteBufferViewVarHandle(
            int[].class, ByteOrder.nativeOrder());

    /** Unmaps the stack and releases the program's memories: exactly once, and only after the task is gone. */
    private synchronized void free() {
        if (freed.get()) {
            return;
        }
        if (sharesMemory) {
            savedExit = blockView.getInt(OFF_EXIT_CODE);
            savedLastResult = blockView.getLong(OFF_LAST_RESULT);
            savedTls = blockView.getLong(OFF_TLS_SEEN);
        }
        freed.set(true);
        LIVE.remove(tid);
        claims.forEach(MemoryClaim::close);
        // The kernel has cleared the TID word (or the task was reaped): nothing runs on this stack any more, the
        // moment glibc reuses a pthread stack too.
        StackCache.giveBack(nb, map, mapLength);
    }

    /**
     * Waits up to 10 s for the task to end, then frees its stack. A task still running then keeps its stack (it is
     * never unmapped under a running task) and this throws {@link IllegalStateException}: a raw thread cannot be
     * killed alone (SIGKILL to any thread ends the whole JVM), so end it through its program (open its gate).
     */
    @Override
    public void close() {
        try {
            if (!join(Duration.ofSeconds(10))) {
                throw new IllegalStateException("task " + tid + " is still running after 10 s; its stack is kept "
                        + "until it ends (open the gate it waits on, then join again)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing task " + tid + "; its stack is kept", e);
        }
    }

    @Override
    public String toString() {
        return "RawTask[tid=" + tid + ", " + (threadLike ? "thread" : "process-like") + ", flags=" + flags + "]";
    }
}
