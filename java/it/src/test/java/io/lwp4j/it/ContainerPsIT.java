package io.lwp4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.HostConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;

/**
 * Inside a container running a thread-heavy Java program as PID 1: what lwp4j reports is what the container's own
 * {@code ps -eLf} and {@code /proc} show, with the container's (namespace-local) TIDs.
 */
@Timeout(180)
@ExtendWith(RequiresDocker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerPsIT {
    static final int WORKERS = 16;
    static GenericContainer<?> container;
    static Map<String, Integer> workers;

    @BeforeAll
    static void start() {
        container = Containers.workload(WORKERS, c -> {});
        workers = Ps.workerTids(container.getLogs());
        assertEquals(WORKERS, workers.size(), container::getLogs);
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void javaThreadTidsFromLwp4jAreTheContainersOwn() {
        // lwp4j's JavaThreads.currentTid() in each worker, against the container's ps: same TID, same thread name.
        Map<Integer, String> comm = new HashMap<>();
        for (String line : Containers.exec(container, "ps", "-L", "-p", "1", "-o", "lwp=,comm=").split("\n")) {
            String[] f = line.trim().split("\\s+", 2);
            comm.put(Integer.valueOf(f[0]), f[1]);
        }
        workers.forEach((name, tid) -> assertEquals(name, comm.get(tid),
                () -> name + " says lwp4j gave it TID " + tid + "; the container's ps -L shows " + comm));
        Set<Integer> tids = Containers.taskTids(container);
        assertTrue(tids.containsAll(workers.values()), () -> workers + " not all in /proc/1/task " + tids);
    }

    @Test
    void psNlwpIsTheProcTaskCount() {
        String out = Containers.exec(container, "sh", "-c", "ps -eLf; echo --; ls /proc/1/task | wc -l");
        String[] parts = out.split("--\n");
        List<String> rows = Ps.rowsOf(parts[0], 1);
        int tasks = Integer.parseInt(parts[1].trim());
        assertEquals(tasks, rows.size() - 1, () -> String.join("\n", rows));
        for (String row : rows.subList(1, rows.size())) {
            assertEquals(Integer.toString(tasks), Ps.column(row, 5), row);
        }
        assertTrue(tasks >= WORKERS + 2, "tasks " + tasks);
    }

    @Test
    void lwp4jPsRenderingEqualsTheContainersPs() {
        // ps and lwp4j look at slightly different instants. The rows are the same tasks (the workload is parked and
        // its JVM makes no threads), but C (CPU % over the task's life) moves fast in a young container, and TIME
        // may tick. Best: lwp4j's rows equal one of the two looks of ps around them. Else (after five tries) every
        // character but C and TIME must equal, and those must lie between the two looks.
        List<String> before = null;
        List<String> mine = null;
        List<String> after = null;
        boolean identical = false;
        for (int attempt = 0; attempt < 5 && !identical; attempt++) {
            before = Ps.rowsOf(Containers.exec(container, "ps", "-eLf"), 1);
            mine = List.of(Cli.inContainer(container, "ps", "1").split("\n"));
            after = Ps.rowsOf(Containers.exec(container, "ps", "-eLf"), 1);
            identical = mine.equals(before) || mine.equals(after);
        }
        if (!identical) {
            Ps.assertSameRowsCpuBetween(before, mine, after);
        }
        assertEquals(Containers.taskTids(container).size(), Integer.parseInt(Ps.column(mine.get(1), 5)), "NLWP vs /proc/1/task");
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: attaching adds threads to PID 1 for good
    void lwp4jPsJsonGivesContainerTidsAndJavaThreads() {
        // --java: the CLI's own JVM attaches to PID 1 (same user, same /tmp) and joins its threads by TID.
        // Attaching makes PID 1 start threads of its own (Attach Listener, the JMX agent's): lwp4j's set lies between
        // the tasks before and after it looked.
        Set<Integer> before = Containers.taskTids(container);
        List<JsonNode> tasks = Cli.tasks(Cli.inContainer(container, "ps", "--java", "--json", "1"));
        Set<Integer> after = Containers.taskTids(container);
        Set<Integer> seen = tasks.stream().map(t -> t.get("tid").asInt()).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(seen.containsAll(before) && after.containsAll(seen),
                () -> "lwp4j saw " + seen + "; /proc/1/task before " + before + ", after " + after);
        int named = 0;
        for (JsonNode t : tasks) {
            assertEquals(1, t.get("pid").asInt(), t::toString);
            // Inside the container there is one PID namespace level: NSpid is the TID itself.
            assertEquals(List.of(t.get("tid").asInt()), Cli.ints(t.get("nspid")), t::toString);
            String name = t.get("name").asText();
            if (workers.containsKey(name)) {
                named++;
                assertEquals(workers.get(name).intValue(), t.get("tid").asInt(), t::toString);
                JsonNode java = t.get("java");
                assertTrue(java != null && java.isObject(), () -> "no Java thread joined: " + t);
                assertEquals(name, java.get("name").asText(), t::toString);
                assertTrue(java.get("daemon").asBoolean(), t::toString);
            }
        }
        assertEquals(WORKERS, named, "worker threads found by name");
    }

    @Test
    void runsUnprivilegedUnderDockersDefaultSeccompProfile() {
        HostConfig hc = container.getContainerInfo().getHostConfig();
        assertNotEquals(Boolean.TRUE, hc.getPrivileged(), "privileged");
        assertTrue(hc.getCapAdd() == null || hc.getCapAdd().length == 0, "added capabilities");
        assertTrue(hc.getSecurityOpts() == null || hc.getSecurityOpts().isEmpty(), () -> "" + hc.getSecurityOpts());
        String status = Containers.exec(container, "cat", "/proc/1/status");
        // 2 = SECCOMP_MODE_FILTER: the default profile is in force; Docker's default capability set, no more.
        assertTrue(status.contains("\nSeccomp:\t2\n"), status);
        assertTrue(status.contains("\nCapEff:\t00000000a80425fb\n"), status);
    }
}
