package io.lwp4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

/**
 * A container with {@code --pids-limit}: creating threads past the limit fails with EAGAIN, lwp4j names the limit
 * that bit (the cgroup's {@code pids.max}), the JVM stays alive, and creating works again once threads end.
 *
 * <p>Two kinds are checked: Java threads (a refused one is an {@code OutOfMemoryError: unable to create native
 * thread}, which {@link io.lwp4j.proc.ThreadLimits#exhausted} turns into a {@link io.lwp4j.ResourceLimitException})
 * and raw {@code clone()} tasks ({@link io.lwp4j.task.RawTask#spawn} throws the {@code ResourceLimitException}
 * itself), and lwp4j's native threads ({@link io.lwp4j.pthread.NativeThread}, whose {@code pthread_create} failure
 * is a {@code ResourceLimitException} naming the limit too).
 */
@Timeout(180)
@ExtendWith(RequiresDocker.class)
class PidsLimitIT {
    static final long LIMIT = 48;

    @Test
    void threadsPastThePidsLimitFailWithTheLimitNamedAndTheJvmLives() {
        String logs;
        try (GenericContainer<?> c = Containers.program(PidsLimitProbe.class)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPidsLimit(LIMIT))
                // Exit code 0 after "done" is the proof the JVM survived; anything else fails the start.
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(120)))) {
            c.start();
            logs = c.getLogs();
        }
        System.out.println(logs); // in target/failsafe-reports/*-output.txt
        String source = "/sys/fs/cgroup/pids/pids.max"; // cgroup v1 (this project's machines); v2 below
        String before = Ps.value(logs, "limit.before");
        if (before != null && before.contains("/sys/fs/cgroup/pids.max")) {
            source = "/sys/fs/cgroup/pids.max";
        }
        String l = logs;
        assertEquals("pids.max=" + LIMIT + " (current ", before.substring(0, before.indexOf("(current ") + 9),
                () -> "lwp4j's cgroup pids limit before: " + l);
        assertTrue(before.endsWith(" in " + source), before);

        int created = Integer.parseInt(Ps.value(logs, "created"));
        assertTrue(created > 0 && created < LIMIT, () -> "created " + created + ":\n" + l);
        assertTrue(Ps.value(logs, "oom").startsWith("unable to create native thread"), logs);
        // The JVM logs the errno pthread_create returned.
        assertTrue(logs.contains("pthread_create failed (EAGAIN)"), logs);

        assertEquals("EAGAIN", Ps.value(logs, "errno"), logs);
        String exception = Ps.value(logs, "exception");
        assertTrue(exception.startsWith("Thread.start(probe-" + created + ") failed: EAGAIN (11): "
                + "Resource temporarily unavailable — limit reached: pids.max=" + LIMIT + " (current " + LIMIT
                + ") in " + source), exception);

        assertEquals(created / 2, Integer.parseInt(Ps.value(logs, "created.again")), logs);

        int raw = Integer.parseInt(Ps.value(logs, "raw.created"));
        assertTrue(raw > 0 && raw < LIMIT, () -> "raw tasks created " + raw + ":\n" + l);
        String rawException = Ps.value(logs, "raw.exception");
        assertTrue(rawException.startsWith("clone(flags=[CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, "
                + "CLONE_SYSVSEM], stack=65536) failed: EAGAIN (11): Resource temporarily unavailable — limit reached: "
                + "pids.max=" + LIMIT), rawException);
        assertEquals(raw / 2, Integer.parseInt(Ps.value(logs, "raw.created.again")), logs);

        int natives = Integer.parseInt(Ps.value(logs, "native.created"));
        assertTrue(natives > 0 && natives < LIMIT, () -> "native threads created " + natives + ":\n" + l);
        String nativeException = Ps.value(logs, "native.exception");
        assertTrue(nativeException.startsWith("pthread_create(") && nativeException.contains(
                ") failed: EAGAIN (11): Resource temporarily unavailable — limit reached: pids.max=" + LIMIT),
                nativeException);
        assertEquals(natives / 2, Integer.parseInt(Ps.value(logs, "native.created.again")), logs);
        assertEquals("true", Ps.value(logs, "done"), logs);
    }
}
