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
 * A glibc {@code pthread_rwlock_t} in memory lwp4j mapped, process-shared in shared memory: many readers or one
 * writer. glibc's default kind prefers readers (a stream of readers can starve a writer). Not robust: a process
 * that dies holding it leaves it held. Locks block the Java thread inside glibc, in slices: {@link #readLock()} and
 * {@link #writeLock()} ignore interrupts, the timed {@code try} forms end within one slice of one (ARCHITECTURE.md
 * §12) and bound the wait: a zero or negative timeout only tries, one over 100 years waits as long as it takes.
 *
 * <p>Memory: every call checks the memory and holds it mapped while it runs; after the memory's
 * {@link NativeMemory#close()} every call throws {@link IllegalStateException}, and a lock waiting when the memory
 * is closed ends with it within one slice. A read-write lock is on no robust list, so closing its memory while it is
 * held is allowed (the holder's unlock then throws).
 */
public final class PthreadRwLock extends PthreadObject implements AutoCloseable {
    private PthreadRwLock(NativeMemory memory, long offset, boolean created) {
        super(PthreadType.RWLOCK, memory, offset, created);
    }

    /** Initialises a read-write lock at {@code offset} (process-shared when the memory is shared). */
    public static PthreadRwLock create(NativeMemory memory, long offset) {
        PthreadRwLock l = new PthreadRwLock(memory, offset, true);
        l.initialise(() -> Native.backend().rwlockInit(l.address, memory.isShared() ? 1 : 0),
                "pthread_rwlock_init", l.detail);
        return l;
    }

    /** A read-write lock another thread or process already initialised at {@code offset}. */
    public static PthreadRwLock open(NativeMemory memory, long offset) {
        return new PthreadRwLock(memory, offset, false);
    }

    /** Takes a read lock, waiting as long as it takes; not interruptible, like {@code Lock.lock()}. BLOCKS. */
    public void readLock() {
        check(lock(0, Deadline.forever(), false), "pthread_rwlock_rdlock");
    }

    /** Takes the write lock, waiting as long as it takes; not interruptible, like {@code Lock.lock()}. BLOCKS. */
    public void writeLock() {
        check(lock(1, Deadline.forever(), false), "pthread_rwlock_wrlock");
    }

    /**
     * Takes a read lock within {@code timeout} (zero or negative: only if free now); interruptible, like
     * {@code Lock.tryLock(long, TimeUnit)}. BLOCKS.
     *
     * @return whether it was taken
     * @throws InterruptedException when the thread is interrupted before or while it waits (the status cleared)
     */
    public boolean tryReadLock(Duration timeout) throws InterruptedException {
        Sync.checkInterrupt();
        return check(Sync.interruptible(lock(0, Deadline.after(timeout), true)), "pthread_rwlock_clockrdlock");
    }

    /**
     * Takes the write lock within {@code timeout} (zero or negative: only if free now); interruptible, like
     * {@code Lock.tryLock(long, TimeUnit)}. BLOCKS.
     *
     * @return whether it was taken
     * @throws InterruptedException when the thread is interrupted before or while it waits (the status cleared)
     */
    public boolean tryWriteLock(Duration timeout) throws InterruptedException {
        Sync.checkInterrupt();
        return check(Sync.interruptible(lock(1, Deadline.after(timeout), true)), "pthread_rwlock_clockwrlock");
    }

    /** Whether {@code r} took the lock: false for a timeout, an exception for any other error. */
    private boolean check(long r, String op) {
        if (Errno.ETIMEDOUT.is(r) || Errno.EBUSY.is(r)) {
            return false;
        }
        Sync.check(r, op, detail, null);
        return true;
    }

    /** The shim's result (0 or -errno; {@code Waits.INTERRUPTED}). */
    private long lock(int write, Deadline deadline, boolean interruptible) {
        MemoryClaim.enter(memory, detail);
        try {
            long r = Native.backend().rwlockLock(address, write, 0); // try first: no clock read, no slice
            if (Errno.EBUSY.is(r)) { // wait, in slices
                r = Sync.lock(List.of(Waits.Word.object(memory, "PthreadRwLock." + (write == 1 ? "writeLock"
                        : "readLock") + " of the " + detail)), deadline, interruptible, slice -> Native.backend().rwlockLock(address,
                                write, slice), () -> Native.backend().rwlockUnlock(address));
            }
            return r;
        } finally {
            MemoryClaim.exit(memory);
        }
    }

    /** Releases the read or write lock the calling thread holds. */
    public void unlock() {
        MemoryClaim.enter(memory, detail);
        try {
            Sync.check(Native.backend().rwlockUnlock(address), "pthread_rwlock_unlock", detail,
                    "the calling thread holds no lock on it");
        } finally {
            MemoryClaim.exit(memory);
        }
    }

    /**
     * Tears it down ({@code pthread_rwlock_destroy}; it must be unlocked and unused by every process) when this object
     * initialised it; an object that only opened it leaves that to its creator. Later calls do nothing.
     */
    @Override
    public void close() {
        destroyOnce(() -> Native.backend().rwlockDestroy(address), "pthread_rwlock_destroy");
    }
}
