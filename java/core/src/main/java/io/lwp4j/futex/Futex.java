package io.lwp4j.futex;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.internal.wait.MemoryClaim;
import io.lwp4j.internal.wait.Waits;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

/**
 * A futex: an aligned 32-bit word of a {@link NativeMemory} that threads wait on and wake through
 * <a href="https://man7.org/linux/man-pages/man2/futex.2.html">{@code futex(2)}</a>. The scope is part of the type
 * (as in the Rust {@code linux-futex} crate):
 * <ul>
 *   <li>{@code Futex<Private>} ({@link #privateOn}) passes {@code FUTEX_PRIVATE_FLAG}: waiters and wakers must be in
 *       this process (Java threads and raw tasks made with {@code CLONE_VM}); the kernel keys it by address, which is
 *       cheaper;</li>
 *   <li>{@code Futex<Shared>} ({@link #sharedOn}) works across processes: on a {@code MAP_SHARED} mapping (a
 *       {@link io.lwp4j.memory.SharedMemory} or {@link NativeMemory#createShared}), keyed by page.</li>
 * </ul>
 * A private waiter never meets a shared waker on the same word; {@link #requeue} and {@link #cmpRequeue} accept only
 * a target of the same scope, so mixing them does not compile.
 *
 * <h2>Outcomes</h2>
 * Waits return a {@link WaitOutcome} ({@code WOKEN}, {@code VALUE_MISMATCH}, {@code INTERRUPTED},
 * {@code TIMED_OUT}); wakes return how many waiters woke. {@code EINVAL}, {@code EFAULT} and other programming errors
 * throw {@link ErrnoException} naming the operation, the word's address and the errno. A closed memory is an
 * {@link IllegalStateException}: before any syscall, and also for a wait in progress when the memory is closed
 * under it (the close wakes it; the memory stays mapped until the wait has left the kernel, so no later mapping at
 * the same address can wake it). A requeue whose target's memory is closed is refused the same way; the close of a
 * requeue target's memory wakes the waiters moved onto it ({@code WOKEN}: their own memory is still open), and the
 * target stays mapped until they have left it.
 *
 * <h2>Timeouts and {@code Thread.interrupt()}</h2>
 * One rule for every wait of lwp4j (the wait engine, {@code io.lwp4j.internal.wait.Waits}): a zero or negative timeout
 * does not sleep, one over 100 years ({@code ChronoUnit.FOREVER.getDuration()} too) never ends, nothing overflows.
 * An interrupt sends no signal, so it cannot end a {@code futex} syscall. The decision:
 * <ul>
 *   <li>The waits of this class are exactly one {@code futex(2)} call, as the man page describes them (a requeue
 *       moves them for good, a wake that changes nothing reaches them): they return {@code INTERRUPTED} at once if
 *       the thread is already interrupted, and otherwise an interrupt does not end them (give them a timeout, or
 *       wake them). The close of their memory does: it wakes them.</li>
 *   <li>The primitives' interruptible methods ({@link FutexMutex#lockInterruptibly()}, {@link FutexGate#await()},
 *       {@link FutexLatch#await()}, {@link FutexSemaphore#acquire()}) sleep in slices of at most
 *       {@value #INTERRUPT_CHECK_PROP_NAME} milliseconds (default {@value #INTERRUPT_CHECK_DEFAULT}) and check the
 *       interrupt status between slices, so an interrupt ends them within one slice with
 *       {@link InterruptedException}. They re-check their word after every slice, so slicing never loses a wake
 *       (their wakers always change the word first). The cost is one more {@code futex} call per slice per sleeping
 *       thread (20 a second by default) and nothing for waits shorter than a slice. {@link FutexMutex#lock()}
 *       ignores interrupts and is one call per sleep.</li>
 * </ul>
 *
 * <h2>Virtual threads and fork/join pools</h2>
 * A futex wait is a native call, not a Java blocking operation: on a virtual thread it blocks (pins) the carrier
 * thread for the whole wait, and no public API lets a library compensate, so use platform threads for waits that
 * may be long. On a {@link java.util.concurrent.ForkJoinWorkerThread} the wait runs inside {@link ForkJoinPool#managedBlock}, so the
 * pool may add a spare worker while this one sleeps.
 *
 * <p>Thread-safety: a {@code Futex} is immutable and every operation may be called from any thread.
 *
 * {@snippet :
 * try (NativeMemory mem = NativeMemory.create(4096)) {
 *     Futex<Futex.Private> flag = Futex.privateOn(mem, 0);
 *     // waiter:                                   // waker:
 *     while (flag.value() == 0) {                  // mem.setIntRelease(0, 1);
 *         flag.await(0);                           // flag.wake(1);
 *     }
 * }
 * }
 *
 * @param <S> the scope: {@link Private} or {@link Shared}
 */
