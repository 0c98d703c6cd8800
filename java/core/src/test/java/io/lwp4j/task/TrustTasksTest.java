package io.lwp4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, "raw tasks that cannot take the JVM down": one test per item (4 to 8), each against the kernel. The
 * scenarios that would kill a JVM on a regression run in a child JVM ({@link io.lwp4j.testing.ChildJvm}), so a
 * regression fails the test instead of killing the test runner.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrustTasksTest {

    static long taskCount() throws Exception {
        try (Stream<?> s = Files.list(Paths.get("/proc/self/task"))) {
            return s.count();
        }
    }

    /** Item 5: a task sharing the JVM's handler table without being one of its threads is refused before clone. */
    @Test
    void item5_sighandWithoutThreadIsRefused() throws Exception {
        TaskProgram p = TaskProgram.builder().exit(0).build();
        for (EnumSet<CloneFlag> flags : java.util.List.of(EnumSet.of(CloneFlag.CLONE_VM, CloneFlag.CLONE_SIGHAND),
                EnumSet.of(CloneFlag.CLONE_VM, CloneFlag.CLONE_SIGHAND, CloneFlag.CLONE_FILES, CloneFlag.CLONE_FS))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RawTask.spawn(flags, p));
            assertTrue(e.getMessage().startsWith("CLONE_SIGHAND without CLONE_THREAD is refused"), e.getMessage());
            assertTrue(e.getMessage().contains("SIG_DFL"), e.getMessage()); // says why
        }
        // The thread preset (which has both) and a process-like task without SIGHAND stay accepted.
        CloneFlag.validate(CloneFlag.threadPreset(), false);
        CloneFlag.validate(EnumSet.of(CloneFlag.CLONE_VM, CloneFlag.CLONE_FILES), false);
    }
}
