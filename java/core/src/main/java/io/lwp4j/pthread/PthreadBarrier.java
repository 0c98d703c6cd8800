package io.lwp4j.pthread;

import io.lwp4j.internal.Native;
import io.lwp4j.internal.wait.MemoryClaim;
import io.lwp4j.memory.NativeMemory;

/**
 * A glibc {@code pthread_barrier_t} in memory lwp4j mapped, process-shared in shared memory: {@link #await()}
 * returns once {@code parties} threads (of any of the processes) have called it; then it is ready for the next
 * round. It has no timeout and ignores interrupts — the one exception to ARCHITECTURE.md §12's rule of a timed form
 * for every blocking call, because glibc's barrier has no timed wait and a party that left a round early would break
 * it for the others: if a party dies, the others wait forever, so use it where every party is alive or watched (a C
 * peer's {@code pthread_barrier_t}), and {@link io.lwp4j.futex.FutexBarrier}, whose {@code await(Duration)} breaks
 * the round for every party when one gives up, where one may fail.
 *
 * <p>Memory: every call checks the memory and holds it mapped while it runs; after the memory's
 * {@link NativeMemory#close()} every call throws {@link IllegalStateException}. glibc's barrier wait has no timed
 * form, so a close cannot end a wait in progress: the memory stays mapped (the unmap deferred) until the round
 * completes.
 */
public final class PthreadBarrier extends PthreadObject implements AutoCloseable {
    private PthreadBarrier(NativeMemory memory, long offset, boolean created) {
        super(PthreadType.BARRIER, memory, offset, created);
    }

    /** Initialises a barrier for {@code parties} threads at {@code offset}. */
    public static PthreadBarrier create(NativeMemory memory, long offset, int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("PthreadBarrier.create(parties=" + parties + "): at least 1");
        }
        PthreadBarrier b = new PthreadBarrier(memory, offset, true);
        b.initialise(() -> Native.backend().barrierInit(b.address, parties, memory.isShared() ? 1 : 0),
                "pthread_barrier_init", b.detail + ", parties=" + parties);
        return b;
    }

    /** A barrier another thread or process already initialised at {@code offset}. */
    public static PthreadBarrier open(NativeMemory memory, long offset) {
        return new PthreadBarrier(memory, offset, false);
    }

    /**
     * Waits until all parties arrived. BLOCKS (no timeout, no interrupt).
     *
     * @return true for exactly one of the parties of each round ({@code PTHREAD_BARRIER_SERIAL_THREAD})
     */
    public boolean await() {
        MemoryClaim.enter(memory, detail);
        try {
            return Sync.check(Native.backend().barrierWait(address), "pthread_barrier_wait", detail, null) == 1;
        } finally {
            MemoryClaim.exit(memory);
        }
    }

    /**
     * Tears it down ({@code pthread_barrier_destroy}; no party may be waiting) when this object initialised it; an
     * object that only opened it leaves that to its creator. Later calls do nothing.
     */
    @Override
    public void close() {
        destroyOnce(() -> Native.backend().barrierDestroy(address), "pthread_barrier_destroy");
    }
}
