package io.lwp4j.cli.demo;

import io.lwp4j.JavaThreads;
import io.lwp4j.Lwp4j;
import io.lwp4j.cli.demo.IpcLinks.Link;
import io.lwp4j.ipc.MessageChannel;
import io.lwp4j.memory.SharedMemory;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j demo ipc}: seed 004's table of inter-process mechanisms, measured from Java between two JVMs — a pipe,
 * a FIFO, a POSIX message queue, a Unix domain socket, TCP on loopback, lwp4j's futex-woken shared-memory
 * {@link MessageChannel}, and a signal round trip. For each: the round trip of a 64-byte message (median and p99),
 * the one-way throughput of 64-byte messages (every one numbered and checked by the receiver: lost and reordered
 * counts), and the CPU the receiving thread burns while it waits idle.
 */
@Command(name = "ipc", mixinStandardHelpOptions = true, description = {
    "Seed 004's IPC table, measured between two JVMs: pipe, FIFO, POSIX mqueue, Unix socket, TCP loopback, "
            + "lwp4j's futex channel, a signal round trip.",
    "For each: round trip of a 64-byte message (median, p99), one-way throughput (verified: lost, reordered), and "
            + "an idle receiver's CPU.",
    "Bounded in time: about 2 s per mechanism (round trips, then at most --stream-millis of streaming) plus one "
            + "shared --idle-seconds idle period; under 30 s with the defaults."})
public final class IpcDemo extends DemoSupport implements Callable<Integer> {

    static final List<String> MECHANISMS = List.of("pipe", "fifo", "mqueue", "unix-socket", "tcp-loopback",
            "futex-channel", "signal");
    static final int MESSAGE = IpcLinks.MESSAGE;
    static final String MQUEUE_SKIPPED = "skipped: mq_open/mq_send/mq_receive are C library calls with no "
            + "pure-Java path, and lwp4j's native shim does not bind them";

    private static final byte ECHO = IpcLinks.ECHO;
    private static final byte STREAM = IpcLinks.STREAM;
    private static final byte END = IpcLinks.END;
    private static final byte QUIT = IpcLinks.QUIT;

    @Option(names = "--round-trips", description = "Timed round trips per mechanism (default: ${DEFAULT-VALUE}).",
            defaultValue = "2000")
    int roundTrips;

    @Option(names = "--messages", description = "At most this many messages streamed one way (default: "
            + "${DEFAULT-VALUE}).", defaultValue = "1000000")
    long messages;

    @Option(names = "--stream-millis", description = "At most this long streaming one way (default: "
            + "${DEFAULT-VALUE}).", defaultValue = "1000")
    long streamMillis;

