package io.lwp4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lwp4j.testing.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;

/**
 * The {@code lwp4j} command as the tests use it: on the host ({@code java -jar java/cli/target/lwp4j.jar}) and
 * inside a container ({@code java -jar /opt/lwp4j/lwp4j.jar}, the image's entrypoint).
 *
 * <p>The interface the tests rely on:
 * <ul>
 *   <li>{@code lwp4j ps PID...}: exactly the rows {@code ps -eLf} prints for those PIDs, header included;</li>
 *   <li>{@code lwp4j ps --json PID...}: a JSON array with one object per task: {@code pid, tid, ppid, uid, name,
 *       state, nspid} (array, outermost namespace first, as {@code NSpid:} in status), {@code cpusAllowed}
 *       (a list like {@code "0-1"});</li>
 *   <li>{@code lwp4j ps --java --json PID...}: the same, plus {@code java: {id, name, state, daemon}} on each task
 *       that is a Java thread of that JVM (reached through the attach API when it is another JVM).</li>
 * </ul>
 */
final class Cli {
    private Cli() {}

    static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the CLI on the host with this JVM's java; returns stdout, failing the test on a non-zero exit. */
    static String onHost(String... args) {
        List<String> cmd = hostCommand(args);
        Result r = run(cmd);
        assertEquals(0, r.exit, () -> String.join(" ", cmd) + " exited " + r.exit + ": " + r.err + r.out);
        return r.out;
    }

    /** Runs the CLI inside the container; returns stdout, failing the test on a non-zero exit. */
    static String inContainer(GenericContainer<?> c, String... args) {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", Containers.IN_CONTAINER_JAR));
        cmd.addAll(List.of(args));
        return Containers.exec(c, cmd.toArray(new String[0]));
    }

    /** {@code lwp4j ps --json PID...} parsed. */
    static List<JsonNode> tasks(String json) {
        try {
            JsonNode a = JSON.readTree(json);
            assertTrue(a.isArray(), () -> "not a JSON array: " + json);
            List<JsonNode> out = new ArrayList<>();
            a.forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** A JSON array of integers ({@code nspid}) as a list. */
    static List<Integer> ints(JsonNode array) {
        assertTrue(array != null && array.isArray(), "not an array: " + array);
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private static List<String> hostCommand(String... args) {
        return ChildJvm.jarCommand(ChildJvm.java(), List.of(), Containers.CLI_JAR, args);
    }

    record Result(int exit, String out, String err) {}

    static Result run(List<String> cmd) {
        try {
            java.io.File err = java.io.File.createTempFile("lwp4j-it-cli", ".err");
            try {
                // stderr to a file: a process blocked on a full stderr pipe while we read stdout would never end.
                Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectError(err).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", cmd) + " did not end within 60 s");
                }
                return new Result(p.exitValue(), out, java.nio.file.Files.readString(err.toPath()));
            } finally {
                err.delete();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
