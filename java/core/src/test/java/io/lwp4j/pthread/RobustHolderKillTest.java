package io.lwp4j.pthread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.memory.SharedMemory;
import io.lwp4j.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hostile-input suite's dying peer: a process holding a robust, process-shared mutex is SIGKILLed
 * 100 times in a row; each time the waiting locker must get {@code EOWNERDEAD} and have the mutex consistent and
 * free again within 1 s of the kill. Holders are started a few ahead (each waits for "go") so that the JVM start-up
 * of one overlaps the rounds of the others.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RobustHolderKillTest {
    /** 100; {@code -Dlwp4j.test.robustKills=N} changes it for a quick local run. */
    private static final int ROUNDS = Integer.getInteger("lwp4j.test.robustKills", 100);
    private static final int AHEAD = 3;

    private record Holder(Process process, BufferedReader out, PrintStream in) {}

    private static Holder start(String name) throws Exception {
        Process p = new ProcessBuilder(ChildJvm.command(List.of(),
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"), RobustHolder.class, name))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new Holder(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
                new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void aHolderSigkilled100TimesInARowIsRecoveredWithinOneSecondEachTime() throws Exception {
        String name = "lwp4j-test-robust100-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Deque<Holder> ready = new ArrayDeque<>();
        List<Long> recoveryMicros = new ArrayList<>();
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            PthreadMutex m = PthreadMutex.create(shm, 0, true);
            for (int round = 0; round < ROUNDS; round++) {
                while (ready.size() < Math.min(AHEAD, ROUNDS - round)) {
                    ready.add(start(name));
                }
                Holder h = ready.poll();
                try {
                    assertEquals("ready", h.out().readLine(), "round " + round);
                    h.in().println("go");
                    assertEquals("locked ACQUIRED", h.out().readLine(),
                            "round " + round);
                    // The next locker waits in lock() on its own thread while the holder is killed.
                    CompletableFuture<Long> recovered = new CompletableFuture<>();
                    long[] killedAt = new long[1];
                    Thread locker = new Thread(() -> {
                        try {
                            LockOutcome o = m.tryLock(Duration.ofSeconds(30));
                            if (o != LockOutcome.OWNER_DIED) {
                                throw new AssertionError("outcome " + o);
                            }
                            m.makeConsistent();
                            m.unlock();
                            recovered.complete(System.nanoTime());
                        } catch (Throwable t) {
                            recovered.completeExceptionally(t);
                        }
                    }, "locker-" + round);
                    locker.setDaemon(true);
                    locker.start();
                    Thread.sleep(5); // most rounds: the locker is asleep in the kernel when the holder dies
                    killedAt[0] = System.nanoTime();
                    h.process().destroyForcibly(); // SIGKILL
                    long done = recovered.get(30, TimeUnit.SECONDS);
                    long micros = (done - killedAt[0]) / 1000;
                    recoveryMicros.add(micros);
                    assertTrue(micros < 1_000_000, "round " + round + ": recovered " + micros + " µs after SIGKILL");
                    assertTrue(h.process().waitFor(30, TimeUnit.SECONDS));
                } finally {
                    h.process().destroyForcibly();
                }
            }
            assertEquals(LockOutcome.ACQUIRED, m.tryLock(Duration.ofSeconds(1)), "consistent after 100 deaths");
            m.unlock();
            m.close();
        } finally {
            for (Holder h : ready) {
                h.process().destroyForcibly();
            }
            SharedMemory.unlink(name);
        }
        recoveryMicros.sort(null);
        System.out.println("RobustHolderKillTest: " + ROUNDS + " kills, recovery after SIGKILL median "
                + recoveryMicros.get(ROUNDS / 2) + " µs, max " + recoveryMicros.get(ROUNDS - 1) + " µs");
        assertEquals(ROUNDS, recoveryMicros.size());
    }
}
