package io.lwp4j.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code lwp4j demo server --serve} as a container's PID 1, its port 3000 published on the host's 127.0.0.1 only
 * (a bridge network: the one container test that needs one): the host fetches the image through it, byte for byte,
 * a traversal is refused, and {@code docker stop} (SIGTERM to PID 1) stops it cleanly with a summary.
 */
@Timeout(180)
@ExtendWith(RequiresDocker.class)
class ServeDemoIT {

    static byte[] get(int port, String target) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return s.getInputStream().readAllBytes();
        }
    }

    @Test
    void theHostFetchesAnImageFromTheServerInAContainer(@TempDir Path tmp) throws Exception {
        ExposedPort http = ExposedPort.tcp(3000);
        try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(Containers.image()))
                .withNetworkMode("bridge")
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withExposedPorts(http);
                    cmd.getHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), http));
                })
                .withCommand("demo", "server", "--serve", "--bind", "0.0.0.0", "--port", "3000")
                .waitingFor(Wait.forLogMessage(".*Ctrl-C.*\\n", 1).withStartupTimeout(Duration.ofSeconds(90)))) {
            c.start();
            Ports.Binding[] bound = c.getContainerInfo().getNetworkSettings().getPorts().getBindings().get(http);
            assertEquals("127.0.0.1", bound[0].getHostIp(), "published on the host's loopback only");
            int port = Integer.parseInt(bound[0].getHostPortSpec());

            Matcher dir = Pattern.compile("serves (/\\S+)/NAME").matcher(c.getLogs());
            assertTrue(dir.find(), c.getLogs());
            Path copy = tmp.resolve("mandelbrot.pgm");
            c.copyFileFromContainer(dir.group(1) + "/mandelbrot.pgm", copy.toString());
            byte[] file = Files.readAllBytes(copy);

            byte[] answer = get(port, "/mandelbrot.pgm");
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(text.startsWith("HTTP/1.1 200 "), text.substring(0, Math.min(200, text.length())));
            assertTrue(text.substring(0, end).contains("Content-Type: image/x-portable-graymap"), text.substring(0, end));
            assertArrayEquals(file, Arrays.copyOfRange(answer, end + 4, answer.length), "the file, byte for byte");

            String refused = new String(get(port, "/../../etc/passwd"), StandardCharsets.ISO_8859_1);
            assertTrue(refused.startsWith("HTTP/1.1 403 "), refused);

            DockerClientFactory.instance().client().stopContainerCmd(c.getContainerId()).withTimeout(30).exec();
            String logs = c.getLogs();
            assertTrue(logs.contains("lwp4j image server stopped") && logs.contains("200: 1"), logs);
        }
    }
}