    @Option(names = "--idle-seconds", description = "How long the receivers sit idle while their CPU is measured "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int idleSeconds;

    @Option(names = "--peer", hidden = true, description = "Internal: be the peer JVM of this mechanism.")
    String peer;

    @Option(names = "--endpoint", hidden = true, description = "Internal: where the peer meets this JVM.")
    String endpoint;

    /** One row of the table. */
    static final class Row {
        final String name;
        long roundTripNanos = -1;
        long p99RoundTripNanos = -1;
        long messagesPerSecond = -1;
        long lost;
        long reordered;
        double idleCpuPercent = -1;
        String note = "";
        Process process;
        Link link;
        int receiverTid;
        long cpuBefore;

        Row(String name) {
            this.name = name;
        }
    }

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        if (peer != null) {
            return runPeer();
        }
        if (roundTrips < 1 || messages < 1 || streamMillis < 1 || idleSeconds < 1) {
            throw new IllegalArgumentException("--round-trips, --messages, --stream-millis and --idle-seconds must "
                    + "be positive");
        }
        Path dir = Files.createTempDirectory("lwp4j-ipc-"); // owner-only: sockets and FIFOs live here
        String shmBase = "lwp4j-demo-ipc-" + ProcessHandle.current().pid();
        List<Row> rows = new ArrayList<>();
        try {
            for (String m : MECHANISMS) {
                Row r = new Row(m);
                rows.add(r);
                if (m.equals("mqueue")) {
                    r.note = MQUEUE_SKIPPED;
                    continue;
                }
                if (!json) {
                    System.err.println("ipc: " + m + " …");
                }
                if (m.equals("signal")) {
                    measureSignal(r);
                } else {
                    open(r, dir, shmBase);
                    measure(r);
                }
            }
            idle(rows);
        } finally {
            for (Row r : rows) {
                finish(r);
            }
            SharedMemory.unlink(shmBase + "-req");
            SharedMemory.unlink(shmBase + "-resp");
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        print(rows);
        boolean clean = rows.stream().allMatch(r -> r.lost == 0 && r.reordered == 0);
        return clean ? 0 : 1;
    }

    // ---- the parent's side -----------------------------------------------------------------------------------

    private void open(Row r, Path dir, String shmBase) throws Exception {
        switch (r.name) {
            case "pipe": {
                r.process = start(r.name, "-");
                r.link = IpcLinks.streams(r.process.getInputStream(), r.process.getOutputStream());
                break;
            }
            case "fifo": {
                Path req = dir.resolve("req");
                Path resp = dir.resolve("resp");
                mkfifo(req);
                mkfifo(resp);
                r.process = start(r.name, dir.toString());
                r.link = IpcLinks.fifo(req, resp, true);
                break;
            }
            case "unix-socket": {
                Path sock = dir.resolve("sock");
                try (ServerSocketChannel s = IpcLinks.listenUnix(sock)) {
                    r.process = start(r.name, sock.toString());
                    r.link = IpcLinks.accepted(s, false);
                }
                break;
            }
            case "tcp-loopback": {
                try (ServerSocketChannel s = IpcLinks.listenTcp()) {
                    int port = ((java.net.InetSocketAddress) s.getLocalAddress()).getPort();
                    r.process = start(r.name, Integer.toString(port));
                    r.link = IpcLinks.accepted(s, true);
                }
                break;
            }
            case "futex-channel": {
                MessageChannel req = MessageChannel.create(shmBase + "-req", 1 << 16);
                MessageChannel resp = MessageChannel.create(shmBase + "-resp", 1 << 16);
                r.process = start(r.name, shmBase);
                r.link = IpcLinks.channel(req, resp);
                break;
            }
            default:
                throw new IllegalStateException(r.name);
        }
    }

    private static void mkfifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", "-m", "600", p.toString()).inheritIO().start();
        if (!mk.waitFor(10, TimeUnit.SECONDS) || mk.exitValue() != 0) {
            throw new IOException("mkfifo " + p + " failed");
        }
    }

