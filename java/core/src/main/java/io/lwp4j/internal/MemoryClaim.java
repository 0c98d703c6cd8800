package io.lwp4j.internal;

import io.lwp4j.memory.NativeMemory;

/**
 * A claim on a {@link NativeMemory}: while it lasts the mapping stays mapped, even after the memory's owner called
 * {@link NativeMemory#close()} (the unmap is deferred until the last claim ends). Only lwp4j's own packages make and
 * end claims — the one lifetime rule of DESIGN §4b: whatever uses native memory (a futex wait while it sleeps, a
 * pthread call while it runs, a robust mutex while a thread of this JVM holds it, a raw task's program while the
 * task may run) holds a claim; no public call can end one, so no public call can unbalance the count.
 *
 * <p>Two forms, one count:
 * <ul>
 *   <li>{@link #enter}/{@link #exit}: counted only, for a call that starts and ends in one method (in
 *       {@code try/finally}); two atomic operations, no allocation — what the pthread objects use per call;</li>
 *   <li>a claim object ({@link #of}, {@link #waitingOn}, {@link #holding}): registered with the memory, so that
 *       {@code close()} can name its user, wake its futex word, or refuse while it holds a robust mutex; ended by
 *       {@link #close()}, which does its work exactly once however often it is called.</li>
 * </ul>
 * Every form throws {@link IllegalStateException} (naming the user) when the memory is closed or closing.
 */
public final class MemoryClaim implements AutoCloseable {

    /** What a claim needs of {@link NativeMemory}; installed once by {@code NativeMemory}'s static initialiser. */
    public interface Lifetime {
        /** Counts one more user, or throws {@link IllegalStateException} naming {@code user} when closed. */
        void enter(NativeMemory memory, String user);

        /** Ends one {@link #enter}; unmaps if the memory was closed and this was the last user. */
        void exit(NativeMemory memory);

        /** Registers a claim object with its memory (after its {@link #enter}). */
        void track(NativeMemory memory, MemoryClaim claim);

        /** Unregisters it (before its {@link #exit}). */
        void untrack(NativeMemory memory, MemoryClaim claim);
    }

    private static Lifetime lifetime;

    static {
        try { // NativeMemory's initialiser installs its Lifetime: make sure it ran before anyone else could
            Class.forName(NativeMemory.class.getName(), true, MemoryClaim.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Called by {@code NativeMemory}'s static initialiser; any later call throws. */
    public static synchronized void install(Lifetime l) {
        if (lifetime != null) {
            throw new IllegalStateException("the NativeMemory lifetime is installed already");
        }
        lifetime = l;
    }

    private final NativeMemory memory;
    private final String user;
    private final long wakeAddress;
    private final int wakeOp;
    private final Thread holder;
    private volatile boolean ended;

    private MemoryClaim(NativeMemory memory, String user, long wakeAddress, int wakeOp, Thread holder) {
        this.memory = memory;
        this.user = user;
        this.wakeAddress = wakeAddress;
        this.wakeOp = wakeOp;
        this.holder = holder;
    }

    /** Counts a user of {@code memory} for one call; pair with {@link #exit} in {@code finally}. */
    public static void enter(NativeMemory memory, String user) {
        lifetime.enter(memory, user);
    }

    /** Ends an {@link #enter}. */
    public static void exit(NativeMemory memory) {
        lifetime.exit(memory);
    }

    /** A registered claim for {@code user} (named by {@code close()}'s messages), ended by {@link #close()}. */
    public static MemoryClaim of(NativeMemory memory, String user) {
        return register(new MemoryClaim(memory, user, 0, 0, null));
    }

    /**
     * A claim for a futex wait on the word at {@code address}: {@code close()} of the memory wakes that word
     * ({@code FUTEX_WAKE} of every waiter, private or shared as {@code isPrivate} says), so the wait ends at once.
     */
    public static MemoryClaim waitingOn(NativeMemory memory, long address, boolean isPrivate, String user) {
        return register(new MemoryClaim(memory, user, address, isPrivate ? 1 | 128 : 1, null));
    }

    /**
     * A claim for a robust pthread mutex the current thread holds: glibc's robust list points into the memory until
     * the unlock, so {@code close()} refuses while {@code holder} is alive (and lets go once it has ended: the kernel
     * then has walked its robust list).
     */
    public static MemoryClaim holding(NativeMemory memory, String user) {
        return register(new MemoryClaim(memory, user, 0, 0, Thread.currentThread()));
    }

    private static MemoryClaim register(MemoryClaim c) {
        lifetime.enter(c.memory, c.user);
        lifetime.track(c.memory, c);
        return c;
    }

    /** The memory claimed. */
    public NativeMemory memory() {
        return memory;
    }

    /** Who holds it, for messages. */
    public String user() {
        return user;
    }

    /** The futex word {@code close()} wakes, or 0. */
    public long wakeAddress() {
        return wakeAddress;
    }

    /** The {@code FUTEX_WAKE} op (with the scope flag) for {@link #wakeAddress()}. */
    public int wakeOp() {
        return wakeOp;
    }

    /** The thread holding a robust mutex (for {@link #holding}), else {@code null}. */
    public Thread holder() {
        return holder;
    }

    /** Whether the claimed memory has been closed (its owner called {@code close()}): a wait must end. */
    public boolean memoryClosed() {
        return memory.isClosed();
    }

    /** Whether {@link #close()} ran. */
    public boolean isEnded() {
        return ended;
    }

    /** Ends the claim: exactly once, any later call does nothing. */
    @Override
    public void close() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        lifetime.untrack(memory, this);
        lifetime.exit(memory);
    }

    /** The exception for a call whose memory was closed while it ran. */
    public IllegalStateException closedWhileUsed() {
        return new IllegalStateException(memory + " was closed while " + user + " used it");
    }

    @Override
    public String toString() {
        return user + (holder != null ? " (held by thread \"" + holder.getName() + "\")" : "");
    }
}
