package io.lwp4j.internal;

import io.lwp4j.memory.NativeMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

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
 *   <li>a claim object ({@link #of}, {@link #waitingOn}, {@link #holding}): registered, so that {@code close()}
 *       can name its user, wake its futex word, or refuse while it holds a pthread mutex; ended by
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

    /** The claims of the pthread mutexes threads of this JVM hold, by the mutex's address. */
    private static final ConcurrentHashMap<Long, MemoryClaim> HOLDS = new ConcurrentHashMap<>();
    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(MemoryClaim.class, "ended", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NativeMemory memory;
    private final String user;
    private final long wakeAddress;
    private final int wakeOp;
    private final Thread holder;
    private final long holdAddress;
    private volatile int ended;

    private MemoryClaim(NativeMemory memory, String user, long wakeAddress, int wakeOp, Thread holder,
            long holdAddress) {
        this.memory = memory;
        this.user = user;
        this.wakeAddress = wakeAddress;
        this.wakeOp = wakeOp;
        this.holder = holder;
        this.holdAddress = holdAddress;
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
        return register(new MemoryClaim(memory, user, 0, 0, null, 0));
    }

    /**
     * A claim for a futex wait on the word at {@code address}: {@code close()} of the memory wakes that word
     * ({@code FUTEX_WAKE} of every waiter, private or shared as {@code isPrivate} says), so the wait ends at once.
     */
    public static MemoryClaim waitingOn(NativeMemory memory, long address, boolean isPrivate, String user) {
        return register(new MemoryClaim(memory, user, address, isPrivate ? 1 | 128 : 1, null, 0));
    }

    /**
     * A claim for the pthread mutex at {@code address} that the current thread is about to lock: counted now (it keeps
     * the memory mapped during the lock call), registered by {@link #held()} once the lock is taken. While it is
     * registered, {@code close()} of the memory refuses as long as the holder is alive (glibc's robust list points
     * into the memory until the unlock) and lets go once it has ended (the kernel then has walked its robust list).
     */
    public static MemoryClaim holding(NativeMemory memory, long address, String user) {
        lifetime.enter(memory, user);
        return new MemoryClaim(memory, user, 0, 0, Thread.currentThread(), address);
    }

    /** Registers this {@link #holding} claim: its thread now holds the mutex. */
    public void held() {
        MemoryClaim stale = HOLDS.put(holdAddress, this);
        if (stale != null && stale != this) {
            stale.close(); // its thread died holding the mutex (this lock answered OWNER_DIED)
        }
    }

    /** The registered hold of the mutex at {@code address}, or {@code null}. */
    public static MemoryClaim heldAt(long address) {
        return HOLDS.get(address);
    }

    /** The registered holds of mutexes in {@code memory}. */
    public static List<MemoryClaim> holdsIn(NativeMemory memory) {
        List<MemoryClaim> in = new ArrayList<>();
        for (MemoryClaim c : HOLDS.values()) {
            if (c.memory == memory) {
                in.add(c);
            }
        }
        return in;
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

    /** The thread holding a pthread mutex (for {@link #holding}), else {@code null}. */
    public Thread holder() {
        return holder;
    }

    /** Whether the claimed memory has been closed (its owner called {@code close()}): a wait must end. */
    public boolean memoryClosed() {
        return memory.isClosed();
    }

    /** Whether {@link #close()} ran. */
    public boolean isEnded() {
        return ended != 0;
    }

    /** Ends the claim: exactly once, any later call does nothing. */
    @Override
    public void close() {
        if (!ENDED.compareAndSet(this, 0, 1)) {
            return;
        }
        if (holder != null) {
            HOLDS.remove(holdAddress, this);
        } else {
            lifetime.untrack(memory, this);
        }
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
