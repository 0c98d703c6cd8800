package io.lwp4j.pthread;

import io.lwp4j.memory.SharedMemory;

/**
 * The other process of {@link PthreadSyncTest}: opens the shared mapping by name ({@code args[0]}) and plays
 * {@code args[1]}: {@code hold} locks the robust mutex, says {@code locked} and waits to be killed; {@code signal}
 * meets the parent at the barrier, then sets the flag under the mutex and signals the condition variable.
 */
public final class SyncPeer {
    private SyncPeer() {}

    public static void main(String[] args) throws Exception {
        try (SharedMemory shm = SharedMemory.open(args[0])) {
            PthreadMutex m = PthreadMutex.open(shm, PthreadSyncTest.MUTEX);
            if (args[1].equals("hold")) {
                System.out.println("locked " + m.lock());
                System.out.flush();
                Thread.sleep(60_000); // killed long before
                return;
            }
            PthreadBarrier.open(shm, PthreadSyncTest.BARRIER).await();
            m.lock();
            shm.setIntRelease(PthreadSyncTest.FLAG, 1);
            PthreadCond.open(shm, PthreadSyncTest.COND).signal();
            m.unlock();
            System.out.println("signalled");
        }
    }
}
