package io.lwp4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;

/**
 * {@code lwp4j top} on a JVM in a container, from inside (an image with no {@code ps}, {@code top} or {@code jstack}
 * needed: the command reads {@code /proc} and the JVM's attach socket) and from the host (the JVM's tasks under
 * their host TIDs, joined with its Java threads through {@code NSpid}): the same Java names on the same tasks.
 */
@Timeout(240)
@ExtendWith(RequiresDocker.class)
class TopContainerIT {
    static GenericContainer<?> container;
    static long hostPid;

    @BeforeAll
    static void start() {
        container = Containers.workload(4, c -> {});
        hostPid = Containers.hostPid(container);
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
    }

    /** The {@code --json} line's workers: the TID in the container's namespace to the Java name. */
    static Map<Integer, String> workers(String jsonLines, long pid, boolean fromHost) throws IOException {
        String[] lines = jsonLines.strip().split("\n");
        assertEquals(1, lines.length, jsonLines);
        JsonNode o = Cli.JSON.readTree(lines[0]);
        assertTrue(o.get("time").isTextual() && o.get("intervalSeconds").isNumber(), lines[0]);
        Map<Integer, String> out = new TreeMap<>();
        for (JsonNode t : o.get("threads")) {
            assertEquals(pid, t.get("pid").asLong(), t::toString);
            String name = t.get("javaName").isNull() ? null : t.get("javaName").asText();
            if (name != null && name.startsWith(Workload.WORKER_PREFIX)) {
                assertEquals("WAITING", t.get("javaState").asText(), t::toString);
                assertTrue(t.get("cpu").asDouble() < 5, "a parked worker is idle: " + t);
                int nsTid = t.get("nsTid").asInt();
                if (fromHost) {
                    assertTrue(nsTid != t.get("tid").asInt(), "the host sees another TID than the container: " + t);
                } else {
                    assertEquals(nsTid, t.get("tid").asInt(), t::toString);
                }
                out.put(nsTid, name);
            }
        }
        return out;
    }

    @Test
    void insideAndFromTheHostTheSameTasksHaveTheSameJavaNames() throws IOException {
        // Inside: the workload JVM is PID 1 of the container.
        String inside = Cli.inContainer(container, "top", "-b", "-n", "1", "-d", "1", "-p", "1", "--json");
        Map<Integer, String> in = workers(inside, 1, false);
        assertEquals(4, in.size(), inside);

        String host = Cli.onHost("top", "-b", "-n", "1", "-d", "1", "-p", Long.toString(hostPid), "--json");
        Map<Integer, String> out = workers(host, hostPid, true);
        assertEquals(in, out, "the workers by container TID, inside vs from the host");
    }
}
