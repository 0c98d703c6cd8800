package io.lwp4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lwp4j.testing.KernelView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * PID namespaces from the host's side: every task of the container's JVM has a host TID and a container TID,
 * and the kernel's {@code NSpid:} line in the host's {@code /proc/<host pid>/task/<tid>/status} is the truth lwp4j
 * is checked against.
 */
@Timeout(180)
@ExtendWith(RequiresDocker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PidNamespaceIT {
    static GenericContainer<?> container;
    static long hostPid;
    static Map<String, Integer> workers;

    @BeforeAll
    static void start() {
        container = Containers.workload(8, c -> {});
        hostPid = Containers.hostPid(container);
        workers = Ps.workerTids(container.getLogs());
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
    }

    /** Host TID to its {@code NSpid:} values, read from the host's /proc. */
    static Map<Integer, List<Integer>> hostNspids() throws IOException {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Paths.get("/proc/" + hostPid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String nspid = Files.readAllLines(t.resolve("status")).stream()
                        .filter(l -> l.startsWith("NSpid:")).findFirst().orElseThrow();
                out.put(Integer.valueOf(t.getFileName().toString()),
                        Stream.of(nspid.substring(6).trim().split("\\s+")).map(Integer::valueOf).toList());
            }
        }
        return out;
    }

    static String hostComm(int tid) throws IOException {
        return KernelView.comm(hostPid, tid);
    }

    @Test
    void everyTaskHasAHostAndAContainerTid() throws IOException {
        Map<Integer, List<Integer>> ns = hostNspids();
        ns.forEach((host, ids) -> {
            assertEquals(2, ids.size(), () -> host + " NSpid " + ids);
            assertEquals(host, ids.get(0), () -> "outermost NSpid of " + host);
        });
        assertEquals(List.of((int) hostPid, 1), ns.get((int) hostPid), "the JVM's main task: PID 1 inside");
        // The inner values are exactly the container's own view of its tasks.
        assertEquals(Containers.taskTids(container),
                ns.values().stream().map(v -> v.get(1)).collect(Collectors.toCollection(java.util.TreeSet::new)));
    }

    @Test
    void tidsLwp4jReportedInsideMapToTheSameThreadsOnTheHost() throws IOException {
        Map<Integer, List<Integer>> ns = hostNspids();
        Map<Integer, Integer> hostOf = new TreeMap<>();
        ns.forEach((host, ids) -> hostOf.put(ids.get(1), host));
        int differ = 0;
        for (Map.Entry<String, Integer> w : workers.entrySet()) {
            Integer host = hostOf.get(w.getValue());
            assertTrue(host != null, () -> w + " has no host task with that container TID: " + ns);
            assertEquals(w.getKey(), hostComm(host), "host task " + host);
            differ += host.equals(w.getValue()) ? 0 : 1;
        }
        assertNotEquals(0, differ, "lwp4j reported host TIDs inside the container, not the namespace's own");
    }

    @Test
    void lwp4jPsOnTheHostShowsBothTids() throws IOException {
        Map<Integer, List<Integer>> expected = hostNspids();
        List<JsonNode> tasks = Cli.tasks(Cli.onHost("ps", "--json", Long.toString(hostPid)));
        Map<Integer, List<Integer>> seen = new TreeMap<>();
        for (JsonNode t : tasks) {
            assertEquals(hostPid, t.get("pid").asLong(), t::toString);
            seen.put(t.get("tid").asInt(), Cli.ints(t.get("nspid")));
        }
        assertEquals(expected, seen, "lwp4j ps --json " + hostPid + " vs /proc/" + hostPid + "/task/*/status NSpid");
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: attaching adds threads to the container's JVM for good
    void lwp4jPsJavaOnTheHostPrintsHostAndContainerTids() throws IOException {
        Map<Integer, List<Integer>> before = hostNspids();
        // "    PID     TID  NS-TID COMM             JAVA-ID JAVA-STATE    DAEMON JAVA-NAME"
        List<String> rows = Cli.onHost("ps", "--java", Long.toString(hostPid)).lines().toList();
        assertEquals(List.of("PID", "TID", "NS-TID"), List.of(rows.get(0).trim().split("\\s+")).subList(0, 3), rows.get(0));
        Map<Integer, Integer> shown = new TreeMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.trim().split("\\s+");
            assertEquals(Long.toString(hostPid), f[0], row);
            shown.put(Integer.valueOf(f[1]), Integer.valueOf(f[2]));
        }
        Map<Integer, List<Integer>> after = hostNspids();
        // The Java side comes from the JVM in the container, read over the attach socket (no network needed): every
        // worker is named, parked, a daemon.
        long workers = rows.stream().filter(r -> r.matches(".*\\s\\d+\\s+WAITING\\s+yes\\s+lwp4j-worker-\\d+$")).count();
        assertEquals(8, workers, () -> String.join("\n", rows));
        before.forEach((host, ids) -> assertEquals(ids.get(1), shown.get(host), () -> "TID " + host + ": " + rows));
        shown.forEach((host, inner) -> assertEquals(List.of(host, inner), after.get(host), () -> "TID " + host));
    }
}
