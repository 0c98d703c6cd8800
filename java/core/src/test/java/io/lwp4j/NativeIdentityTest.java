package io.lwp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.internal.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The identity calls of the shim, checked against what the kernel shows in /proc. */
class NativeIdentityTest {

    @Test
    void backendIsTheForcedOne() {
        assertTrue(Lwp4j.isAvailable(), () -> "unavailable: " + Lwp4j.unavailabilityCause());
        String forced = System.getProperty("lwp4j.backend");
        if (forced != null) {
            assertEquals(forced, Lwp4j.backendName());
        }
    }

    @Test
    void gettidIsThreadSelf() throws Exception {
        long tid = Native.backend().gettid();
        Path self = Files.readSymbolicLink(Paths.get("/proc/thread-self"));
        assertEquals(ProcessHandle.current().pid() + "/task/" + tid, self.toString());
    }

    @Test
    void getpidIsThisProcess() {
        assertEquals(ProcessHandle.current().pid(), Native.backend().getpid());
    }

    @Test
    void getcpuIsAnAllowedCpu() {
        long r = Native.backend().getcpu();
        assertTrue(r >= 0, "getcpu returned " + r);
        int cpu = (int) (r & 0xffffffffL);
        assertTrue(cpu < Runtime.getRuntime().availableProcessors() + 64, "cpu " + cpu);
    }
}
