package io.lwp4j.pthread;

import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.util.Objects;

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
 *     PthreadMutex m = PthreadMutex.init(shm, 0, true);       // once, by the creating process
 *     LockOutcome o = m.lock(Duration.ofSeconds(1));           // any process: PthreadMutex.attach(shm, 0)
 *     if (o == LockOutcome.OWNER_DIED) { repair(); m.makeConsistent(); }
 *     try { work(); } finally { m.unlock(); }
 * }
 * }
 *
 * <p>The lock calls block the calling Java thread inside glibc: an interrupt does not end them, so prefer the
 * timed forms. The memory must stay mapped while any process uses the mutex. Unlock on the thread that locked.
 */
public final class PthreadMutex {
    private final NativeMemory memory;
    private final long address;
    private final String detail;

    private PthreadMutex(NativeMemory memory, long offset) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.address = PthreadType.MUTEX.addressIn(memory, offset);
        this.detail = "mutex at offset " + offset;
    }

    /** Initialises a mutex at {@code offset} (process-shared when the memory is shared), robust if asked. */
    public static PthreadMutex init(NativeMemory memory, long offset, boolean robust) {
        PthreadMutex m = new PthreadMutex(memory, offset);
        long r = Native.backend().mutexInit(m.address, memory.isShared() ? 1 : 0, robust ? 1 : 0);
        if (r < 0) {
            throw ErrnoException.of("pthread_mutex_init", m.detail, r, null);
        }
        return m;
    }

    /** A mutex another thread or process already initialised at {@code offset}. */
    public static PthreadMutex attach(NativeMemory memory, long offset) {
        return new PthreadMutex(memory, offset);
    }

    long address() {
        return address;
    }

    String detail() {
        return detail;
    }

    /** Locks, waiting as long as it takes. BLOCKS. */
    public LockOutcome lock() {
        return LockOutcome.of(Native.backend().mutexLock(address, -1), "pthread_mutex_lock", detail);
    }

    /** Locks, waiting at most {@code timeout} ({@code pthread_mutex_clocklock} on CLOCK_MONOTONIC). BLOCKS. */
    public LockOutcome lock(Duration timeout) {
        return LockOutcome.of(Native.backend().mutexLock(address, Sync.nanos(timeout)), "pthread_mutex_clocklock",
                detail + ", timeout=" + timeout);
    }

    /** Locks if free now: {@link LockOutcome#BUSY} otherwise. */
    public LockOutcome tryLock() {
        return LockOutcome.of(Native.backend().mutexTrylock(address), "pthread_mutex_trylock", detail);
    }

    /** After {@link LockOutcome#OWNER_DIED}: the state is repaired, the mutex works normally again. */
    public void makeConsistent() {
        Sync.check(Native.backend().mutexConsistent(address), "pthread_mutex_consistent", detail,
                "only the holder may call it, after OWNER_DIED");
    }

    /** Unlocks. @throws io.lwp4j.PermissionException (EPERM) if the calling thread does not hold it */
    public void unlock() {
        Sync.check(Native.backend().mutexUnlock(address), "pthread_mutex_unlock", detail,
                "the calling thread does not hold it");
    }

    /** Destroys it (it must be unlocked and unused by every process). */
    public void destroy() {
        Sync.check(Native.backend().mutexDestroy(address), "pthread_mutex_destroy", detail, null);
    }

    @Override
    public String toString() {
        return "PthreadMutex[" + detail + (memory.isShared() ? ", process-shared" : "") + "]";
    }
}
