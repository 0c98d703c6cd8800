package io.lwp4j.futex;

import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;

/**
 * A condition variable for a {@link FutexMutex}, in two futex words, usable by Java threads and — on shared futexes
 * in a {@link io.lwp4j.memory.SharedMemory} — by other processes, C peers included: what
 * {@code pthread_cond_t} is to {@code pthread_mutex_t}.
 *
 * <h2>Layout (8 bytes, 4-byte aligned, zeroed memory is a condition without waiters)</h2>
 * <ul>
 *   <li>word 0, the <em>sequence</em>: a counter every signal and broadcast increments; waiters sleep on it with
 *       {@code FUTEX_WAIT} expecting the value they read while holding the mutex, so a signal between their
 *       unlock and their sleep is never lost (the kernel sees the changed value and returns at once);</li>
 *   <li>word 1, the <em>waiter count</em>: incremented before a waiter releases the mutex, decremented after it
 *       wakes; a signal that finds it 0 makes no syscall.</li>
 * </ul>
 * A waiter increments the count and then reads the sequence; a signaller increments the sequence and then reads
 * the count. Both are sequentially consistent read-modify-writes, so at least one of them sees the other: either
 * the signaller wakes, or the waiter does not sleep.
 *
 * <h2>Broadcast without a herd</h2>
 * {@link #signalAll()} wakes one waiter and moves the others, with {@code FUTEX_CMP_REQUEUE}, from the sequence word
 * to the mutex's word, where they wake one at a time as the mutex is unlocked — instead of all waking to fight over
 * the mutex. That is why a waiter re-locks in Drepper's state 2 ("locked, maybe waited for"): the next unlock must
 * wake the next requeued waiter. C peers must do the same (re-lock by exchanging 2 into the word).
 *
 * <h2>Use</h2>
 * As with every condition variable: wait in a loop on the predicate, with the mutex held; wake-ups can be spurious.
 * {@snippet :
 * mutex.lock();
 * try {
 *     while (count == 0) {
 *         notEmpty.awaitUninterruptibly();
 *     }
 *     take();
 *     notFull.signal();
 * } finally {
 *     mutex.unlock();
 * }
 * }
 * Signal with the mutex held (or at least after the state change the waiter tests is visible). The condition
 * and its mutex must be of the same scope (both private, or both shared), because a requeue cannot cross scopes.
 *
 * <p>Thread-safety: every method may be called from any thread holding the mutex; the object itself is immutable.
 */
public final class FutexCondition {

    /** The bytes it occupies: two 32-bit words. */
    public static final int BYTES = 8;

    private final Futex<?> sequence;
    private final FutexMutex mutex;
    private final NativeMemory memory;
    private final long seqOffset;
    private final long waitersOffset;

    private FutexCondition(Futex<?> sequence, FutexMutex mutex) {
        this.sequence = sequence;
        this.mutex = mutex;
        this.memory = sequence.memory();
        this.seqOffset = sequence.offset();
        this.waitersOffset = sequence.offset() + 4;
        memory.address(waitersOffset, 4); // the second word is in bounds
    }

    /**
     * The condition whose sequence word is {@code word} (its waiter count is the next word), used with
     * {@code mutex}.
     *
     * @throws IllegalArgumentException when the condition and the mutex differ in scope
     * @throws IndexOutOfBoundsException when the second word is outside the memory
     */
    public static FutexCondition on(Futex<?> word, FutexMutex mutex) {
        if (word.isPrivate() != mutex.word().isPrivate()) {
            throw new IllegalArgumentException("FutexCondition.on(" + word + ", " + mutex + "): the condition and"
                    + " its mutex must both be private or both shared (FUTEX_CMP_REQUEUE cannot cross scopes)");
        }
        long c = word.offset();
        long m = mutex.word().offset();
        if (word.memory() == mutex.word().memory() && c < m + FutexMutex.BYTES && m < c + BYTES) {
            throw new IllegalArgumentException("FutexCondition.on(" + word + ", " + mutex + "): the condition's"
                    + " two words overlap the mutex's word");
        }
        return new FutexCondition(word, mutex);
    }

    /** The mutex it is used with. */
    public FutexMutex mutex() {
        return mutex;
    }

