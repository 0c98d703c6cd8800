package io.lwp4j.pthread;

import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.util.Objects;

/**
 * A glibc {@code pthread_rwlock_t} in memory lwp4j mapped, process-shared in shared memory: many readers or one
 * writer. glibc's default kind prefers readers (a stream of readers can starve a writer). Not robust: a process
 * that dies holding it leaves it held. Locks block the Java thread inside glibc; the timed forms bound that.
 */
public final class PthreadRwLock {
    private final long address;
    private final String detail;

    private PthreadRwLock(NativeMemory memory, long offset) {
        Objects.requireNonNull(memory, "memory");
        this.address = PthreadType.RWLOCK.addressIn(memory, offset);
        this.detail = "rwlock at offset " + offset;
    }

    /** Initialises a read-write lock at {@code offset} (process-shared when the memory is shared). */
    public static PthreadRwLock init(NativeMemory memory, long offset) {
        PthreadRwLock l = new PthreadRwLock(memory, offset);
        Sync.check(Native.backend().rwlockInit(l.address, memory.isShared() ? 1 : 0), "pthread_rwlock_init",
                l.detail, null);
        return l;
    }

    /** A read-write lock another thread or process already initialised at {@code offset}. */
    public static PthreadRwLock attach(NativeMemory memory, long offset) {
        return new PthreadRwLock(memory, offset);
    }

    /** Takes a read lock, waiting as long as it takes. BLOCKS. */
    public void readLock() {
        lock(0, -1, "pthread_rwlock_rdlock");
    }

    /** Takes the write lock, waiting as long as it takes. BLOCKS. */
    public void writeLock() {
        lock(1, -1, "pthread_rwlock_wrlock");
    }

    /** Takes a read lock within {@code timeout} (zero: only if free now). @return whether it was taken */
    public boolean readLock(Duration timeout) {
        return lock(0, Sync.nanos(timeout), "pthread_rwlock_clockrdlock");
    }

    /** Takes the write lock within {@code timeout} (zero: only if free now). @return whether it was taken */
    public boolean writeLock(Duration timeout) {
        return lock(1, Sync.nanos(timeout), "pthread_rwlock_clockwrlock");
    }

    private boolean lock(int write, long timeoutNs, String op) {
        long r = Native.backend().rwlockLock(address, write, timeoutNs);
        if (r == -110 || r == -16) { // ETIMEDOUT, EBUSY (try)
            return false;
        }
        Sync.check(r, op, detail, null);
        return true;
    }

    /** Releases the read or write lock the calling thread holds. */
    public void unlock() {
        Sync.check(Native.backend().rwlockUnlock(address), "pthread_rwlock_unlock", detail,
                "the calling thread holds no lock on it");
    }

    /** Destroys it (it must be unlocked and unused by every process). */
    public void destroy() {
        Sync.check(Native.backend().rwlockDestroy(address), "pthread_rwlock_destroy", detail, null);
    }
}
