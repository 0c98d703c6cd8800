package io.lwp4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

/**
 * Native threads and scheduling inside containers: SCHED_FIFO with and without {@code --cap-add SYS_NICE}, and
 * affinity inside a {@code --cpuset-cpus} container.
 */
@Timeout(300)
@ExtendWith(RequiresDocker.class)
class SchedIT {

    /** Runs {@link SchedProbe} to its end in a container customised by {@code customize}; returns its output. */
    private static String probe(Consumer<GenericContainer<?>> customize) {
        try (GenericContainer<?> c = Containers.program(SchedProbe.class)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(120)))) {
            customize.accept(c);
            c.start();
            String out = c.getLogs();
            assertTrue(out.contains("done"), out);
            return out;
        }
    }

    @Test
    void fifoNeedsSysNiceInAContainer() {
        String without = probe(c -> { });
        assertTrue(without.contains("fifo=pthread_create(name=\"rt\", SCHED_FIFO, priority=10) failed: EPERM (1): "
                + "Operation not permitted — needs CAP_SYS_NICE"), without);
        String with = probe(c -> c.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withCapAdd(
                com.github.dockerjava.api.model.Capability.SYS_NICE)));
        // A kernel with CONFIG_RT_GROUP_SCHED gives Docker's cgroups no real-time budget (cpu.rt_runtime_us 0)
        // unless the daemon was started with one: then even SYS_NICE gets EPERM, and lwp4j says why.
        java.nio.file.Path budget = java.nio.file.Paths.get("/sys/fs/cgroup/cpu/docker/cpu.rt_runtime_us");
        if (readQuietly(budget).equals("0")) {
            assertTrue(with.contains("fifo=pthread_create(name=\"rt\", SCHED_FIFO, priority=10) failed: EPERM (1): "
                    + "Operation not permitted — CAP_SYS_NICE is there, but this cgroup has no real-time budget ("
                    + "/sys/fs/cgroup/cpu/"), with);
        } else {
            assertTrue(with.contains("fifo=started policy 1"), with);
        }
    }

    private static String readQuietly(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readString(p).trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void affinityInsideACpusetContainer() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String only = Integer.toString(cpus - 1); // the highest host CPU, so CPU 0 is outside
        String out = probe(c -> c.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withCpusetCpus(only)));
        assertTrue(out.contains("allowed=" + only + "\n"), out);
        assertTrue(out.contains("pinnedRanOn=" + only + "\n"), out);
        if (cpus > 1) {
            assertTrue(out.contains("outside=setAffinity(tid=0): CPU 0") && out.contains("is outside the CPUs this "
                    + "process may use (" + only + ", from /sys/fs/cgroup/"), out);
        }
        assertEquals(-1, out.indexOf("outside=accepted"), out);
    }
}