public final class Futex<S extends Futex.Scope> {

    /** A futex scope: {@link Private} or {@link Shared}. */
    public sealed interface Scope permits Private, Shared {}

    /** Private scope: this process only ({@code FUTEX_PRIVATE_FLAG}). */
    public static final class Private implements Scope {
        private Private() {}
    }

    /** Shared scope: every process that maps the word's page. */
    public static final class Shared implements Scope {
        private Shared() {}
    }

    /**
     * System property: the longest slice of every wait of lwp4j, in milliseconds (1 to 10,000), between checks of
     * the interrupt status and of the memory's close.
     */
    public static final String INTERRUPT_CHECK_PROP_NAME = Waits.SLICE_PROP_NAME;
    /** Default of {@value #INTERRUPT_CHECK_PROP_NAME}. */
    public static final long INTERRUPT_CHECK_DEFAULT = Waits.SLICE_DEFAULT_MILLIS;

    static final int FUTEX_WAIT = 0;
    static final int FUTEX_WAKE = 1;
    static final int FUTEX_REQUEUE = 3;
    static final int FUTEX_CMP_REQUEUE = 4;
    static final int FUTEX_WAIT_BITSET = 9;
    static final int FUTEX_WAKE_BITSET = 10;
    static final int FUTEX_PRIVATE_FLAG = 128;
    static final int FUTEX_CLOCK_REALTIME = 256;
    /** Every bit: the bitset a plain wait or wake uses. */
    public static final int BITSET_MATCH_ANY = -1;

    private static final LongAdder WAITS = new LongAdder();
    private static final LongAdder WAKES = new LongAdder();

    private final NativeMemory memory;
    private final long offset;
    private final boolean isPrivate;

    private Futex(NativeMemory memory, long offset, boolean isPrivate) {
        memory.address(offset, 4); // open, in bounds, aligned
        this.memory = memory;
        this.offset = offset;
        this.isPrivate = isPrivate;
    }

    /**
     * A private futex on the 32-bit word at {@code offset} of {@code memory}.
     *
     * @throws IllegalArgumentException when {@code offset} is not 4-byte aligned
     * @throws IndexOutOfBoundsException when the word is outside the memory
     * @throws IllegalStateException when the memory is closed
     */
    public static Futex<Private> privateOn(NativeMemory memory, long offset) {
        return new Futex<>(memory, offset, true);
    }

    /**
     * The futex on the word in the scope of its mapping: shared on {@code MAP_SHARED} memory, private otherwise.
     * This is the scope a raw task's program uses for a word named by memory and offset
     * ({@link io.lwp4j.task.TaskProgram}), so a Java thread that wakes or waits with the same word meets it.
     */
    public static Futex<?> on(NativeMemory memory, long offset) {
        return memory.isShared() ? sharedOn(memory, offset) : privateOn(memory, offset);
    }

    /**
     * A shared futex on the 32-bit word at {@code offset} of a {@code MAP_SHARED} {@code memory}.
     *
     * @throws IllegalArgumentException when the memory is not shared (a shared futex on private pages would only
     *     ever meet this process, at a higher cost) or {@code offset} is not 4-byte aligned
     */
    public static Futex<Shared> sharedOn(NativeMemory memory, long offset) {
        if (!memory.isShared()) {
            throw new IllegalArgumentException("Futex.sharedOn(" + memory + ", " + offset
                    + "): a shared futex needs MAP_SHARED memory (SharedMemory or NativeMemory.createShared)");
        }
        return new Futex<>(memory, offset, false);
    }

    /** The memory the word is in. */
    public NativeMemory memory() {
        return memory;
    }

