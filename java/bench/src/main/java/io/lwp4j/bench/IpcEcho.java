package io.lwp4j.bench;

import io.lwp4j.futex.Futex;
import io.lwp4j.memory.SharedMemory;

/**
 * The other JVM of {@link IpcPingPongBench}: {@code futex NAME} is the echo of {@link PingPong} on the shared word
 * of SharedMemory NAME; {@code pipe NAME} echoes stdin to stdout byte by byte until end of input.
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
            PingPong.echo(Futex.sharedOn(shm, 0));
        }
    }
}
