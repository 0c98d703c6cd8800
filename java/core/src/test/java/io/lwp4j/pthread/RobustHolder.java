package io.lwp4j.pthread;

import io.lwp4j.memory.SharedMemory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The holder of {@link RobustHolderKillTest}: opens the mapping {@code args[0]}, says {@code ready}, and on the line
 * {@code go} locks the robust mutex at offset 0, says {@code locked <outcome>} and waits to be killed.
 */
public final class RobustHolder {
    private RobustHolder() {}

    public static void main(String[] args) throws Exception {
        try (SharedMemory shm = SharedMemory.open(args[0])) {
            PthreadMutex m = PthreadMutex.open(shm, 0);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.println("ready");
            System.out.flush();
            if (!"go".equals(in.readLine())) {
                return;
            }
            System.out.println("locked " + m.lock());
            System.out.flush();
            Thread.sleep(120_000); // killed long before
        }
    }
}