    private Process start(String mechanism, String where) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(selfCommand("demo", "ipc", "--peer", mechanism, "--endpoint", where))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (!mechanism.equals("pipe")) {
            pb.redirectInput(ProcessBuilder.Redirect.PIPE); // closed at the end: the peer's signal to quit
        }
        return pb.start();
    }

    /** Round trips (after a warm-up), then a verified one-way stream. */
    private void measure(Row r) throws Exception {
        byte[] m = new byte[MESSAGE];
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int warm = Math.max(100, roundTrips / 5);
        long[] ns = new long[roundTrips];
        for (int i = -warm; i < roundTrips; i++) {
            m[0] = ECHO;
            b.putLong(8, i);
            long t0 = System.nanoTime();
            r.link.send(m);
            r.link.receive(m);
            long t = System.nanoTime() - t0;
            if (m[0] != ECHO || b.getLong(8) != i) {
                r.lost++;
            }
            r.receiverTid = (int) b.getLong(16);
            if (i >= 0) {
                ns[i] = t;
            }
        }
        Arrays.sort(ns);
        r.roundTripNanos = ns[ns.length / 2];
        r.p99RoundTripNanos = ns[Math.min(ns.length - 1, (int) Math.ceil(ns.length * 0.99) - 1)];

        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(streamMillis);
        long t0 = System.nanoTime();
        long sent = 0;
        m[0] = STREAM;
        while (sent < messages && ((sent & 255) != 0 || System.nanoTime() < deadline)) {
            b.putLong(8, sent);
            b.putLong(16, sent * 31);
            r.link.send(m);
            sent++;
        }
        m[0] = END;
        r.link.send(m);
        r.link.receive(m);
        long elapsed = System.nanoTime() - t0;
        long received = b.getLong(16);
        r.lost += sent - received;
        r.reordered += b.getLong(8);
        r.messagesPerSecond = Math.round(sent * 1e9 / elapsed);
    }

    /** SIGTERM to the peer JVM, whose handler sends SIGTERM back: each round trip is two signals. */
    @SuppressWarnings("removal")
    private void measureSignal(Row r) throws Exception {
        Semaphore back = new Semaphore(0);
        sun.misc.Signal term = new sun.misc.Signal("TERM");
        sun.misc.SignalHandler old = sun.misc.Signal.handle(term, s -> back.release());
        try {
            r.process = start(r.name, Long.toString(ProcessHandle.current().pid()));
            BufferedReader said = new BufferedReader(new InputStreamReader(r.process.getInputStream(),
                    StandardCharsets.US_ASCII));
            String ready = said.readLine();
            if (ready == null || !ready.startsWith("ready ")) {
                throw new IllegalStateException("the signal peer did not start: " + ready);
            }
            r.receiverTid = Integer.parseInt(ready.substring(6).trim());
            ProcessHandle child = r.process.toHandle();
            int n = Math.max(50, roundTrips / 10); // a signal round trip is slow: the JVM starts a thread per signal
            int warm = Math.max(10, n / 5);
            long[] ns = new long[n];
            long t0 = 0;
            for (int i = -warm; i < n; i++) {
                if (i == 0) {
                    t0 = System.nanoTime();
                }
                long s = System.nanoTime();
                child.destroy(); // SIGTERM to our own child, which handles it
                if (!back.tryAcquire(5, TimeUnit.SECONDS)) {
                    r.lost++;
                    continue;
                }
                if (i >= 0) {
                    ns[i] = System.nanoTime() - s;
                }
            }
            long elapsed = System.nanoTime() - t0;
            Arrays.sort(ns);
            r.roundTripNanos = ns[n / 2];
            r.p99RoundTripNanos = ns[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)];
            r.messagesPerSecond = Math.round(n * 1e9 / elapsed);
            r.note = "no payload; one way = one acknowledged signal, since signals of one kind coalesce";
        } finally {
            sun.misc.Signal.handle(term, old);
        }
    }

    /** Every receiver waits idle for {@code --idle-seconds} at once; the CPU time of its receiving thread. */
    private void idle(List<Row> rows) throws InterruptedException {
        for (Row r : rows) {
            if (r.process != null) {
                r.cpuBefore = cpuNanos(r.process.pid(), r.receiverTid);
            }
        }
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
        long wall = System.nanoTime() - t0;
        for (Row r : rows) {
            if (r.process != null && r.cpuBefore >= 0) {
                long after = cpuNanos(r.process.pid(), r.receiverTid);
                if (after >= 0) {
                    r.idleCpuPercent = 100.0 * (after - r.cpuBefore) / wall;
                }
            }
        }
    }

    /** A thread's CPU time: {@code schedstat}'s nanoseconds, else {@code stat}'s utime + stime ticks. -1: gone. */
    static long cpuNanos(long pid, int tid) {
        Path task = Paths.get("/proc", Long.toString(pid), "task", Integer.toString(tid));
        try {
            String s = Files.readString(task.resolve("schedstat")).trim();
            return Long.parseLong(s.split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            try {
                String s = Files.readString(task.resolve("stat"));
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // USER_HZ 100
            } catch (IOException | RuntimeException e2) {
                return -1;
            }
        }
    }

    private void finish(Row r) {
        try {
            if (r.link != null) {
                byte[] m = new byte[MESSAGE];
                m[0] = ECHO;
                r.link.send(m); // the idle receiver still answers
                r.link.receive(m);
                m[0] = QUIT;
                r.link.send(m);
                r.link.close();
            }
            if (r.process != null) {
                r.process.getOutputStream().close();
                if (!r.process.waitFor(10, TimeUnit.SECONDS)) {
                    r.lost = Math.max(r.lost, 1);
                    r.note = "the peer did not quit";
                }
            }
        } catch (Exception e) {
            r.note = "the peer failed at the end: " + e;
            r.lost = Math.max(r.lost, 1);
        } finally {
            if (r.process != null) {
                r.process.destroyForcibly();
            }
        }
    }

    private void print(List<Row> rows) {
        if (json) {
            StringBuilder b = new StringBuilder("{\"demo\":\"ipc\",\"mechanisms\":[");
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                boolean skipped = r.process == null;
                b.append(i == 0 ? "" : ",").append("{\"name\":").append(Json.str(r.name))
                        .append(",\"roundTripNanos\":").append(skipped ? "null" : Long.toString(r.roundTripNanos))
                        .append(",\"p99RoundTripNanos\":").append(skipped ? "null" : Long.toString(
                                r.p99RoundTripNanos))
                        .append(",\"messagesPerSecond\":").append(skipped ? "null" : Long.toString(
                                r.messagesPerSecond))
                        .append(",\"lost\":").append(r.lost).append(",\"reordered\":").append(r.reordered)
                        .append(",\"idleCpuPercent\":").append(skipped || r.idleCpuPercent < 0 ? "null"
                                : String.format(Locale.ROOT, "%.3f", r.idleCpuPercent));
                if (skipped) {
                    b.append(",\"skipped\":").append(Json.str(r.note));
                }
                b.append('}');
            }
            out.println(b.append("]}"));
            return;
        }
        out.println("== seed 004's IPC table, between two JVMs (64-byte messages; round trip: " + roundTrips
                + " timed; one way: up to " + messages + " messages or " + streamMillis + " ms; idle: "
                + idleSeconds + " s)");
        out.printf(Locale.ROOT, "   %-14s %12s %12s %14s %6s %10s %10s%n", "mechanism", "round trip", "p99",
                "messages/s", "lost", "reordered", "idle CPU");
        rows.stream().sorted(Comparator.comparingInt(r -> MECHANISMS.indexOf(r.name))).forEach(r -> {
            if (r.process == null) {
                out.printf(Locale.ROOT, "   %-14s %s%n", r.name, r.note);
                return;
            }
            out.printf(Locale.ROOT, "   %-14s %9.1f µs %9.1f µs %14s %6d %10d %9.3f%%%s%n", r.name,
                    r.roundTripNanos / 1e3, r.p99RoundTripNanos / 1e3, String.format(Locale.ROOT, "%,d",
                            r.messagesPerSecond), r.lost, r.reordered, r.idleCpuPercent,
                    r.note.isEmpty() ? "" : "   (" + r.note + ")");
        });
        out.println();
        explain("what it shows",
                "Every mechanism but the channel costs the kernel a copy and a syscall per message each way; the",
                "futex channel copies into shared memory and makes a syscall only when the other side sleeps, so a",
                "busy stream makes none. Idle, every receiver here sleeps in the kernel (a blocking read, a futex",
                "wait); a busy-spinning ring (Aeron's default idle strategy) would show a whole CPU instead.");
    }

    // ---- the peer's side -------------------------------------------------------------------------------------

    private int runPeer() throws Exception {
        if (peer.equals("signal")) {
            return signalPeer(Long.parseLong(endpoint));
        }
        Link link;
        switch (peer) {
            case "pipe":
                link = IpcLinks.streams(new FileInputStream(FileDescriptor.in), new FileOutputStream(
                        FileDescriptor.out));
                break;
            case "fifo":
                link = IpcLinks.fifo(Paths.get(endpoint, "req"), Paths.get(endpoint, "resp"), false);
                break;
            case "unix-socket":
                link = IpcLinks.connectUnix(Paths.get(endpoint));
                break;
            case "tcp-loopback":
                link = IpcLinks.connectTcp(Integer.parseInt(endpoint));
                break;
            case "futex-channel":
                link = IpcLinks.channel(MessageChannel.open(endpoint + "-resp"), MessageChannel.open(endpoint
                        + "-req"));
                break;
            default:
                throw new IllegalArgumentException("no such mechanism: " + peer);
        }
        try (Link l = link) {
            IpcLinks.echo(l);
        }
        return 0;
    }

    /** Answers every SIGTERM with a SIGTERM to the demo's JVM (its parent) until its stdin closes. */
    @SuppressWarnings("removal")
    private static int signalPeer(long parentPid) throws Exception {
        ProcessHandle parent = ProcessHandle.current().parent().filter(p -> p.pid() == parentPid)
                .orElseThrow(() -> new IllegalStateException("pid " + parentPid + " is not this JVM's parent"));
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> parent.destroy());
        System.out.println("ready " + signalDispatcherTid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the end of input
        }
        return 0;
    }

    /** The TID of the JVM's "Signal Dispatcher" thread (the one that receives signals), else this thread's. */
    private static int signalDispatcherTid() throws IOException {
        try (Stream<Path> tasks = Files.list(Paths.get("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(t.resolve("comm")).trim().equals("Signal Dispatch")) {
                        return Integer.parseInt(t.getFileName().toString());
                    }
                } catch (IOException e) {
                    // the task ended
                }
            }
        }
        return JavaThreads.currentTid();
    }
}
