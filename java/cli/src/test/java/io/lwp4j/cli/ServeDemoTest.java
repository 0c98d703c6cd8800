package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.cli.demo.DemoSupport;
import io.lwp4j.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lwp4j demo server --serve}, run as its own process (as a user runs it) and spoken to over real HTTP on
 * loopback: file bytes, Content-Type, 404, every traversal form refused, bounded requests, NLWP with slow clients
 * (rising per connection, fixed with a pool), and a clean stop with a summary on SIGTERM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeDemoTest {

    /** A server process and the lines it printed. */
    static final class Server implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = new ArrayList<>();
        final int port;

        Server(Path dir, String... extra) throws Exception {
            List<String> cmd = new ArrayList<>(ChildJvm.command(List.of(), List.of("-Xmx64m"), Main.class, "demo",
                    "server", "--serve", "--port", "0", "--dir", dir.toString()));
            cmd.addAll(Arrays.asList(extra));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "server-output");
            reader.setDaemon(true);
            reader.start();
            Pattern p = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
            while (true) {
                String l = next(20);
                Matcher m = p.matcher(l);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    return;
                }
            }
        }

        String next(int seconds) throws InterruptedException {
            String l = lines.poll(seconds, TimeUnit.SECONDS);
            if (l == null) {
                throw new AssertionError("the server printed nothing for " + seconds + " s; so far: " + all);
            }
            all.add(l);
            return l;
        }

        int nlwp() {
            return DemoSupport.nlwpOf(process.pid());
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    record Response(int status, String headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends {@code target} exactly as given (no client-side normalisation) and reads the whole answer. */
    static Response get(int port, String target) throws IOException {
        return raw(port, ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    static Response raw(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            byte[] all = s.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, "no response head: " + text);
            String head = text.substring(0, end);
            int status = Integer.parseInt(head.split(" ")[1]);
            return new Response(status, head, Arrays.copyOfRange(all, end + 4, all.length));
        }
    }

    static Path files(Path dir) throws IOException {
        Path served = Files.createDirectory(dir.resolve("images"));
        byte[] png = new byte[300_000];
        new Random(42).nextBytes(png);
        Files.write(served.resolve("cat.png"), png);
        Files.writeString(served.resolve("note.txt"), "hello\n");
        Files.createDirectory(served.resolve("sub"));
        Files.write(served.resolve("sub/dog.jpg"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("secret.txt"), "SECRET outside the served directory\n");
        Files.createSymbolicLink(served.resolve("escape.png"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(served.resolve("passwd.png"), Paths.get("/etc/passwd"));
        Files.createSymbolicLink(served.resolve("inside.png"), served.resolve("cat.png"));
        return served;
    }

    @Test
    void servesFilesRefusesEveryTraversalAndStopsCleanlyOnSigterm(@TempDir Path tmp) throws Exception {
        Path dir = files(tmp);
        try (Server s = new Server(dir, "--mode", "per-connection")) {
            Response cat = get(s.port, "/cat.png");
            assertEquals(200, cat.status(), cat.headers());
            assertTrue(cat.headers().contains("Content-Type: image/png"), cat.headers());
            assertArrayEquals(Files.readAllBytes(dir.resolve("cat.png")), cat.body(), "the file's bytes, unchanged");
            Response note = get(s.port, "/note.txt");
            assertTrue(note.headers().contains("Content-Type: text/plain"), note.headers());
            assertEquals("hello\n", note.text());
            Response dog = get(s.port, "/sub/dog.jpg");
            assertTrue(dog.headers().contains("Content-Type: image/jpeg"), dog.headers());
            assertArrayEquals(new byte[] {1, 2, 3}, dog.body());
            assertEquals(200, get(s.port, "/inside.png").status(), "a link that stays inside DIR is served");
            assertEquals(404, get(s.port, "/missing.png").status());
            assertEquals(404, get(s.port, "/%252e%252e/secret.txt").status(),
                    "decoded once: a literal name '%2e%2e', which does not exist");

            for (String evil : List.of("/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt",
                    "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
                    "/sub/%2e%2e/%2e%2e/secret.txt", "/./note.txt", "//etc/passwd", "/%2fetc/passwd",
                    "/%2Fetc%2Fpasswd", "/..%5csecret.txt", "/escape.png", "/passwd.png", "/sub/..",
                    "http://127.0.0.1/etc/passwd", "/..%00/secret.txt", "/%", "/%zz")) {
                Response r = get(s.port, evil);
                assertTrue(r.status() == 403 || r.status() == 400, evil + " answered " + r.status());
                assertFalse(r.text().contains("SECRET") || r.text().contains("root:"), evil + ": " + r.text());
            }
            byte[] big = ("GET /cat.png HTTP/1.1\r\nX-Pad: " + "a".repeat(9000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            assertEquals(431, raw(s.port, big).status(), "a request head over 8 KiB");
            assertEquals(405, raw(s.port, "POST /cat.png HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII))
                    .status());

            // SIGTERM, as `kill PID` sends it. Not Process.destroy(): it also closes our end of the output pipe.
            assertTrue(s.process.toHandle().destroy());
            assertTrue(s.process.waitFor(30, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
            int code = s.process.exitValue();
            assertTrue(code == 143 || code == 0, "exit code " + code);
            String summary = null;
            List<String> after = new ArrayList<>();
            for (String l = s.lines.poll(10, TimeUnit.SECONDS); l != null && summary == null;
                    l = s.lines.poll(10, TimeUnit.SECONDS)) {
                after.add(l);
                if (l.startsWith("lwp4j image server stopped")) {
                    summary = l;
                }
            }
            assertTrue(summary != null, "no summary; printed: " + after);
            assertTrue(summary != null && summary.contains("200: 4") && summary.contains("404: 2"),
                    "summary: " + summary);
        }
    }

    /** Opens {@code n} connections that send half a request and stop: each holds whatever serves it. */
    static List<Socket> slowClients(int port, int n) throws IOException {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket c = new Socket(InetAddress.getLoopbackAddress(), port);
            OutputStream o = c.getOutputStream();
            o.write("GET /cat.png HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            slow.add(c);
        }
        return slow;
    }

    static int settledNlwp(Server s) throws InterruptedException {
        int last = -1;
        for (int i = 0; i < 50; i++) {
            int n = s.nlwp();
            if (n == last) {
                return n;
            }
            last = n;
            Thread.sleep(100);
        }
        return last;
    }

    @Test
    void nlwpRisesWithSlowClientsPerConnectionAndStaysFixedWithAPool(@TempDir Path tmp) throws Exception {
        Path dir = files(tmp);
        int slowCount = 16;
        for (String mode : List.of("per-connection", "pool")) {
            try (Server s = new Server(dir, "--mode", mode, "--pool", "4")) {
                assertEquals(200, get(s.port, "/cat.png").status());
                int before = settledNlwp(s);
                List<Socket> slow = slowClients(s.port, slowCount);
                try {
                    int during = before;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (System.nanoTime() < deadline) {
                        during = s.nlwp();
                        if (mode.equals("per-connection") && during >= before + slowCount) {
                            break;
                        }
                        Thread.sleep(50);
                    }
                    if (mode.equals("per-connection")) {
                        assertTrue(during >= before + slowCount, "per-connection: NLWP " + before + " -> " + during
                                + " with " + slowCount + " slow clients");
                    } else {
                        assertTrue(during <= before + 2, "pool: NLWP " + before + " -> " + during + " with "
                                + slowCount + " slow clients (the 4 pool threads serve them in turn)");
                    }
                } finally {
                    for (Socket c : slow) {
                        c.close();
                    }
                }
            }
        }
    }

    @Test
    void virtualModeServesTheSameBytes(@TempDir Path tmp) throws Exception {
        Path dir = files(tmp);
        try (Server s = new Server(dir, "--mode", "virtual")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("cat.png")), get(s.port, "/cat.png").body());
            assertEquals(403, get(s.port, "/%2e%2e/secret.txt").status());
            assertNotEquals(0, s.nlwp());
        }
    }

    @Test
    void connectionsBeyondTheBoundAreAnswered503(@TempDir Path tmp) throws Exception {
        Path dir = files(tmp);
        try (Server s = new Server(dir, "--mode", "per-connection", "--max-connections", "2")) {
            List<Socket> slow = slowClients(s.port, 2);
            try {
                Thread.sleep(300); // both accepted and held
                assertEquals(503, get(s.port, "/cat.png").status());
            } finally {
                for (Socket c : slow) {
                    c.close();
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                status = get(s.port, "/cat.png").status();
            }
            assertEquals(200, status, "served again once the slow clients left");
        }
    }
}
