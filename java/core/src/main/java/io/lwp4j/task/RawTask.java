package io.lwp4j.task;

import static io.lwp4j.internal.ShimLayout.LWP_OP_SIZE;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_BLOCK_SIZE;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_METHOD_CLONE3;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_DEATH_SIGNAL;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_METHOD;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_OP_COUNT;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_PARENT;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_PROGRAM;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_TID;
import static io.lwp4j.internal.ShimLayout.LWP_TASK_OFF_TLS;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.internal.jfr.Events;
import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.internal.wait.MemoryClaim;
import io.lwp4j.internal.wait.Waits;
import io.lwp4j.spi.NativeBackend;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A kernel task made directly with {@code clone3(2)}/{@code clone(2)}, running a {@link TaskProgram} in the shim:
 * a real task of its own TID, seen in {@code /proc/<pid>/task} and {@code ps -eLf}, that lwp4j can wait for and
 * measure. The rules that keep the JVM alive (ARCHITECTURE.md §3) hold for every task:
 * <ol>
 *   <li>it runs only the shim's op interpreter, never Java;</li>
 *   <li>raw syscalls only, no libc state; its thread pointer is a private TLS block inside its own mapping, so it can
 *       never write its parent's TLS ({@link #threadPointerSeen()} proves it);</li>
 *   <li>it is born with every signal blocked: the JVM's handlers never run on it;</li>
 *   <li>it ends with {@code SYS_exit}, never {@code exit_group}; {@link #join} waits on the
 *       {@code CLONE_CHILD_CLEARTID} word (a <em>shared</em> futex wait: the kernel's wake at exit is not a private
 *       one) or, for a process-like task, reaps it with {@code waitid(__WALL)};</li>
 *   <li>its stack is one {@code mmap} with a guard page, unmapped exactly once and only after the task is gone (a task
 *       without {@code CLONE_VM} runs on its own copy, so this JVM's goes back at once);</li>
 *   <li>{@code clone3} is tried first and {@code clone} used on ENOSYS (Docker's default seccomp profile);
 *       {@link #cloneMethod()} says which;</li>
 *   <li>flags are validated before the call ({@link CloneFlag#validate}), and so is the program against them
 *       ({@link TaskProgram}: a task sharing this JVM's memory never touches a mapping another process can shrink;
 *       one without {@code CLONE_VM} touches only shared memory, with shared futex ops);</li>
 *   <li>a process-like task (no {@code CLONE_THREAD}) dies with the JVM — by {@code PR_SET_PDEATHSIG(SIGKILL)},
 *       which it arms as its first act, even when the JVM is SIGKILLed, and by a shutdown hook that kills and reaps
 *       it at {@code System.exit} — and {@link #kill} ends it earlier;</li>
 *   <li>a task dropped without {@link #join} or {@link #close} is reaped and its stack and memories released once
 *       its {@code RawTask} is collected (a {@link java.lang.ref.Cleaner}); one still running keeps its stack until
 *       it ends.</li>
 * </ol>
 *
 * <p>Process-like tasks are made by one lwp4j thread that lives as long as the JVM ({@code lwp4j-task-spawner}):
 * the kernel sends the death signal when the <em>thread</em> that made a task exits, so a task made by a short-lived
 * Java thread would otherwise die with it. They inherit that thread's CPU affinity and scheduling, not the caller's.
 *
 * {@snippet :
 * try (NativeMemory counter = NativeMemory.create(4096);
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

    private static final byte[] ZERO_BLOCK = new byte[LWP_TASK_BLOCK_SIZE];
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
    private final TaskState state;
    private final String cloneMethod;
    private final java.lang.ref.Cleaner.Cleanable cleanable;

    /**
     * Whether {@code tid} is a raw task of this JVM that has not been joined (a task that ended but was not joined
     * yet still counts: its TID is not reused before the kernel has reaped it). A dropped task counts until lwp4j
     * has reaped it.
     */
    public static boolean isLive(int tid) {
        return TaskReaper.isLive(tid);
    }

    /** How many raw tasks of this JVM are alive or ended but not yet reaped (the tasks {@link #isLive} answers for). */
    public static int liveCount() {
        return TaskReaper.liveCount();
    }

    private RawTask(NativeBackend nb, Set<CloneFlag> flags, TaskState state, String cloneMethod) {
        this.nb = nb;
        this.flags = flags;
        this.state = state;
        this.cloneMethod = cloneMethod;
        this.cleanable = TaskReaper.track(this, state);
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
        program.checkFor(f);
        NativeBackend nb = Native.backend();
        int page = (int) nb.pageSize();
        int stack = options.stackSize();
        if (stack < MIN_STACK_SIZE || stack > MAX_STACK_SIZE || stack % page != 0) {
            throw new IllegalArgumentException("stackSize=" + stack + ": " + MIN_STACK_SIZE + " to " + MAX_STACK_SIZE
                    + " bytes, a multiple of the page size (" + page + ")");
        }
        boolean threadLike = f.contains(CloneFlag.CLONE_THREAD);
        // One mapping: the guard page, then the stack, whose top page also holds the task block and the program
        // (so a task that uses little stack touches one page, not two: 4 KiB less per task).
        int top = (LWP_TASK_BLOCK_SIZE + program.encodedSize() + 63) & ~63;
        long mapLength = (page + (long) stack + top + page - 1) / page * page;
        java.util.List<MemoryClaim> claims = TaskState.claim(program.memories());
        long map = StackCache.take(mapLength);
        if (map == 0) {
            map = nb.memMap(mapLength, 0, 1);
            if (map < 0) {
                TaskState.unclaim(claims);
                throw ErrnoException.of("mmap", "task stack, len=" + mapLength, map);
            }
        }
        long block = map + mapLength - top; // 64-byte aligned: mapLength is whole pages, top a multiple of 64
        ByteBuffer view = Native.directBuffer(block, top).order(ByteOrder.nativeOrder());
        view.put(0, ZERO_BLOCK); // a cached stack still holds the last task's block
        encode(view, block, program);
        if (!threadLike) {
            // Its first act: die when the spawner thread (that is, this JVM) does; and exit at once if it already
            // has (then getppid() is no longer ours; in a new PID namespace the parent is outside: 0).
            view.putInt(LWP_TASK_OFF_DEATH_SIGNAL, TaskReaper.SIGKILL);
            view.putInt(LWP_TASK_OFF_PARENT, f.contains(CloneFlag.CLONE_NEWPID) ? 0 : (int) nb.getpid());
        }
        long r;
        try {
            long stackLo = map + page;
            long bits = CloneFlag.bits(f);
            int tryClone3 = options.tryClone3() ? 1 : 0;
            r = threadLike ? nb.taskSpawn(bits, 0, stackLo, block, tryClone3)
                    : TaskReaper.spawnProcessLike(() -> nb.taskSpawn(bits, SIGCHLD, stackLo, block, tryClone3));
        } catch (RuntimeException e) {
            TaskState.unclaim(claims);
            StackCache.giveBack(nb, map, mapLength);
            throw e;
        }
        // Written by the spawn call, also when it failed: which syscall answered.
        String method = view.getInt(LWP_TASK_OFF_METHOD) == LWP_TASK_METHOD_CLONE3 ? "clone3" : "clone";
        if (r < 0) {
            TaskState.unclaim(claims);
            StackCache.giveBack(nb, map, mapLength);
            throw spawnFailure(f, stack, r, method);
        }
        TaskState state = TaskState.of(nb, (int) r, f, map, mapLength, block, view, claims);
        state.releaseUnshared();
        RawTask task = new RawTask(nb, f, state, method);
        Events.rawTaskSpawned(task, stack);
        return task;
    }

    private static void encode(ByteBuffer v, long block, TaskProgram p) {
        long opsAt = block + LWP_TASK_BLOCK_SIZE;
        long dataAt = opsAt + p.ops().size() * (long) LWP_OP_SIZE;
        v.putLong(LWP_TASK_OFF_PROGRAM, opsAt);
        v.putLong(LWP_TASK_OFF_OP_COUNT, p.ops().size());
        int at = LWP_TASK_BLOCK_SIZE;
        for (TaskProgram.Op op : p.ops()) {
            long a = op.dataOffsetArg() == 0 ? dataAt + op.dataOffset() : op.a();
            long b = op.dataOffsetArg() == 1 ? dataAt + op.dataOffset() : op.b();
            v.putLong(at, op.code());
            v.putLong(at + 8, a);
            v.putLong(at + 16, b);
            v.putLong(at + 24, op.c());
            at += LWP_OP_SIZE;
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
        return state.tid;
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
        return !gone();
    }

    /** Whether the task is gone; the first time it is, its resources go too (see {@link TaskState#poll()}). */
    private boolean gone() {
        if (!state.poll()) {
            return false;
        }
        ended();
        return true;
    }

    /** Once gone through this object: nothing is left for the cleaner (its action would see the task gone). */
    private void ended() {
        cleanable.clean();
    }

    /**
     * Waits up to {@code timeout} for the task to end; then frees its stack and releases its program's memories.
     * Any {@code Duration} is accepted (lwp4j's one rule: zero or negative only looks, more than 100 years —
     * {@code ChronoUnit.FOREVER.getDuration()} too — waits for ever). BLOCKS, in the wait engine's slices: a
     * thread-like task (or any task sharing this JVM's memory) on its {@code CLONE_CHILD_CLEARTID} word, which the
     * kernel wakes at its exit; a process-like one without {@code CLONE_VM} by polling {@code waitid} with a pause
     * growing from 20 µs to 5 ms (its end wakes no word of this JVM).
     *
     * @return true when it has ended, false on timeout (the task runs on; join again or keep it)
     * @throws InterruptedException when the calling thread is interrupted while waiting (checked between slices: a
     *     futex wait is not ended by {@link Thread#interrupt()})
     */
    public boolean join(Duration timeout) throws InterruptedException {
        if (gone()) {
            return true;
        }
        long[] pause = {20_000};
        // The word's memory is the task's stack, which TaskState keeps mapped while the word is non-zero: no claim.
        Waits.Word word = new Waits.Word(null, state.block + LWP_TASK_OFF_TID, false, false, "join of task "
                + state.tid);
        long r = Waits.await(word, Deadline.after(timeout), true, slice -> {
            if (gone()) {
                return 0;
            }
            int v = state.sharesMemory ? state.tidWord() : 0;
            if (v != 0) {
                // If another thread frees the stack meanwhile, this slice ends (EFAULT, or a wake on whatever reuses
                // the address, or its timeout) and gone() answers on the next.
                long f = nb.futexPacked(state.block + LWP_TASK_OFF_TID, FUTEX_WAIT, v, slice, 0);
                if (f < 0 && -f != Errno.EAGAIN.number() && -f != Errno.ETIMEDOUT.number()
                        && -f != Errno.EINTR.number() && -f != Errno.EFAULT.number()) {
                    return f;
                }
            } else if (!state.threadLike) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(pause[0], slice));
                pause[0] = Math.min(pause[0] * 2, 5_000_000);
            }
            return gone() ? 0 : Waits.TIMED_OUT;
        });
        if (r == Waits.INTERRUPTED) {
            Thread.interrupted();
            throw new InterruptedException("join of task " + state.tid);
        }
        if (r < 0 && r != Waits.TIMED_OUT) {
            throw ErrnoException.of("futex", "FUTEX_WAIT, join of tid=" + state.tid, r);
        }
        return gone();
    }

    /**
     * Sends {@code signal} to a process-like task — {@code kill(2)} on its own PID, never a group — while lwp4j has
     * not reaped it (an unreaped task holds its PID, so the signal can never reach a process that reused it; kill and
     * reap are serialised). The task runs with every signal blocked, so only {@code SIGKILL} (9) and {@code SIGSTOP}
     * (19) act on it at once; others stay pending. A task killed while it holds a futex mutex leaves it locked.
     *
     * @param signal 1 to 64
     * @return true when sent, false when the task had already ended and been reaped
     * @throws IllegalStateException for a thread-like task ({@code CLONE_THREAD}): a fatal signal to any thread ends
     *     the whole JVM, so a raw thread is ended only through its program (open the gate it waits on)
     * @throws IllegalArgumentException for a signal outside 1 to 64
     */
    public boolean kill(int signal) {
        if (state.threadLike) {
            throw new IllegalStateException("kill(" + signal + ") of thread-like task " + state.tid + ": a fatal "
                    + "signal to any thread of a process ends the whole JVM; end it through its program instead");
        }
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("kill(signal=" + signal + "): 1 to 64");
        }
        boolean sent = state.kill(signal);
        if (!sent) {
            ended();
        }
        return sent;
    }

    /**
     * The exit code once the task has ended: the {@code exit} op's code (0 when the program ran to its end; 127 when
     * the interpreter refused an op). A process-like task killed by a signal reports 128 + the signal number.
     */
    public OptionalInt exitCode() {
        if (isAlive()) {
            return OptionalInt.empty();
        }
        int code = state.exitCode();
        return code < 0 ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /**
     * The result of the task's last syscall op ({@code close}, {@code setName}): {@code >= 0} or {@code -errno}.
     * Only a task sharing this JVM's memory ({@code CLONE_VM}) can report it.
     */
    public long lastResult() {
        requireSharedMemory("lastResult");
        return state.lastResult();
    }

    /**
     * The thread pointer the task saw at its start: the address of its private TLS block, never its parent's (the
     * proof of ARCHITECTURE.md §3 rule 2; needs {@code CLONE_VM} to be reported).
     */
    public long threadPointerSeen() {
        requireSharedMemory("threadPointerSeen");
        return state.threadPointerSeen();
    }

    /** The address of the private TLS block lwp4j gave the task. */
    public long privateTlsAddress() {
        return state.block + LWP_TASK_OFF_TLS;
    }

    private void requireSharedMemory(String what) {
        if (!state.sharesMemory) {
            throw new IllegalStateException(what + ": a task without CLONE_VM writes only its own copy of memory");
        }
    }

    /**
     * Waits up to 10 s for the task to end, then frees its stack. A task still running then keeps its stack (it is
     * never unmapped under a running task) and this throws {@link IllegalStateException}: a raw thread cannot be
     * killed alone (SIGKILL to any thread ends the whole JVM), so end it through its program (open its gate); a
     * process-like task can be {@linkplain #kill killed} first.
     */
    @Override
    public void close() {
        try {
            if (!join(Duration.ofSeconds(10))) {
                throw new IllegalStateException("task " + state.tid + " is still running after 10 s; its stack is "
                        + "kept until it ends (open the gate it waits on, then join again)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing task " + state.tid + "; its stack is kept", e);
        }
    }

    @Override
    public String toString() {
        return "RawTask[tid=" + state.tid + ", " + (state.threadLike ? "thread" : "process-like") + ", flags="
                + flags + "]";
    }
}