    /** The word's offset in {@link #memory()}. */
    public long offset() {
        return offset;
    }

    /** The word's address (for a raw task's program, or C code in this process). */
    public long address() {
        return memory.address(offset, 4);
    }

    /** Whether this is a private futex ({@code FUTEX_PRIVATE_FLAG}). */
    public boolean isPrivate() {
        return isPrivate;
    }

    /** The word, read with acquire ordering (pairs with a release or read-modify-write of it). */
    public int value() {
        return memory.getIntAcquire(offset);
    }

    /**
     * How many {@code futex(2)} calls lwp4j made in this JVM so far, from every futex and primitive: a diagnostic,
     * to show that an uncontended primitive takes none.
     */
    public static long syscallCount() {
        return WAITS.sum() + WAKES.sum();
    }

    /** How many of {@link #syscallCount()} were waits ({@code FUTEX_WAIT*}, {@code futex_waitv}, each slice one). */
    public static long waitCount() {
        return WAITS.sum();
    }

    /** How many of {@link #syscallCount()} were wakes and requeues. */
    public static long wakeCount() {
        return WAKES.sum();
    }

    // ---- wait --------------------------------------------------------------------------------------------------

    /**
     * {@code FUTEX_WAIT}: sleeps while the word holds {@code expected}, until woken (no timeout). BLOCKS.
     *
     * @throws IllegalStateException when the memory is closed, before or during the wait
     * @see <a href="https://man7.org/linux/man-pages/man2/futex.2.html">futex(2) FUTEX_WAIT</a>
     */
    public WaitOutcome await(int expected) {
        return block(expected, BITSET_MATCH_ANY, Deadline.forever(), Waits.Interrupts.BEFORE);
    }

    /**
     * {@code FUTEX_WAIT} with a relative {@code CLOCK_MONOTONIC} timeout: never returns {@code TIMED_OUT} before
     * {@code timeout} has elapsed. A zero or negative timeout does not sleep; one over 100 years never ends. BLOCKS.
     *
     * @throws IllegalStateException when the memory is closed, before or during the wait
     * @see <a href="https://man7.org/linux/man-pages/man2/futex.2.html">futex(2) FUTEX_WAIT</a>
     */
    public WaitOutcome await(int expected, Duration timeout) {
        return block(expected, BITSET_MATCH_ANY, Deadline.after(timeout), Waits.Interrupts.BEFORE);
    }

    /**
     * {@code FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME}: sleeps while the word holds {@code expected}, until woken or
     * the wall-clock {@code deadline} (which follows changes of the system clock; one before 1970 has passed).
     * BLOCKS.
     *
     * @throws IllegalStateException when the memory is closed, before or during the wait
     * @see <a href="https://man7.org/linux/man-pages/man2/futex.2.html">futex(2) FUTEX_WAIT_BITSET</a>
     */
    public WaitOutcome awaitUntil(int expected, Instant deadline) {
        return block(expected, BITSET_MATCH_ANY, Deadline.at(deadline), Waits.Interrupts.BEFORE);
    }

    /**
     * {@code FUTEX_WAIT_BITSET}: like {@link #await(int)}, but only a wake whose bitset shares a bit with
     * {@code bits} ({@link #wakeBits}) wakes it. BLOCKS.
     *
     * @throws IllegalStateException when the memory is closed, before or during the wait
     * @see <a href="https://man7.org/linux/man-pages/man2/futex.2.html">futex(2) FUTEX_WAIT_BITSET</a>
     */
    public WaitOutcome awaitBits(int expected, int bits) {
        return block(expected, checkBits(bits), Deadline.forever(), Waits.Interrupts.BEFORE);
    }

    /**
     * {@code FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME} with {@code bits} and a wall-clock deadline. BLOCKS.
     *
     * @throws IllegalStateException when the memory is closed, before or during the wait
     * @see <a href="https://man7.org/linux/man-pages/man2/futex.2.html">futex(2) FUTEX_WAIT_BITSET</a>
     */
    public WaitOutcome awaitBitsUntil(int expected, int bits, Instant deadline) {
        return block(expected, checkBits(bits), Deadline.at(deadline), Waits.Interrupts.BEFORE);
    }

