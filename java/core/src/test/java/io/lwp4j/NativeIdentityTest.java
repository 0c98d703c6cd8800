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
    void getcpuIsAnAllowedCpu() throws Exception {
        long r = Native.backend().getcpu();
        assertTrue(r >= 0, "getcpu returned " + r);
        int cpu = (int) (r & 0xffffffffL);
        // The kernel only runs this thread on a CPU of its affinity mask: /proc/thread-self/status says which.
        String allowed = Files.readAllLines(Paths.get("/proc/thread-self/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                .substring("Cpus_allowed_list:".length()).trim();
        assertTrue(io.lwp4j.sched.CpuSet.parse(allowed).contains(cpu), "cpu " + cpu + " not in " + allowed);
        // The NUMA node: the node directory of that CPU in sysfs, when the kernel has NUMA.
        int node = (int) (r >>> 32);
        Path nodeDir = Paths.get("/sys/devices/system/cpu/cpu" + cpu + "/node" + node);
        assertTrue(!Files.exists(Paths.get("/sys/devices/system/node")) || Files.exists(nodeDir), nodeDir.toString());
    }
}
