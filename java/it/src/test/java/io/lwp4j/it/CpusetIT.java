package io.lwp4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;

/** A one-CPU container ({@code --cpuset-cpus 0}): the CPUs every task may run on are the cgroup's. */
@Timeout(180)
@ExtendWith(RequiresDocker.class)
class CpusetIT {
    static GenericContainer<?> container;
    static String cgroupCpus;

    @BeforeAll
    static void start() {
        container = Containers.workload(4, c -> c.withCreateContainerCmdModifier(
                cmd -> cmd.getHostConfig().withCpusetCpus("0")));
        // cgroup v1: cpuset/cpuset.cpus; v2: cpuset.cpus.effective at the container's cgroup root.
        cgroupCpus = Containers.exec(container, "sh", "-c",
                "cat /sys/fs/cgroup/cpuset/cpuset.cpus 2>/dev/null || cat /sys/fs/cgroup/cpuset.cpus.effective").trim();
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void theKernelConfinesEveryTaskToTheCgroupsCpus() {
        assertEquals("0", cgroupCpus, "the cgroup's cpuset");
        String lists = Containers.exec(container, "sh", "-c", "grep -h Cpus_allowed_list /proc/1/task/*/status");
        List<String> lines = lists.lines().toList();
        assertEquals(Containers.taskTids(container).size(), lines.size(), lists);
        lines.forEach(l -> assertEquals("Cpus_allowed_list:\t0", l));
        // The JVM sizes itself from its affinity: one CPU.
        assertEquals("1", Ps.value(container.getLogs().replace(' ', '\n'), "availableProcessors"));
    }

    @Test
    void lwp4jReadsTheCgroupsCpusForEveryTask() {
        List<JsonNode> inside = Cli.tasks(Cli.inContainer(container, "ps", "--json", "1"));
        List<JsonNode> outside = Cli.tasks(Cli.onHost("ps", "--json", Long.toString(Containers.hostPid(container))));
        assertFalse(inside.isEmpty());
        assertEquals(inside.size(), outside.size(), "tasks seen inside and from the host");
        for (JsonNode t : inside) {
            assertEquals(cgroupCpus, t.get("cpusAllowed").asText(), t::toString);
        }
        for (JsonNode t : outside) {
            assertEquals(cgroupCpus, t.get("cpusAllowed").asText(), t::toString);
        }
    }
}