    /** The sequence word. */
    public Futex<?> word() {
        return sequence;
    }

    /** How many parties wait now (a snapshot). */
    public int waiters() {
        return memory.getIntAcquire(waitersOffset);
    }

    /**
     * Releases the mutex, sleeps until signalled (or spuriously woken), and re-acquires the mutex before it
     * returns. Not interruptible (an interrupt stays pending), like {@code Condition.awaitUninterruptibly}. BLOCKS.
     *
     * @throws IllegalMonitorStateException when the mutex was not locked
     */
    public void awaitUninterruptibly() {
        awaitFor(Deadline.forever(), false);
    }

    /**
     * As {@link #awaitUninterruptibly()}, but interruptible, like {@code Condition.await()}: the mutex is
     * re-acquired before it throws. BLOCKS.
     *
     * @throws InterruptedException when the thread is interrupted before or while it waits (the status cleared)
     * @throws IllegalMonitorStateException when the mutex was not locked
     */
    public void await() throws InterruptedException {
        awaitInterruptibly(Deadline.forever());
    }

    /**
     * As {@link #await()}, giving up after {@code timeout}; the mutex is re-acquired either way. BLOCKS.
     *
     * @return {@code false} when the timeout elapsed (the caller re-checks its predicate either way)
     * @throws InterruptedException when the thread is interrupted before or while it waits (the status cleared)
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return awaitInterruptibly(Deadline.after(java.util.Objects.requireNonNull(timeout, "timeout")));
    }

    private boolean awaitInterruptibly(Deadline deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        WaitOutcome o = awaitFor(deadline, true);
        if (o == WaitOutcome.INTERRUPTED && Thread.interrupted()) {
            throw new InterruptedException();
        }
        return o != WaitOutcome.TIMED_OUT;
    }

    /** The wait; an uninterruptible one keeps a pending interrupt for later. */
    private WaitOutcome awaitFor(Deadline deadline, boolean interruptible) {
        memory.getAndAddInt(waitersOffset, 1);
        int seq = memory.getIntVolatile(seqOffset);
        WaitOutcome o;
        try {
            mutex.unlock();
        } catch (IllegalMonitorStateException e) {
            memory.getAndAddInt(waitersOffset, -1);
            throw e;
        }
        // A pending interrupt would make an uninterruptible wait return at once (and a caller's loop spin): keep it
        // for later.
        boolean interrupted = !interruptible && Thread.interrupted();
        try {
            o = sequence.block(seq, Futex.BITSET_MATCH_ANY, deadline, interruptible);
        } finally {
            memory.getAndAddInt(waitersOffset, -1);
            mutex.lockContended();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return o;
    }

    /**
     * Wakes one waiter, if any waits (no syscall otherwise).
     *
     * @return whether a waiter was woken
     */
    public boolean signal() {
        memory.getAndAddInt(seqOffset, 1);
        if (memory.getIntVolatile(waitersOffset) == 0) {
            return false;
        }
        return sequence.wake(1) > 0;
    }

    /**
     * Wakes one waiter and requeues all the others onto the mutex's word ({@code FUTEX_CMP_REQUEUE}), where each
     * wakes when the mutex is next unlocked: no thundering herd. No syscall when nobody waits.
     *
     * @return how many waiters were woken or requeued
     */
    public int signalAll() {
        int seq = memory.getAndAddInt(seqOffset, 1) + 1;
        while (memory.getIntVolatile(waitersOffset) != 0) {
            FutexResult n = requeue(seq);
            if (n.outcome() == WaitOutcome.WOKEN) {
                return n.value();
            }
            seq = memory.getIntVolatile(seqOffset); // another signal moved it: requeue against the new value
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private FutexResult requeue(int seq) {
        // Same scope: checked in on(), so the unchecked cast is the type the kernel call needs.
        Futex<Futex.Scope> from = (Futex<Futex.Scope>) sequence;
        Futex<Futex.Scope> to = (Futex<Futex.Scope>) mutex.word();
        return from.cmpRequeue(seq, 1, Integer.MAX_VALUE, to);
    }

    @Override
    public String toString() {
        return "FutexCondition[" + waiters() + " waiting, " + sequence + "]";
    }
}
