package io.lwp4j.pthread;

import io.lwp4j.Errno;
import io.lwp4j.internal.Native;
import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.internal.wait.MemoryClaim;
import io.lwp4j.internal.wait.Waits;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.util.List;

/**
 * A glibc {@code pthread_mutex_t} in memory lwp4j mapped: in {@linkplain NativeMemory#isShared() shared} memory
 * (for example an {@link io.lwp4j.memory.SharedMemory} that several JVMs open by name) it is
 * {@code PTHREAD_PROCESS_SHARED}, so threads of different processes exclude each other.
 *
 * <p>Robust ({@code PTHREAD_MUTEX_ROBUST}): when a thread or a whole process dies holding it, the kernel (through
 * glibc's robust list) hands it to the next locker with {@link LockOutcome#OWNER_DIED} instead of leaving everyone
 * blocked forever; that locker repairs the state and calls {@link #makeConsistent()}.
 *
 * {@snippet :
 * try (SharedMemory shm = SharedMemory.create("orders-lock", 4096)) {
 *     PthreadMutex m = PthreadMutex.create(shm, 0, true);       // once, by the creating process
 *     LockOutcome o = m.tryLock(Duration.ofSeconds(1));           // any process: PthreadMutex.open(shm, 0)
 *     if (o == LockOutcome.OWNER_DIED) { repair(); m.makeConsistent(); }
 *     try { work(); } finally { m.unlock(); }
 * }
 * }
 *
 * <p>The lock calls block the calling Java thread in glibc, in slices (lwp4j's one wait rule): {@link #lock()}
 * ignores interrupts, {@link #lockInterruptibly()} and {@link #tryLock(Duration)} end within one slice of one
 * (ARCHITECTURE.md §12); prefer the timed form where a peer may be gone; a zero or negative timeout only tries, one over 100 years waits as long as it
 * takes. Unlock on the thread that locked.
 *
 * <p>Memory: every call checks the memory and holds it mapped while it runs; after the memory's
 * {@link NativeMemory#close()} every call throws {@link IllegalStateException}, and a lock waiting when the memory
 * is closed ends with it within one slice. While a thread of this JVM holds the mutex, {@code close()} of its memory
 * is refused ({@link IllegalStateException} naming the mutex and the thread): glibc's robust list of that thread
 * points into the mapping until the unlock, and unmapping it would make the thread's next robust lock write into
 * whatever is mapped there later. The same rule holds for a plain mutex.
 */
public final class PthreadMutex extends PthreadObject implements AutoCloseable {
    private final MemoryClaim.Hold hold; // shared by every PthreadMutex object on this mutex

    private PthreadMutex(NativeMemory memory, long offset, boolean created) {
        super(PthreadType.MUTEX, memory, offset, created);
        this.hold = MemoryClaim.holdAt(memory, offset, "PthreadMutex[" + detail + "]");
    }

    /** Initialises a mutex at {@code offset} (process-shared when the memory is shared), robust if asked. */
    public static PthreadMutex create(NativeMemory memory, long offset, boolean robust) {
        PthreadMutex m = new PthreadMutex(memory, offset, true);
        m.initialise(() -> Native.backend().mutexInit(m.address, memory.isShared() ? 1 : 0, robust ? 1 : 0),
                "pthread_mutex_init", m.detail);
        return m;
    }

    /** A mutex another thread or process already initialised at {@code offset}. */
    public static PthreadMutex open(NativeMemory memory, long offset) {
        return new PthreadMutex(memory, offset, false);
    }

    NativeMemory memory() {
        return memory;
    }

    long address() {
        return address;
    }

    String detail() {
        return detail;
    }

    /** Locks, waiting as long as it takes; not interruptible, like {@code Lock.lock()}. BLOCKS. */
    public LockOutcome lock() {
        return LockOutcome.of(lock(Deadline.forever(), false), "pthread_mutex_lock", detail);
    }

