package io.lwp4j.bench;

import io.lwp4j.futex.Futex;
import io.lwp4j.memory.SharedMemory;

/**
 * The other JVM of {@link IpcPingPongBench}: {@code futex NAME} answers every 1 in the shared word with 0 (and a
 * FUTEX_WAKE) until the word is 2; {@code pipe NAME} echoes stdin to stdout byte by byte until end of input.
 */
public final class IpcEcho {

    private IpcEcho() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("pipe")) {
            int b;
            while ((b = System.in.read()) >= 0) {
                System.out.write(b);
                System.out.flush();
            }
            return;
        }
        try (SharedMemory shm = SharedMemory.open(args[1])) {
            Futex<Futex.Shared> turn = Futex.sharedOn(shm, 0);
            while (true) {
                int t = turn.value();
                if (t == 2) {
                    return;
                }
                if (t != 1) {
                    turn.await(t);
                    continue;
                }
                shm.setIntRelease(0, 0);
                turn.wake(1);
            }
        }
    }
}
