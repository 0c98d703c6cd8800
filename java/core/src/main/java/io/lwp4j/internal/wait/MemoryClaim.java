package io.lwp4j.internal.wait;

import io.lwp4j.memory.NativeMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A claim on a {@link NativeMemory}: while it lasts the mapping stays mapped, even after the memory's owner called
 * {@link NativeMemory#close()} (the unmap is deferred until the last claim ends). Only lwp4j's own packages make and
 * end claims — the one lifetime rule of ARCHITECTURE.md §4b: whatever uses native memory (a futex wait while it sleeps, a
 * pthread call while it runs, a robust mutex while a thread of this JVM holds it, a raw task's program while the
 * task may run) holds a claim; no public call can end one, so no public call can unbalance the count.
 *
 * <p>Two forms, one count:
 * <ul>
 *   <li>{@link #enter}/{@link #exit}: counted only, for a call that starts and ends in one method (in
 *       {@code try/finally}); two atomic operations, no allocation — what the pthread objects use per call;</li>
 *   <li>a claim object ({@link #of}, {@link #waitingOn}): registered with the memory, so that {@code close()} can
 *       name its user or wake its futex word; ended by {@link #close()}, which does its work exactly once however
 *       often it is called;</li>
 *   <li>a {@link Hold}: the count a thread keeps while it holds a pthread mutex, which {@code close()} refuses
 *       for.</li>
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

        /** The memory's {@link Hold} for the mutex at {@code offset}, made on first use. */
        Hold hold(NativeMemory memory, long offset, String user);

        /** Records that a requeue may have moved waiters onto the futex word at {@code address}. */
        void requeueTarget(NativeMemory memory, long address, int wakeOp);
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
    private volatile int ended;

    private MemoryClaim(NativeMemory memory, String user, long wakeAddress, int wakeOp) {
        this.memory = memory;
        this.user = user;
        this.wakeAddress = wakeAddress;
        this.wakeOp = wakeOp;
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
        return register(new MemoryClaim(memory, user, 0, 0));
    }

    /**
     * A claim for a futex wait on the word at {@code address}: {@code close()} of the memory wakes that word
     * ({@code FUTEX_WAKE} of every waiter, private or shared as {@code isPrivate} says), so the wait ends at once.
     */
    public static MemoryClaim waitingOn(NativeMemory memory, long address, boolean isPrivate, String user) {
        return register(new MemoryClaim(memory, user, address, isPrivate ? 1 | 128 : 1));
    }

    /**
     * The hold slot of the pthread mutex at {@code offset} of {@code memory}: one per mutex and memory, however many
     * objects name it, made on first use and kept by the memory. See {@link Hold}.
     */
    public static Hold holdAt(NativeMemory memory, long offset, String user) {
        return lifetime.hold(memory, offset, user);
    }

    /**
     * Which thread of this JVM holds a pthread mutex, with the count that keeps its memory mapped while it does: a
     * thread that locks it {@linkplain #enter() enters} (counted, so the memory stays mapped during the lock
     * call) and, once it holds the mutex, {@link #acquired() keeps} that count until {@link #released()}. While a live
     * thread holds it, {@code close()} of the memory refuses (glibc's robust list of a robust mutex points into the
     * memory until the unlock); a holder that has ended lets go (the kernel then has walked its robust list). No
     * allocation and no map on the lock path: two atomic operations and a volatile write per lock and per unlock.
     */
    public static final class Hold {
        private static final VarHandle HOLDER;

        static {
            try {
                HOLDER = MethodHandles.lookup().findVarHandle(Hold.class, "holder", Thread.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final NativeMemory memory;
        private final String user;
        private volatile Thread holder;

        /** For {@code NativeMemory}'s {@link Lifetime#hold}. */
        public Hold(NativeMemory memory, String user) {
            this.memory = memory;
            this.user = user;
        }

        /** Counts the current thread's lock call; throws {@link IllegalStateException} when the memory is closed. */
        public void enter() {
            lifetime.enter(memory, user);
        }

        /** The lock call failed: ends its count. */
        public void failed() {
            lifetime.exit(memory);
        }

        /** The lock call took the mutex: the current thread keeps the count until {@link #released()}. */
        public void acquired() {
            Thread me = Thread.currentThread();
            // Only the mutex's holder writes a non-null holder, and close() only clears a dead one, so the common
            // case (nobody recorded) is a plain release store.
            if (holder == null) {
                HOLDER.setRelease(this, me);
                if (holder == me) {
                    return;
                }
            }
            Thread stale = (Thread) HOLDER.getAndSet(this, me);
            if (stale != null && stale != me) {
                lifetime.exit(memory); // its thread died holding the mutex (this lock answered OWNER_DIED)
            }
        }

        /** Whether the current thread holds it (by this JVM's records). */
        public boolean isHeldByCurrentThread() {
            return holder == Thread.currentThread();
        }

        /** The current thread unlocked it: ends the count it kept. */
        public void released() {
            // The holder is this live thread: close() never clears it, so a plain release store is enough.
            if (holder == Thread.currentThread()) {
                HOLDER.setRelease(this, null);
                lifetime.exit(memory);
            }
        }

        /** For {@code close()}: the holding thread, or {@code null}. */
        public Thread holder() {
            return holder;
        }

        /** For {@code close()}: ends the count of a holder that has ended (once, however many try). */
        public void releaseDead(Thread dead) {
            if (HOLDER.compareAndSet(this, dead, null)) {
                lifetime.exit(memory);
            }
        }

        @Override
        public String toString() {
            Thread h = holder;
            return user + (h != null ? " held by thread \"" + h.getName() + "\"" : "");
        }
    }

    /**
     * Records, during a requeue (inside an {@link #enter}/{@link #exit} on {@code memory}), that waiters may now sleep
     * on the word at {@code address}: they hold no claim on this memory, so its close wakes the word (and wakes it
     * again just before the unmap, when no requeue can be in flight any more) instead of unmapping under them.
     */
    public static void requeueTarget(NativeMemory memory, long address, boolean isPrivate) {
        lifetime.requeueTarget(memory, address, isPrivate ? 1 | 128 : 1);
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
        lifetime.untrack(memory, this);
        lifetime.exit(memory);
    }

    /** The exception for a call whose memory was closed while it ran. */
    public IllegalStateException closedWhileUsed() {
        return new IllegalStateException(memory + " was closed while " + user + " used it");
    }

    @Override
    public String toString() {
        return user;
    }
}
