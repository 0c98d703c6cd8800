package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.JvmAttach;
import io.lwp4j.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lwp4j ps --java} against hostile and fragile peers: real processes, real signals
 * (only to processes this test started), real sockets.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PsJavaTrustTest {

    /** A child JVM running {@code main} with {@code args}, after it printed "ready". */
    static Process startJava(Class<?> main, String... args) throws Exception {
        return ChildJvm.startReady(List.of(), List.of(), main, args).process();
    }

    static void stop(Process p) throws Exception {
        p.getOutputStream().close();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** A bash that records each SIGQUIT it gets in {@code dir/quit} and runs with {@code dir} as its cwd. */
    static Process quitRecorder(Path dir) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "trap 'echo QUIT >> quit' QUIT; echo ready; "
                + "for i in $(seq 1200); do sleep 0.1; done").directory(dir.toFile()).start();
        assertEquals("ready", new BufferedReader(new InputStreamReader(p.getInputStream())).readLine());
        return p;
    }

    @Test
    void item11_noSigquitToNonJvms(@TempDir Path dir) throws Exception {
        Process bash = quitRecorder(dir);
        try {
            // It catches SIGQUIT (as nginx does), so only the libjvm.so evidence keeps it from being "a JVM".
            assertFalse(JvmAttach.sigquitIsSafe((int) bash.pid()));
            CliTest.Result all = CliTest.run("ps", "--java", "--timeout", "2");
            assertTrue(all.out().lines().anyMatch(l -> l.trim().startsWith(bash.pid() + " ")), all.out());
            CliTest.Result named = CliTest.run("ps", "--java", "--timeout", "2", Long.toString(bash.pid()));
            assertEquals(0, named.code(), named.err());
            assertTrue(named.err().contains("not a JVM by evidence"), named.err());
            Thread.sleep(300); // a SIGQUIT sent would be recorded by now (the trap runs between sleeps of 0.1 s)
            assertFalse(Files.exists(dir.resolve("quit")), "the non-JVM got SIGQUIT");
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(".attach_pid")).toList());
            }
            assertTrue(bash.isAlive());
        } finally {
            bash.destroy();
            bash.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void item11_anUnnamedJvmWithoutAListenerIsNotSignalled() throws Exception {
        Process jvm = startJava(Sleeper.class);
        try {
            assertTrue(JvmAttach.attachSocket((int) jvm.pid()).isEmpty());
            CliTest.Result all = CliTest.run("ps", "--java", "--timeout", "2");
            assertTrue(all.out().lines().anyMatch(l -> l.trim().startsWith(jvm.pid() + " ")), all.out());
            assertTrue(JvmAttach.attachSocket((int) jvm.pid()).isEmpty(), "the listing started the JVM's listener");
            assertFalse(all.out().lines().anyMatch(l -> l.endsWith(" sleeper-worker") && l.contains("TIMED_WAITING")),
                    all.out());
            // Named, it is a JVM by evidence: the handshake is allowed, and then the listing sees it too.
            assertTrue(JvmAttach.sigquitIsSafe((int) jvm.pid()));
            CliTest.Result named = CliTest.run("ps", "--java", Long.toString(jvm.pid()));
            assertTrue(named.out().contains(" sleeper-worker"), named.out() + named.err());
            assertTrue(JvmAttach.attachSocket((int) jvm.pid()).isPresent());
        } finally {
            stop(jvm);
        }
    }

    @Test
    void item11_anAttachSocketOwnedByAnotherUserIsNoEvidence() throws Exception {
        Path self = Paths.get("/proc/self");
        org.junit.jupiter.api.Assumptions.assumeTrue((Integer) Files.getAttribute(self, "unix:uid") == 0,
                "needs root to give the socket away (CI runs as root)");
        Process peer = startJava(FakeAttachPeer.class, "silent");
        try {
            Path socket = Paths.get("/tmp/.java_pid" + peer.pid());
            assertTrue(JvmAttach.attachSocket((int) peer.pid()).isPresent());
            Files.setAttribute(socket, "unix:uid", 65534); // planted by another user, as it were
            assertTrue(JvmAttach.attachSocket((int) peer.pid()).isEmpty());
            assertThrows(JvmAttach.NotAttachableException.class,
                    () -> JvmAttach.threadDump((int) peer.pid(), Duration.ofSeconds(1)));
            CliTest.Result all = CliTest.run("ps", "--java", "--timeout", "1");
            assertFalse(all.err().contains("process " + peer.pid() + " "), all.err()); // not even asked
        } finally {
            stop(peer);
        }
    }

    @Test
    void item12_aPeerThatNeverAnswersIsReportedWithinTheDeadline() throws Exception {
        Process peer = startJava(FakeAttachPeer.class, "silent");
        try {
            long t0 = System.nanoTime();
            CliTest.Result r = CliTest.run("ps", "--java", "--timeout", "1", Long.toString(peer.pid()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5_000, ms + " ms");
            assertTrue(r.err().contains("process " + peer.pid() + " did not answer"), r.err());
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(peer.pid() + " ")), r.out());
            // The no-PID listing asks it too (its socket is the evidence) and does not hang either.
            CliTest.Result all = CliTest.run("ps", "--java", "--timeout", "1");
            assertTrue(all.err().contains("process " + peer.pid() + " did not answer"), all.err());
            assertThrows(JvmAttach.NoAnswerException.class,
                    () -> JvmAttach.threadDump((int) peer.pid(), Duration.ofMillis(300)));
        } finally {
            stop(peer);
        }
    }

    @Test
    void item12_aFloodIsCutOffAtTheSizeBound() throws Exception {
        Process peer = startJava(FakeAttachPeer.class, "flood");
        try {
            // The flood is endless (100 GiB); the reader stops at its bound, long before the 30 s deadline.
            JvmAttach.NoAnswerException e = assertThrows(JvmAttach.NoAnswerException.class,
                    () -> JvmAttach.threadDump((int) peer.pid(), Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("more than " + JvmAttach.MAX_ANSWER_BYTES), e.getMessage());
            CliTest.Result r = CliTest.run("ps", "--java", "--timeout", "1", Long.toString(peer.pid()));
            assertTrue(r.err().contains("did not answer"), r.err());
        } finally {
            stop(peer);
        }
    }

    @Test
    void item12_garbageIsRefusedNotParsed() throws Exception {
        Process peer = startJava(FakeAttachPeer.class, "garbage");
        try {
            JvmAttach.NotAttachableException e = assertThrows(JvmAttach.NotAttachableException.class,
                    () -> JvmAttach.threadDump((int) peer.pid(), Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("not the attach protocol"), e.getMessage());
        } finally {
            stop(peer);
        }
    }

    @Test
    void item12_aStoppedJvmDidNotAnswer() throws Exception {
        Process jvm = startJava(Sleeper.class);
        try {
            CliTest.Result first = CliTest.run("ps", "--java", Long.toString(jvm.pid())); // starts its listener
            assertTrue(first.out().contains(" sleeper-worker"), first.out() + first.err());
            signal("STOP", jvm.pid());
            try {
                long t0 = System.nanoTime();
                CliTest.Result r = CliTest.run("ps", "--java", "--timeout", "1", Long.toString(jvm.pid()));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 5_000, ms + " ms");
                assertTrue(r.err().contains("process " + jvm.pid() + " did not answer"), r.err());
            } finally {
                signal("CONT", jvm.pid());
            }
        } finally {
            stop(jvm);
        }
    }

    @Test
    void item13_noConnectionToAnAddressTheTargetNames() throws Exception {
        try (ServerSocket lure = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String address = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + lure.getLocalPort() + "/jmxrmi";
            Process peer = startJava(FakeAttachPeer.class, "jmx", address);
            try {
                CliTest.Result r = CliTest.run("ps", "--java", "--timeout", "2", Long.toString(peer.pid()));
                assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(peer.pid() + " ")), r.out());
                lure.setSoTimeout(500);
                assertThrows(SocketTimeoutException.class, lure::accept, "lwp4j connected where the target said");
            } finally {
                stop(peer);
            }
        }
    }

    private static final String HOSTILE = "\u001b]0;owned\u0007\u001b[2J\u009b31m\u007fx";

    @Test
    void item14_namesFromOtherProcessesAreEscapedInEveryMode() throws Exception {
        Process jvm = startJava(Sleeper.class, HOSTILE);
        Process bash = new ProcessBuilder("bash", "-c", "printf '\\033]0;t\\a\\033[2J' > /proc/$$/comm; echo ready; "
                + "for i in $(seq 1200); do sleep 0.1; done").start();
        try {
            assertEquals("ready", new BufferedReader(new InputStreamReader(bash.getInputStream())).readLine());
            String pids = null;
            for (String[] mode : new String[][] {{"ps"}, {"ps", "--java"}, {"ps", "--json"}, {"ps", "--java", "--json"}}) {
                List<String> args = new ArrayList<>(List.of(mode));
                args.add(Long.toString(jvm.pid()));
                args.add(Long.toString(bash.pid()));
                CliTest.Result r = CliTest.run(args.toArray(new String[0]));
                assertEquals(0, r.code(), r.err());
                for (char c : (r.out() + r.err()).toCharArray()) {
                    assertFalse(c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f,
                            String.join(" ", mode) + ": raw control 0x" + Integer.toHexString(c) + " in\n" + r.out());
                }
                if (List.of(mode).contains("--java")) {
                    assertTrue(r.out().contains(mode.length == 3 ? "\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u007fx"
                            : "?]0;owned??[2J?31m?x"), r.out());
                }
                pids = r.out();
            }
            assertTrue(pids.contains("\\u001b]0;t\\u0007\\u001b[2J"), pids);
        } finally {
            bash.destroy();
            bash.waitFor(10, TimeUnit.SECONDS);
            stop(jvm);
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertEquals(0, k.waitFor());
    }
}
