package io.lwp4j.task;

import static io.lwp4j.internal.ShimLayout.LWP_OP_ADD_ATOMIC;
import static io.lwp4j.internal.ShimLayout.LWP_OP_ADD_LOCKED;
import static io.lwp4j.internal.ShimLayout.LWP_OP_ADD_PLAIN;
import static io.lwp4j.internal.ShimLayout.LWP_OP_AWAIT;
import static io.lwp4j.internal.ShimLayout.LWP_OP_CLOSE;
import static io.lwp4j.internal.ShimLayout.LWP_OP_COPY;
import static io.lwp4j.internal.ShimLayout.LWP_OP_EXIT;
import static io.lwp4j.internal.ShimLayout.LWP_OP_IDS;
import static io.lwp4j.internal.ShimLayout.LWP_OP_PINGPONG;
import static io.lwp4j.internal.ShimLayout.LWP_OP_SET_NAME;
import static io.lwp4j.internal.ShimLayout.LWP_OP_SIGNAL;
import static io.lwp4j.internal.ShimLayout.LWP_OP_SIZE;
import static io.lwp4j.internal.ShimLayout.LWP_OP_SLEEP;
import static io.lwp4j.internal.ShimLayout.LWP_OP_SPIN;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexGate;
import io.lwp4j.futex.FutexMutex;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.memory.SharedMemory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a raw task does: a short list of ops that the shim's interpreter runs on the task (ARCHITECTURE.md §3 rule 1: a task
 * made by {@code clone()} never runs Java). Built once, immutable, reusable for any number of tasks.
 *
 * {@snippet :
 * TaskProgram p = TaskProgram.builder()
 *         .setName("counter-1")
 *         .await(gate, 0, 0)                        // wait while the gate word is 0
 *         .add(counter, 0, 1_000_000, AddMode.ATOMIC)
 *         .exit(0)
 *         .build();
 * }
 *
 * <p>Words are named as a {@link NativeMemory} and an offset, checked (bounds, natural alignment) when the program
 * is built; a running task holds a claim on every memory its program names, so closing
 * one early can never unmap it under the task. Futex ops use the scope of their mapping: private futex operations
 * on a private mapping, shared ones on a {@linkplain NativeMemory#createShared shared} mapping (the only kind a
 * task without {@code CLONE_VM} and this JVM both see) — so a Java thread waking a task must use the same scope.
 *
 * <p>Which memory a task may name depends on how it is made; {@link RawTask#spawn} checks it before any clone and
 * refuses with an {@link IllegalArgumentException} that names the memory or the op (ARCHITECTURE.md §3 rules 8 and 9):
 * <ul>
 *   <li>A task that shares this JVM's memory ({@code CLONE_VM}: every thread-like task) may name only anonymous
 *       {@link NativeMemory} ({@link NativeMemory#create create} or {@link NativeMemory#createShared
 *       createShared}), never a {@link SharedMemory}: another process of the user can truncate the named file,
 *       and the {@code SIGBUS} the task then takes arrives while it blocks every signal, so the kernel forces it
 *       with {@code SIG_DFL} — on a thread of the JVM that ends the whole JVM, with no hs_err and no shutdown hook
 *       (a Java thread in the same spot would get a recoverable {@link InternalError}). Anonymous memory has no
 *       file that anyone could shrink (only a process that may ptrace the JVM and holds
 *       {@code CAP_CHECKPOINT_RESTORE} or {@code CAP_SYS_ADMIN} could open it, through {@code /proc/<pid>/map_files},
 *       and such a process can do anything to the JVM anyway). The same program is allowed in a task without {@code CLONE_VM}: a fault
 *       there ends only that task (it has its own handler table and thread group; {@link RawTask#exitCode()} is
 *       then 128 + 7), so a process-like task can still work in a mapping other processes open by name.</li>
 *   <li>A task without {@code CLONE_VM} runs on its own copy of this JVM's memory, so every memory its program
 *       names must be {@linkplain NativeMemory#isShared() shared} (private memory would be a copy the JVM never
 *       sees: a counter that stays 0, a gate no one can open) and every futex op must use the shared scope (a
 *       private futex is keyed by the address space, and the task's is not the JVM's).</li>
 * </ul>
 * Why not a sealed {@code memfd} ({@code F_SEAL_SHRINK}) instead of the first refusal: a {@link SharedMemory} is
 * found by its name in {@code /dev/shm}, which a memfd has not, and sealing the name's file is not possible (tmpfs
 * files take no seals); so a named mapping stays shrinkable by its peers, and only tasks whose fault stays their
 * own may touch it.
 */
public final class TaskProgram {

    /** How {@link Builder#add} adds. */
    public enum AddMode {
        /** A plain load and store: concurrent tasks lose updates (the race the {@code race} demo shows). */
        PLAIN,
        /** An atomic fetch-and-add: exact. */
        ATOMIC
    }

    /** The most ops a program may hold. */
    public static final int MAX_OPS = 64;
    /** The most bytes of data (names, copied bytes) a program may carry. */
    public static final int MAX_DATA = 4096;


    /** One op: the code and its three arguments; an argument may point into the program's data area. */
    record Op(int code, long a, long b, long c, int dataOffsetArg, int dataOffset) {
        /** Whether the op makes a private futex call ({@code FUTEX_PRIVATE_FLAG}), per the encoding of lwp4j.h. */
        boolean usesPrivateFutex() {
            switch (code) {
                case LWP_OP_AWAIT:
                case LWP_OP_SIGNAL:
                case LWP_OP_ADD_LOCKED:
                    return (c & 1) != 0;
                case LWP_OP_PINGPONG:
                    return ((c >> 8) & 1) != 0;
                default:
                    return false;
            }
        }

        String name() {
            return OP_NAMES[code];
        }
    }

    private static final String[] OP_NAMES = {"exit", "await", "signal", "add", "add", "addLocked", "spin", "sleep",
        "copy", "close", "writeIds", "pingPong", "setName"};

    private final List<Op> ops;
    private final byte[] data;
    private final Set<NativeMemory> memories;

    private TaskProgram(List<Op> ops, byte[] data, Set<NativeMemory> memories) {
        this.ops = ops;
        this.data = data;
        this.memories = memories;
    }

    /** A new, empty program. */
    public static Builder builder() {
        return new Builder();
    }

    List<Op> ops() {
        return ops;
    }

    byte[] data() {
        return data;
    }

    /** The memories the program names: a task holds a claim on each while it may run. */
    Set<NativeMemory> memories() {
        return memories;
    }

    /**
     * Refuses, before any clone, a program that a task made with {@code flags} could not run without harm: the two
     * rules of the class comment.
     *
     * @throws IllegalArgumentException naming the memory or the op and the rule
     */
    void checkFor(java.util.Set<CloneFlag> flags) {
        boolean sharesVm = flags.contains(CloneFlag.CLONE_VM);
        for (NativeMemory m : memories) {
            if (sharesVm && m instanceof SharedMemory) {
                throw new IllegalArgumentException("the program names " + m + ", a named mapping another process can "
                        + "truncate: a task sharing this JVM's memory (CLONE_VM) would then fault with every signal "
                        + "blocked, and the kernel's forced SIGBUS would kill the whole JVM; use anonymous memory "
                        + "(NativeMemory.create or createShared), or a task without CLONE_VM, whose fault ends "
                        + "only itself");
            }
            if (!sharesVm && !m.isShared()) {
                throw new IllegalArgumentException("the program names private memory " + m + ": a task without "
                        + "CLONE_VM runs on its own copy of it, which this JVM never sees; use "
                        + "NativeMemory.createShared (MAP_SHARED) for every word such a task shares with the JVM");
            }
        }
        if (!sharesVm) {
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i).usesPrivateFutex()) {
                    throw new IllegalArgumentException("op " + i + " (" + ops.get(i).name() + ") uses a private "
                            + "futex: a task without CLONE_VM has its own address space, so a private futex there "
                            + "never meets this JVM's; use a shared futex (Futex.sharedOn or Futex.on on shared "
                            + "memory)");
                }
            }
        }
    }

    /** Bytes the encoded program takes after the task block. */
    int encodedSize() {
        return ops.size() * LWP_OP_SIZE + data.length;
    }

    @Override
    public String toString() {
        return "TaskProgram[" + ops.size() + " ops, " + data.length + " data bytes]";
    }

    /** Builds a {@link TaskProgram}; every argument is checked here, before anything runs. */
    public static final class Builder {
        private final List<Op> ops = new ArrayList<>();
        private final java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        private final Set<NativeMemory> memories = Collections.newSetFromMap(new IdentityHashMap<>());

        private Builder() {}

        private Builder op(int code, long a, long b, long c) {
            return op(new Op(code, a, b, c, -1, 0));
        }

        private Builder op(Op op) {
            if (ops.size() == MAX_OPS) {
                throw new IllegalArgumentException("a task program holds at most " + MAX_OPS + " ops");
            }
            ops.add(op);
            return this;
        }

        private long word(NativeMemory m, long offset, int bytes) {
            Objects.requireNonNull(m, "memory");
            memories.add(m);
            return m.address(offset, bytes);
        }

        private int addData(byte[] bytes) {
            if (data.size() + bytes.length > MAX_DATA) {
                throw new IllegalArgumentException("a task program carries at most " + MAX_DATA + " data bytes");
            }
            int at = data.size();
            data.write(bytes, 0, bytes.length);
            while (data.size() % 8 != 0) {
                data.write(0);
            }
            return at;
        }

        /** Wait (futex, in the scope of the word's mapping) while the 32-bit word equals {@code value}. */
        public Builder await(NativeMemory m, long offset, int value) {
            return await(Futex.on(m, offset), value);
        }

        /** Wait, in the futex's own scope, while its word equals {@code value}. */
        public Builder await(Futex<?> word, int value) {
            return op(LWP_OP_AWAIT, word(word.memory(), word.offset(), 4), value, word.isPrivate() ? 1 : 0);
        }

        /** Wait until {@code gate} is open (its word is no longer 0), as {@link FutexGate#await()} does. */
        public Builder await(FutexGate gate) {
            return await(gate.word(), 0);
        }

        /** Store {@code value} in the 32-bit word (release) and wake every waiter on it, in the mapping's scope. */
        public Builder signal(NativeMemory m, long offset, int value) {
            return signal(Futex.on(m, offset), value);
        }

        /** Store {@code value} in the futex's word (release) and wake every waiter, in its own scope. */
        public Builder signal(Futex<?> word, int value) {
            return op(LWP_OP_SIGNAL, word(word.memory(), word.offset(), 4), value, word.isPrivate() ? 1 : 0);
        }

        /** Add 1 to the 64-bit counter at {@code offset}, {@code times} times. */
        public Builder add(NativeMemory m, long offset, long times, AddMode mode) {
            checkCount("add", times);
            return op(mode == AddMode.PLAIN ? LWP_OP_ADD_PLAIN : LWP_OP_ADD_ATOMIC, word(m, offset, 8), times, 0);
        }

        /**
         * Add 1 to the 64-bit counter at {@code offset}, {@code times} times, each time under the futex mutex whose
         * 32-bit word is at {@code mutexOffset} of {@code mutex} (Drepper's three-state layout: 0 free, 1 locked,
         * 2 locked with waiters — the layout lwp4j's Java futex mutex uses too).
         */
        public Builder addLocked(NativeMemory m, long offset, long times, NativeMemory mutex, long mutexOffset) {
            return addLocked(m, offset, times, FutexMutex.on(Futex.on(mutex, mutexOffset)));
        }

        /** Add 1 to the 64-bit counter, {@code times} times, each under {@code mutex} (shared with Java threads). */
        public Builder addLocked(NativeMemory m, long offset, long times, FutexMutex mutex) {
            checkCount("addLocked", times);
            long counter = word(m, offset, 8);
            word(mutex.word().memory(), mutex.word().offset(), 4);
            return op(LWP_OP_ADD_LOCKED, counter, times, mutex.rawTaskOperand());
        }

        /** Spin {@code iterations} times (a pause instruction each). */
        public Builder spin(long iterations) {
            checkCount("spin", iterations);
            return op(LWP_OP_SPIN, iterations, 0, 0);
        }

        /** Sleep (CLOCK_MONOTONIC). */
        public Builder sleep(Duration d) {
            if (d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("sleep(" + d + "): 0 to 1 hour");
            }
            return op(LWP_OP_SLEEP, d.toNanos(), 0, 0);
        }

        /** Copy {@code bytes} (carried in the program) to {@code offset} of {@code m}. */
        public Builder copy(NativeMemory m, long offset, byte[] bytes) {
            Objects.requireNonNull(m, "memory");
            memories.add(m);
            long dst = m.address(offset, 1);
            if (offset + bytes.length > m.size()) {
                throw new IndexOutOfBoundsException("copy of " + bytes.length + " bytes at " + offset + " overruns "
                        + m.size() + " bytes");
            }
            return op(new Op(LWP_OP_COPY, dst, 0, bytes.length, 1, addData(bytes)));
        }

        /** {@code close(fd)}; its result goes to {@link RawTask#lastResult()}. */
        public Builder close(int fd) {
            if (fd < 0) {
                throw new IllegalArgumentException("close(fd=" + fd + "): a descriptor is >= 0");
            }
            return op(LWP_OP_CLOSE, fd, 0, 0);
        }

        /** Write the task's TID, TGID ({@code getpid}) and PPID as three 64-bit words at {@code offset}. */
        public Builder writeIds(NativeMemory m, long offset) {
            long a = word(m, offset, 8);
            m.address(offset + 16, 8);
            return op(LWP_OP_IDS, a, 0, 0);
        }

        /**
         * Play {@code rounds} of futex ping-pong on the 32-bit word as {@code player} (0 or 1): wait until the word
         * is {@code player}, store {@code 1 - player}, wake the other.
         */
        public Builder pingPong(NativeMemory m, long offset, long rounds, int player) {
            checkCount("pingPong", rounds);
            if (player != 0 && player != 1) {
                throw new IllegalArgumentException("pingPong(player=" + player + "): 0 or 1");
            }
            return op(LWP_OP_PINGPONG, word(m, offset, 4), rounds, player | (m.isShared() ? 0 : 0x100));
        }

        /** Set the task's name ({@code comm}, as {@code ps -L -o comm} shows it): 1 to 15 bytes of UTF-8. */
        public Builder setName(String name) {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            if (b.length == 0 || b.length > 15 || name.indexOf('\0') >= 0 || name.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("setName(\"" + name + "\"): 1 to 15 bytes of UTF-8 without NUL or "
                        + "newline (the kernel's TASK_COMM_LEN is 16 with the NUL); this is " + b.length + " bytes");
            }
            byte[] z = java.util.Arrays.copyOf(b, 16);
            return op(new Op(LWP_OP_SET_NAME, 0, 0, 0, 0, addData(z)));
        }

        /** End the task now with {@code code} (0 to 255). A program without it ends with code 0. */
        public Builder exit(int code) {
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("exit(code=" + code + "): 0 to 255");
            }
            return op(LWP_OP_EXIT, code, 0, 0);
        }

        private static void checkCount(String op, long n) {
            if (n < 0) {
                throw new IllegalArgumentException(op + ": a count is >= 0, not " + n);
            }
        }

        /** The immutable program. */
        public TaskProgram build() {
            Set<NativeMemory> m = Collections.newSetFromMap(new IdentityHashMap<>());
            m.addAll(memories);
            return new TaskProgram(List.copyOf(ops), data.toByteArray(), Collections.unmodifiableSet(m));
        }
    }
}