    /**
     * A wait through the wait engine ({@link Waits}): sliced, holding a claim on the memory, ended by its close;
     * {@code INTERRUPTED} within a slice of an interrupt when {@code interruptible} (the status stays set), else
     * interrupts are ignored (they stay pending).
     */
    WaitOutcome block(int expected, int bits, Deadline deadline, boolean interruptible) {
        return block(expected, bits, deadline, interruptible ? Waits.Interrupts.SLICED : Waits.Interrupts.IGNORED);
    }

    private WaitOutcome block(int expected, int bits, Deadline deadline, Waits.Interrupts interrupts) {
        long addr = address();
        boolean useBitset = deadline.isRealtime() || bits != BITSET_MATCH_ANY;
        int op = (useBitset ? FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME : FUTEX_WAIT) | scopeFlag();
        Waits.Attempt wait = Waits.futexWait(addr, op, expected, bits, useBitset);
        long r = Waits.await(java.util.List.of(Waits.Word.futex(memory, addr, isPrivate, "a futex wait at offset "
                + offset)), deadline, interrupts, slice -> {
                    WAITS.increment();
                    return wait.call(slice);
                });
        if (r >= 0) {
            return WaitOutcome.WOKEN;
        } else if (Errno.EAGAIN.is(r)) {
            return WaitOutcome.VALUE_MISMATCH;
        } else if (r == Waits.INTERRUPTED) {
            return WaitOutcome.INTERRUPTED;
        } else if (r == Waits.TIMED_OUT) {
            return WaitOutcome.TIMED_OUT;
        }
        throw failure(opName(op), "val=" + expected + (useBitset ? ", bitset=0x" + Integer.toHexString(bits) : ""), r);
    }

    // ---- wake --------------------------------------------------------------------------------------------------

    /**
     * {@code FUTEX_WAKE}: wakes at most {@code n} waiters. Never blocks.
     *
     * @return how many woke
     * @see <a href="https://man7.org/linux/man-pages/man2/futex.2.html">futex(2) FUTEX_WAKE</a>
     */
    public int wake(int n) {
        return (int) call(FUTEX_WAKE, checkCount("n", n), 0, 0, 0, "n=" + n);
    }

    /** {@code FUTEX_WAKE} of every waiter; returns how many woke. */
    public int wakeAll() {
        return wake(Integer.MAX_VALUE);
    }

    /**
     * {@code FUTEX_WAKE_BITSET}: wakes at most {@code n} waiters whose wait bitset shares a bit with {@code bits}.
     *
     * @see <a href="https://man7.org/linux/man-pages/man2/futex.2.html">futex(2) FUTEX_WAKE_BITSET</a>
     */
    public int wakeBits(int n, int bits) {
        return (int) call(FUTEX_WAKE_BITSET, checkCount("n", n), 0, 0, checkBits(bits),
                "n=" + n + ", bitset=0x" + Integer.toHexString(bits));
    }

    /**
     * {@code FUTEX_REQUEUE}: wakes at most {@code wake} waiters and moves at most {@code requeue} of the rest to wait
     * on {@code target} (without waking them: no thundering herd). Never blocks.
     *
     * @return how many were woken or moved (the kernel counts both)
     * @see <a href="https://man7.org/linux/man-pages/man2/futex.2.html">futex(2) FUTEX_REQUEUE</a>
     */
    public int requeue(int wake, int requeue, Futex<S> target) {
        checkCount("wake", wake);
        checkCount("requeue", requeue);
        target.enterAsRequeueTarget();
        try {
            return (int) call(FUTEX_REQUEUE, wake, requeue, target.address(), 0, "wake=" + wake + ", requeue="
                    + requeue + ", target=0x" + Long.toHexString(target.address()));
        } finally {
            MemoryClaim.exit(target.memory);
        }
    }

