package io.lwp4j.memory;

import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.internal.WordAccess;
import io.lwp4j.internal.wait.MemoryClaim;
import io.lwp4j.internal.wait.Waits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A region of native memory that lwp4j mapped and owns: an anonymous {@code mmap(2)}, private to this process or
 * {@linkplain #createShared shared} (visible to tasks made without {@code CLONE_VM} and to children), or a
 * {@link SharedMemory} mapping of a named file that other processes open by name — with bounds- and
 * alignment-checked accessors. One owner closes it, exactly once.
 *
 * <h2>Memory ordering</h2>
 * Accessors come in the three strengths of {@link VarHandle}:
 * <ul>
 *   <li>plain ({@link #getInt}, {@link #setInt}, …): no ordering;</li>
 *   <li>{@link #getIntAcquire}/{@link #getLongAcquire} pair with {@link #setIntRelease}/{@link #setLongRelease}
 *       (and with the CAS and get-and-add operations, which are volatile, so both acquire and release): everything a
 *       thread wrote before its release store is visible to a thread whose acquire load sees that store — the same
 *       contract as C11 {@code memory_order_acquire}/{@code release}, which the raw tasks' C code uses on the same
 *       words;</li>
 *   <li>{@link #compareAndSetInt}, {@link #getAndAddInt}, … are sequentially consistent read-modify-writes.</li>
 * </ul>
 * With the FFM backend the 32-bit ordered and atomic accessors go through {@link WordAccess} (FFM's own var handles,
 * as fast as C); otherwise through the buffer's view var handle. Both are the same hardware atomics.
 * Every 32-bit and 64-bit access must be naturally aligned (a futex word must be): a misaligned offset is an
 * {@link IllegalArgumentException}, never a torn access.
 *
 * <h2>Lifetime</h2>
 * One owner closes it ({@link #close()}, idempotent). Whatever lwp4j builds on the memory — a futex wait while it
 * sleeps, a pthread object's call while it runs, a pthread mutex while a thread of this JVM holds it, a raw
 * task's program while the task may run — holds a claim on it that only lwp4j can end, so the mapping is never
 * unmapped under its user and no public call can unbalance that: {@link #close()} says, per kind of user, whether it
 * ends the use, waits for it, or refuses. After {@code close()} every accessor, and every object built on the
 * memory, throws {@link IllegalStateException}. Closing while another <em>Java</em> thread is inside a plain accessor
 * is a race the caller must avoid (as with any off-heap buffer).
 */
public sealed class NativeMemory implements AutoCloseable permits SharedMemory {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());

    private final long address;
    private final int size;
    private final boolean shared;
    private final ByteBuffer buffer;
    /** 1 for the owner (until {@link #close()}) plus one per claim; the mapping goes when it drops to 0. */
    private final AtomicInteger refs = new AtomicInteger(1);
    /** The registered claims ({@link MemoryClaim#of} and friends; not the counted-only ones). */
    private final Set<MemoryClaim> claims = ConcurrentHashMap.newKeySet();
    /** The pthread mutexes in it, by offset: who of this JVM holds each (see {@link MemoryClaim.Hold}). */
    private final ConcurrentHashMap<Long, MemoryClaim.Hold> holds = new ConcurrentHashMap<>();
    /** Words a requeue moved waiters onto, with their FUTEX_WAKE op: woken by the close and before the unmap. */
    private final ConcurrentHashMap<Long, Integer> requeueTargets = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Takes ownership of the mapping {@code [address, address + size)}, which {@link #close()} unmaps. */
    NativeMemory(long address, int size, boolean shared) {
        this.address = address;
        this.size = size;
        this.shared = shared;
        this.buffer = Native.directBuffer(address, size).order(ByteOrder.nativeOrder());
    }

    /** {@code bytes} of zeroed memory private to this process (rounded up to whole pages). */
    public static NativeMemory create(long bytes) {
        return map(bytes, false);
    }

    /**
     * {@code bytes} of zeroed {@code MAP_SHARED} memory: the same pages stay shared with tasks made without
     * {@code CLONE_VM} and with forked children, where private memory would be copied on write.
     */
    public static NativeMemory createShared(long bytes) {
        return map(bytes, true);
    }

    private static NativeMemory map(long bytes, boolean shared) {
        long page = Native.backend().pageSize();
        long max = Integer.MAX_VALUE / page * page; // the size is an int and a ByteBuffer's capacity: whole pages
        if (bytes <= 0 || bytes > max) {
            throw new IllegalArgumentException("NativeMemory.create(bytes=" + bytes + "): 1 to " + max
                    + " bytes (whole " + page + "-byte pages, at most 2 GiB - 1)");
        }
        long len = (bytes + page - 1) / page * page;
        long addr = Native.backend().memMap(len, shared ? 1 : 0, 0);
        if (addr < 0) {
            throw ErrnoException.of("mmap", "len=" + len + (shared ? ", MAP_SHARED" : ", MAP_PRIVATE"), addr);
        }
        return new NativeMemory(addr, (int) len, shared);
    }

    /** The address of the first byte. */
    public long address() {
        checkOpen();
        return address;
    }

    /** The address of byte {@code offset}, checked against the size and the alignment {@code align}. */
    public long address(long offset, int align) {
        check(offset, align);
        return address + offset;
    }

    /** The size in bytes (whole pages). */
    public int size() {
        return size;
    }

    /** Whether the mapping is {@code MAP_SHARED}. */
    public boolean isShared() {
        return shared;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    private void check(long offset, int bytes) {
        checkOpen();
        if (offset < 0 || offset > size - bytes) {
            throw new IndexOutOfBoundsException("offset " + offset + " + " + bytes + " bytes is outside this "
                    + size + "-byte mapping");
        }
        if ((offset & (bytes - 1)) != 0) {
            throw new IllegalArgumentException("offset " + offset + " is not " + bytes + "-byte aligned (a "
                    + (bytes * 8) + "-bit word must be naturally aligned)");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this NativeMemory is closed");
        }
    }

    // ---- 32-bit ----------------------------------------------------------------------------------------------

    /** Plain read: no ordering, may see a stale value; use only for words no other thread writes concurrently. */
    public int getInt(long offset) {
        check(offset, 4);
        return (int) INT.get(buffer, (int) offset);
    }

    /** Plain write: no ordering; publish with a later release write or read-modify-write. */
    public void setInt(long offset, int value) {
        check(offset, 4);
        INT.set(buffer, (int) offset, value);
    }

    /**
     * Acquire read: pairs with a release write ({@link #setIntRelease}) or any read-modify-write of the same word,
     * here, in a raw task's C code ({@code __ATOMIC_RELEASE}) or in another process sharing the mapping.
     */
    public int getIntAcquire(long offset) {
        check(offset, 4);
        return WordAccess.AVAILABLE ? WordAccess.getAcquire(address + offset)
                : (int) INT.getAcquire(buffer, (int) offset);
    }

    /**
     * Release write: everything written before it is visible to an acquire read ({@link #getIntAcquire}) or a
     * read-modify-write that sees it.
     */
    public void setIntRelease(long offset, int value) {
        check(offset, 4);
        if (WordAccess.AVAILABLE) {
            WordAccess.setRelease(address + offset, value);
        } else {
            INT.setRelease(buffer, (int) offset, value);
        }
    }

    /**
     * Volatile (sequentially consistent) read: an acquire that is also ordered after every earlier volatile or
     * read-modify-write access — what a Dekker-style "store my flag, then read yours" handshake needs, which an
     * acquire read alone does not give.
     */
    public int getIntVolatile(long offset) {
        check(offset, 4);
        return WordAccess.AVAILABLE ? WordAccess.getVolatile(address + offset)
                : (int) INT.getVolatile(buffer, (int) offset);
    }

    /** Volatile (sequentially consistent) write: a release that is also ordered before later volatile reads. */
    public void setIntVolatile(long offset, int value) {
        check(offset, 4);
        if (WordAccess.AVAILABLE) {
            WordAccess.setVolatile(address + offset, value);
        } else {
            INT.setVolatile(buffer, (int) offset, value);
        }
    }

    /** Sequentially consistent compare-and-set: both an acquire and a release (pairs with either side). */
    public boolean compareAndSetInt(long offset, int expected, int value) {
        check(offset, 4);
        return WordAccess.AVAILABLE ? WordAccess.compareAndSet(address + offset, expected, value)
                : INT.compareAndSet(buffer, (int) offset, expected, value);
    }

    /** Sequentially consistent compare-and-exchange: returns the witness value. */
    public int compareAndExchangeInt(long offset, int expected, int value) {
        check(offset, 4);
        return WordAccess.AVAILABLE ? WordAccess.compareAndExchange(address + offset, expected, value)
                : (int) INT.compareAndExchange(buffer, (int) offset, expected, value);
    }

    /** Sequentially consistent get-and-set. */
    public int getAndSetInt(long offset, int value) {
        check(offset, 4);
        return WordAccess.AVAILABLE ? WordAccess.getAndSet(address + offset, value)
                : (int) INT.getAndSet(buffer, (int) offset, value);
    }

    /** Sequentially consistent get-and-add. */
    public int getAndAddInt(long offset, int delta) {
        check(offset, 4);
        return WordAccess.AVAILABLE ? WordAccess.getAndAdd(address + offset, delta)
                : (int) INT.getAndAdd(buffer, (int) offset, delta);
    }

    // ---- 64-bit ----------------------------------------------------------------------------------------------

    /** Plain read. */
    public long getLong(long offset) {
        check(offset, 8);
        return (long) LONG.get(buffer, (int) offset);
    }

    /** Plain write. */
    public void setLong(long offset, long value) {
        check(offset, 8);
        LONG.set(buffer, (int) offset, value);
    }

    /** Acquire read: pairs with a release write of the same word. */
    public long getLongAcquire(long offset) {
        check(offset, 8);
        return (long) LONG.getAcquire(buffer, (int) offset);
    }

    /** Release write. */
    public void setLongRelease(long offset, long value) {
        check(offset, 8);
        LONG.setRelease(buffer, (int) offset, value);
    }

    /** Sequentially consistent get-and-add. */
    public long getAndAddLong(long offset, long delta) {
        check(offset, 8);
        return (long) LONG.getAndAdd(buffer, (int) offset, delta);
    }

    // ---- bytes -----------------------------------------------------------------------------------------------

    /** Copies {@code bytes} in at {@code offset} (plain writes). */
    public void put(long offset, byte[] bytes) {
        checkRange(offset, bytes.length);
        buffer.duplicate().position((int) offset).put(bytes);
    }

    /** Copies {@code length} bytes out from {@code offset} (plain reads). */
    public byte[] get(long offset, int length) {
        checkRange(offset, length);
        byte[] out = new byte[length];
        buffer.duplicate().position((int) offset).get(out);
        return out;
    }

    /** Copies {@code src[from, from + length)} in at {@code offset} (plain writes). */
    public void put(long offset, byte[] src, int from, int length) {
        java.util.Objects.checkFromIndexSize(from, length, src.length);
        checkRange(offset, length);
        buffer.put((int) offset, src, from, length);
    }

    /** Copies {@code length} bytes out from {@code offset} into {@code dst[from, from + length)} (plain reads). */
    public void get(long offset, byte[] dst, int from, int length) {
        java.util.Objects.checkFromIndexSize(from, length, dst.length);
        checkRange(offset, length);
        buffer.get((int) offset, dst, from, length);
    }

    private void checkRange(long offset, long length) {
        checkOpen();
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("bytes [" + offset + ", " + (offset + length) + ") are outside this "
                    + size + "-byte mapping");
        }
    }

    // ---- lifetime --------------------------------------------------------------------------------------------

    static {
        MemoryClaim.install(new MemoryClaim.Lifetime() {
            @Override
            public void enter(NativeMemory memory, String user) {
                memory.enter(user);
            }

            @Override
            public void exit(NativeMemory memory) {
                memory.exit();
            }

            @Override
            public void track(NativeMemory memory, MemoryClaim claim) {
                memory.claims.add(claim);
            }

            @Override
            public void untrack(NativeMemory memory, MemoryClaim claim) {
                memory.claims.remove(claim);
            }

            @Override
            public void requeueTarget(NativeMemory memory, long address, int wakeOp) {
                memory.requeueTargets.put(address, wakeOp);
            }

            @Override
            public MemoryClaim.Hold hold(NativeMemory memory, long offset, String user) {
                return memory.holds.computeIfAbsent(offset, o -> new MemoryClaim.Hold(memory, user));
            }
        });
    }

    /** Counts one more user (see {@link MemoryClaim}); throws when closed. */
    private void enter(String user) {
        int r;
        do {
            r = refs.get();
            if (r == 0) {
                throw closedFor(user);
            }
        } while (!refs.compareAndSet(r, r + 1));
        if (closed) { // close() set it before we counted: back out (it may be us who unmaps)
            exit();
            throw closedFor(user);
        }
    }

    /** Ends one {@link #enter}; unmaps when the owner has closed and this was the last user. */
    private void exit() {
        if (refs.decrementAndGet() == 0) {
            unmap();
        }
    }

    private IllegalStateException closedFor(String user) {
        return new IllegalStateException(user + ": " + this + " is closed");
    }

    /**
     * Closes the owner's hold on the mapping. Idempotent and thread-safe (a second or concurrent call does nothing).
     * What happens to users of the memory at that moment:
     * <ul>
     *   <li>no user: unmapped now;</li>
     *   <li>a futex wait ({@link io.lwp4j.futex.Futex}, the primitives, {@link io.lwp4j.futex.FutexVector}) or a
     *       pthread call sleeping on it: the wait is woken (or sees the close within one slice) and ends with
     *       {@link IllegalStateException}; the unmap waits until it has left the kernel;</li>
     *   <li>a raw task whose program names it: the unmap waits until the task has been joined or reaped;</li>
     *   <li>a {@link io.lwp4j.pthread.PthreadMutex} held by a live thread of this JVM: <b>refused</b> with
     *       {@link IllegalStateException} naming the mutex and the thread, and the memory stays open — for a robust
     *       mutex glibc's robust list of that thread points into the mapping until the unlock, and unmapping it
     *       would make the thread's next robust lock write into whatever is mapped there later (or crash); a plain
     *       mutex is refused the same way, one rule for both. Unlock, then close. A mutex whose holder thread has
     *       ended does not block the close.</li>
     * </ul>
     * After a successful {@code close()} every accessor and every object built on this memory throws
     * {@link IllegalStateException}. Closing while another thread is inside a plain accessor (such as
     * {@link #getInt}) is still a race the caller must avoid, as with any off-heap buffer.
     *
     * @throws IllegalStateException when a live thread of this JVM holds a pthread mutex in it
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            StringBuilder busy = null;
            for (MemoryClaim.Hold h : holds.values()) {
                Thread holder = h.holder();
                if (holder == null) {
                    continue;
                }
                if (!holder.isAlive()) { // it ended holding the mutex: the kernel has walked its robust list
                    h.releaseDead(holder);
                } else {
                    busy = (busy == null ? new StringBuilder() : busy.append(", ")).append(h);
                }
            }
            if (busy != null) {
                throw new IllegalStateException("close() of " + this + " refused: in use by " + busy
                        + " (a held robust mutex is on its thread's robust list in glibc until the unlock): unlock,"
                        + " then close");
            }
            closed = true;
        }
        // End the waits on it now. A wait that enters the kernel just after this wake is woken by the next one:
        // the waker repeats until no wait on the memory is left.
        if (wakeWaiters()) {
            Waits.repeatWhile(this::wakeWaitersIfMapped);
        }
        exit();
    }

    /** {@link #wakeWaiters()} while the mapping is still there (pinned by a count for the wakes), else nothing. */
    private boolean wakeWaitersIfMapped() {
        int r;
        do {
            r = refs.get();
            if (r == 0) {
                return false; // unmapped: never wake whatever is mapped at the address now
            }
        } while (!refs.compareAndSet(r, r + 1));
        try {
            return wakeWaiters();
        } finally {
            exit();
        }
    }

    /** Wakes every claimed futex word and requeue target; answers whether a futex wait's claim is still there. */
    private boolean wakeWaiters() {
        boolean waiting = false;
        for (MemoryClaim c : claims) {
            if (c.wakeAddress() != 0) {
                Native.backend().futexPacked(c.wakeAddress(), c.wakeOp(), Integer.MAX_VALUE, 0, 0);
                waiting = true;
            }
        }
        requeueTargets.forEach((address, op) -> Native.backend().futexPacked(address, op, Integer.MAX_VALUE, 0, 0));
        return waiting;
    }

    private void unmap() {
        // No claim is left, so no requeue is in flight: whoever a requeue moved here leaves with this wake.
        requeueTargets.forEach((address, op) -> Native.backend().futexPacked(address, op, Integer.MAX_VALUE, 0, 0));
        long r = Native.backend().memUnmap(address, size);
        if (r < 0) {
            throw ErrnoException.of("munmap", "addr=0x" + Long.toHexString(address) + ", len=" + size, r);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[0x" + Long.toHexString(address) + ", " + size + " bytes, "
                + (shared ? "shared" : "private") + (closed ? ", closed]" : "]");
    }
}