    /**
     * Locks, waiting as long as it takes unless the thread is interrupted, like {@code Lock.lockInterruptibly()}.
     * BLOCKS.
     *
     * @throws InterruptedException when the thread is interrupted before or while it waits (the status cleared)
     */
    public LockOutcome lockInterruptibly() throws InterruptedException {
        Sync.checkInterrupt();
        return LockOutcome.of(Sync.interruptible(lock(Deadline.forever(), true)), "pthread_mutex_lock", detail);
    }

    /** Locks if free now: {@link LockOutcome#BUSY} otherwise. */
    public LockOutcome tryLock() {
        return LockOutcome.of(lock(null, false), "pthread_mutex_trylock", detail);
    }

    /**
     * Locks, waiting at most {@code timeout} ({@code pthread_mutex_clocklock} on CLOCK_MONOTONIC, in slices);
     * interruptible, like {@code Lock.tryLock(long, TimeUnit)}. BLOCKS.
     *
     * @return {@link LockOutcome#TIMED_OUT} when the timeout passed
     * @throws InterruptedException when the thread is interrupted before or while it waits (the status cleared)
     */
    public LockOutcome tryLock(Duration timeout) throws InterruptedException {
        Sync.checkInterrupt();
        return LockOutcome.of(Sync.interruptible(lock(Deadline.after(timeout), true)), "pthread_mutex_clocklock",
                detail + ", timeout=" + timeout);
    }

    /** The shim's result (0, 1 or -errno; {@code Waits.INTERRUPTED}); {@code deadline} null: try only. */
    private long lock(Deadline deadline, boolean interruptible) {
        hold.enter(); // keeps the memory mapped during the call and, once locked, until the unlock
        boolean held = false;
        try {
            long r = Native.backend().mutexTrylock(address);
            if (Errno.EBUSY.is(r) && deadline != null) { // wait, in slices
                r = Sync.lock(List.of(Waits.Word.object(memory, "PthreadMutex.lock of the " + detail)), deadline,
                        interruptible, slice -> Native.backend().mutexLock(address, slice), () -> Native.backend().mutexUnlock(
                                address));
            }
            held = r == 0 || r == 1; // acquired (1: its owner died)
            if (held) {
                hold.acquired();
            }
            return r;
        } finally {
            if (!held) {
                hold.failed();
            }
        }
    }

    /** After {@link LockOutcome#OWNER_DIED}: the state is repaired, the mutex works normally again. */
    public void makeConsistent() {
        MemoryClaim.enter(memory, detail);
        try {
            Sync.check(Native.backend().mutexConsistent(address), "pthread_mutex_consistent", detail,
                    "only the holder may call it, after OWNER_DIED");
        } finally {
            MemoryClaim.exit(memory);
        }
    }

    /** Unlocks. @throws io.lwp4j.PermissionException (EPERM) if the calling thread does not hold it */
    public void unlock() {
        if (hold.isHeldByCurrentThread()) { // the hold keeps the memory mapped, even if it was closed meanwhile
            Sync.check(Native.backend().mutexUnlock(address), "pthread_mutex_unlock", detail,
                    "the calling thread does not hold it");
            hold.released();
            return;
        }
        MemoryClaim.enter(memory, detail);
        try {
            Sync.check(Native.backend().mutexUnlock(address), "pthread_mutex_unlock", detail,
                    "the calling thread does not hold it");
        } finally {
            MemoryClaim.exit(memory);
        }
    }

    /**
     * Tears it down ({@code pthread_mutex_destroy}; it must be unlocked and unused by every process) when this object
     * initialised it; an object that only opened it leaves that to its creator. Later calls do nothing.
     */
    @Override
    public void close() {
        destroyOnce(() -> Native.backend().mutexDestroy(address), "pthread_mutex_destroy");
    }

    @Override
    public String toString() {
        return "PthreadMutex[" + detail + (memory.isShared() ? ", process-shared" : "") + "]";
    }
}