    /**
     * {@code FUTEX_CMP_REQUEUE}: {@link #requeue} if the word still holds {@code expected}.
     *
     * @return {@code WOKEN} with how many were woken or moved, or {@code VALUE_MISMATCH} when the word did not hold
     *     {@code expected} ({@code EAGAIN}): the same vocabulary as a wait (ARCHITECTURE.md §12)
     * @see <a href="https://man7.org/linux/man-pages/man2/futex.2.html">futex(2) FUTEX_CMP_REQUEUE</a>
     */
    public FutexResult cmpRequeue(int expected, int wake, int requeue, Futex<S> target) {
        long addr = address();
        checkCount("wake", wake);
        checkCount("requeue", requeue);
        target.enterAsRequeueTarget();
        long r;
        try {
            r = raw(addr, FUTEX_CMP_REQUEUE, wake, requeue, target.address(), expected);
        } finally {
            MemoryClaim.exit(target.memory);
        }
        if (Errno.EAGAIN.is(r)) {
            return FutexResult.VALUE_MISMATCH;
        }
        if (r < 0) {
            throw failure("FUTEX_CMP_REQUEUE" + scopeSuffix(), "val3=" + expected + ", target=0x"
                    + Long.toHexString(target.address()), r);
        }
        return FutexResult.woken((int) r);
    }

    /**
     * Counts this word's memory for a requeue onto it (refused when the memory is closed) and records the word as a
     * requeue target: the moved waiters hold no claim on this memory, so its close wakes them here, and wakes the
     * word once more just before the unmap (when no requeue can be in flight).
     */
    private void enterAsRequeueTarget() {
        String user = "a futex requeue onto offset " + offset;
        MemoryClaim.enter(memory, user);
        MemoryClaim.requeueTarget(memory, memory.address(offset, 4), isPrivate);
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private long call(int cmd, int val, long val2, long uaddr2, int val3, String detail) {
        long r = raw(address(), cmd, val, val2, uaddr2, val3);
        if (r < 0) {
            throw failure(opName(cmd | scopeFlag()), detail, r);
        }
        return r;
    }

    private long raw(long addr, int cmd, int val, long val2, long uaddr2, int val3) {
        WAKES.increment();
        return futex(addr, cmd | scopeFlag(), val, val2, uaddr2, val3);
    }

    /** lwp_futex_packed: val3 travels with op, because jnr-ffi corrupts a sixth argument (jnr/jnr-ffi#181). */
    private static long futex(long addr, int op, int val, long timeoutOrVal2, long uaddr2, int val3) {
        return Native.backend().futexPacked(addr, (op & 0xffffffffL) | (long) val3 << 32, val, timeoutOrVal2, uaddr2);
    }

    static void countWait() {
        WAITS.increment();
    }

    private ErrnoException failure(String op, String detail, long errno) {
        String hint = Errno.EINVAL.is(errno)
                ? "the word must be 4-byte aligned, the timeout valid, and a requeue target in the same scope"
                : Errno.EFAULT.is(errno) ? "the word's memory is not mapped" : null;
        return ErrnoException.of("futex", op + ", uaddr=0x" + Long.toHexString(memory.address(offset, 4)) + ", "
                + detail, errno, hint);
    }

    private int scopeFlag() {
        return isPrivate ? FUTEX_PRIVATE_FLAG : 0;
    }

    private String scopeSuffix() {
        return isPrivate ? "_PRIVATE" : "";
    }

    private String opName(int op) {
        String name;
        switch (op & 127) {
            case FUTEX_WAIT: name = "FUTEX_WAIT"; break;
            case FUTEX_WAKE: name = "FUTEX_WAKE"; break;
            case FUTEX_REQUEUE: name = "FUTEX_REQUEUE"; break;
            case FUTEX_WAIT_BITSET: name = "FUTEX_WAIT_BITSET"; break;
            case FUTEX_WAKE_BITSET: name = "FUTEX_WAKE_BITSET"; break;
            default: name = "futex op " + (op & 127);
        }
        return name + scopeSuffix() + ((op & FUTEX_CLOCK_REALTIME) != 0 ? "|FUTEX_CLOCK_REALTIME" : "");
    }

    private static int checkBits(int bits) {
        if (bits == 0) {
            throw new IllegalArgumentException("bitset 0 matches no waker (the kernel would answer EINVAL)");
        }
        return bits;
    }

    private static int checkCount(String what, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " = " + n + " is negative");
        }
        return n;
    }

    @Override
    public String toString() {
        return "Futex[" + (isPrivate ? "private" : "shared") + ", offset " + offset + " of " + memory + "]";
    }
}
