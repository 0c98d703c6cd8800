package io.lwp4j.futex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.futex.FutexTesting.Waiter;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java threads and raw clone()d tasks share one FutexMutex word and one FutexGate word. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FutexRawTaskTest {

    @Test
    void javaThreadsAndRawTasksExcludeEachOtherWithOneMutexWord() throws Exception {
        int rounds = 20_000;
        try (NativeMemory mem = NativeMemory.create(4096)) {
            FutexMutex mutex = FutexMutex.on(Futex.privateOn(mem, 0));
            FutexGate start = FutexGate.on(Futex.privateOn(mem, 4));
            TaskProgram program = TaskProgram.builder()
                    .await(mem, 4, 0) // the gate: wait while closed
                    .addLocked(mem, 8, rounds, mem, 0)
                    .build();
            List<RawTask> tasks = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    tasks.add(RawTask.spawn(CloneFlag.threadPreset(), program));
                }
                List<Waiter<Boolean>> javas = FutexTesting.start(2, "java-locker", () -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return false;
                    }
                    for (int i = 0; i < rounds; i++) {
                        mutex.lock();
                        mem.setLong(8, mem.getLong(8) + 1);
                        mutex.unlock();
                    }
                    return true;
                });
                start.open();
                for (Waiter<Boolean> w : javas) {
                    assertTrue(w.join());
                }
                for (RawTask t : tasks) {
                    assertTrue(t.join(Duration.ofSeconds(60)), "raw task " + t.tid() + " did not finish");
                    assertEquals(0, t.exitCode().getAsInt());
                }
            } finally {
                start.open();
                for (RawTask t : tasks) {
                    t.close();
                }
            }
            assertEquals(4L * rounds, mem.getLong(8), "no update lost between Java threads and raw tasks");
            assertEquals(0, mem.getIntAcquire(0), "the mutex ends free");
        }
    }
}
