package io.lwp4j.futex;

import io.lwp4j.memory.SharedMemory;
import io.lwp4j.testing.FutexPingPong;

/**
 * The other process of {@link FutexIpcTest}: opens the shared mapping by name, plays the ping-pong as player 1,
 * adds to the counter under the shared mutex, then counts the latch down. Exit code 0 = done.
 */
public final class FutexIpcChild {

    private FutexIpcChild() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[1]);
        int adds = Integer.parseInt(args[2]);
        try (SharedMemory shm = SharedMemory.open(args[0])) {
            FutexPingPong.play(Futex.sharedOn(shm, FutexIpcTest.TURN), 1, rounds);
            FutexIpcTest.addLocked(shm, adds);
            FutexLatch.on(Futex.sharedOn(shm, FutexIpcTest.LATCH)).countDown();
        }
    }
}
