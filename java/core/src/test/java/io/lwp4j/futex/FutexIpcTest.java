package io.lwp4j.futex;

import io.lwp4j.testing.ChildJvm;
import io.lwp4j.testing.FutexPingPong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.memory.NativeMemory;
import io.lwp4j.memory.SharedMemory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two JVMs meet on shared futexes in a SharedMemory they open by name: ping-pong, a mutex, a latch. */
class FutexIpcTest {

    static final long TURN = 0;
    static final long MUTEX = 4;
    static final long COUNTER = 8;
    static final long LATCH = 16;

    static void addLocked(NativeMemory shm, int adds) {
        FutexMutex m = FutexMutex.on(Futex.sharedOn(shm, MUTEX));
        for (int i = 0; i < adds; i++) {
            m.lock();
            shm.setLong(COUNTER, shm.getLong(COUNTER) + 1);
            m.unlock();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoJvmsWakeEachOtherThroughANamedMapping() throws Exception {
        String name = "lwp4j-test-ipc-" + ProcessHandle.current().pid();
        int rounds = 2_000;
        int adds = 20_000;
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            FutexLatch done = FutexLatch.on(Futex.sharedOn(shm, LATCH));
            done.reset(1);
            Process child = startChild(name, rounds, adds);
            try {
                FutexPingPong.play(Futex.sharedOn(shm, TURN), 0, rounds);
                addLocked(shm, adds);
                assertTrue(done.await(Duration.ofSeconds(60)), "the child never counted the latch down");
                assertTrue(child.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, child.exitValue());
                assertEquals(0, shm.getIntAcquire(TURN), "the last turn went back to the parent");
                assertEquals(2L * adds, shm.getLong(COUNTER), "no lost update between the processes");
                assertEquals(0, shm.getIntAcquire(MUTEX));
            } finally {
                child.destroyForcibly().waitFor();
            }
        } finally {
            SharedMemory.unlink(name);
        }
    }

    private static Process startChild(String name, int rounds, int adds) throws Exception {
        List<String> cmd = ChildJvm.command(List.of(), FutexIpcChild.class, name, Integer.toString(rounds),
                Integer.toString(adds));
        return new ProcessBuilder(cmd).inheritIO().start();
    }
}
