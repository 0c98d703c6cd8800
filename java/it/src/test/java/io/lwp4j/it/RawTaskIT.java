package io.lwp4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

/**
 * Raw tasks under Docker's default seccomp profile, unprivileged: the profile answers {@code clone3} with ENOSYS,
 * lwp4j falls back to {@code clone}, and the tasks run, report their ids and exit codes as on the host.
 */
@Timeout(180)
@ExtendWith(RequiresDocker.class)
class RawTaskIT {

    @Test
    void clone3FallsBackToCloneUnderTheDefaultSeccompProfile() {
        String logs;
        try (GenericContainer<?> c = Containers.program(RawTaskProbe.class)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(120)))) {
            c.start();
            logs = c.getLogs();
        }
        System.out.println(logs);
        assertEquals("clone", Ps.value(logs, "method"), logs);
        assertEquals("true", Ps.value(logs, "joined"), logs);
        assertEquals("7", Ps.value(logs, "exit"), logs);
        assertEquals("true", Ps.value(logs, "tid.matches"), logs);
        assertEquals("true", Ps.value(logs, "tgid.is.jvm"), logs);
        assertEquals("clone", Ps.value(logs, "process.method"), logs);
        assertEquals("9", Ps.value(logs, "process.exit"), logs);
        assertEquals("true", Ps.value(logs, "done"), logs);
    }
}
