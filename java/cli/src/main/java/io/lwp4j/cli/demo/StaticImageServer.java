package io.lwp4j.cli.demo;

import io.lwp4j.cli.VirtualThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's image server ({@code GET /name} serves {@code DIR/name}), made safe: HTTP/1.1 with one request per
 * connection, files sent with {@link FileChannel#transferTo} (Linux {@code sendfile}: no copy through Java), a
 * Content-Type by extension, 404 for a missing file, and every way out of DIR refused with 403 — {@code ..} and
 * {@code .} segments, absolute paths ({@code //etc/passwd}), percent-encoded forms of those ({@code %2e%2e},
 * {@code %2f}), and symbolic links whose target leaves DIR. Bounded: at most {@code maxConnections} connections at
 * once (the next get 503), a request head of at most {@value #MAX_REQUEST_BYTES} bytes (else 431), read within
 * {@value #READ_DEADLINE_MS} ms (else the connection is closed).
 *
 * <p>Served by one native thread per connection ({@code conn-N}), a fixed pool of native threads ({@code pool-N}),
 * or one virtual thread per connection (on the JVM's carriers).
 */
final class StaticImageServer implements AutoCloseable {
    /** The largest request head (request line and headers) accepted. */
    static final int MAX_REQUEST_BYTES = 8192;
    /** The time a client has to send its whole request head. */
    static final int READ_DEADLINE_MS = 10_000;

    /** How connections are served. */
    enum Mode {
        PER_CONNECTION("per-connection"), POOL("pool"), VIRTUAL("virtual");

        final String option;

        Mode(String option) {
            this.option = option;
        }

        static Mode of(String option) {
            for (Mode m : values()) {
                if (m.option.equals(option)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("--mode " + option + ": per-connection, pool or virtual");
        }
    }

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("bmp", "image/bmp"), Map.entry("ico", "image/x-icon"),
            Map.entry("pgm", "image/x-portable-graymap"), Map.entry("ppm", "image/x-portable-pixmap"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css"), Map.entry("js", "text/javascript"), Map.entry("json", "application/json"));

    private static final SocketChannel POISON;

    static {
        try {
            POISON = SocketChannel.open();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Path dir;
    private final Mode mode;
    private final int poolSize;
    private final Semaphore slots;
    private final ServerSocketChannel server;
    private final PrintStream log;
    private final BlockingQueue<SocketChannel> queue;
    private final NativeWorkers<SocketChannel> natives;
    private final Queue<Thread> virtuals = new ConcurrentLinkedQueue<>();
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger peakConnections = new AtomicInteger();
    private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile boolean stopping;

    /**
     * Binds {@code bind:port} (port 0: any free port) and starts the pool, if any. Call {@link #acceptLoop()} to
     * serve.
     */
    StaticImageServer(Path dir, String bind, int port, Mode mode, int poolSize, int maxConnections, PrintStream log)
            throws IOException {
        this.dir = dir.toRealPath();
        if (!Files.isDirectory(this.dir)) {
            throw new IllegalArgumentException("--dir " + dir + ": not a directory");
        }
        this.mode = mode;
        this.poolSize = mode == Mode.POOL ? poolSize : 0;
        this.slots = new Semaphore(maxConnections);
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(maxConnections + this.poolSize);
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(bind, port), 128);
        this.natives = new NativeWorkers<>(queue, POISON);
        natives.startPool(this.poolSize, this::serve);
    }

    int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    Path dir() {
        return dir;
    }

    /** Accepts until {@link #stop()}: each connection goes to its own thread or to the pool. */
    void acceptLoop() throws IOException {
        int n = 0;
        while (!stopping) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (ClosedChannelException stopped) {
                return;
            }
            if (!slots.tryAcquire()) {
                answer(c, 503, "Service Unavailable", "busy: too many connections\n", "-");
                lingeringClose(c, 50);
                continue;
            }
            open.add(c);
            peakConnections.accumulateAndGet(connections.incrementAndGet(), Math::max);
            String name = "conn-" + (++n);
            try {
                switch (mode) {
                    case PER_CONNECTION:
                        natives.start(name, () -> serve(c));
                        break;
                    case VIRTUAL:
                        virtuals.removeIf(t -> !t.isAlive());
                        virtuals.add(VirtualThreads.start(name, () -> serve(c)));
                        break;
                    default:
                        queue.add(c); // room: the slots bound it
                }
            } catch (RuntimeException | ReflectiveOperationException e) {
                log.println("lwp4j server: could not start a thread for " + name + ": " + e.getMessage());
                done(c);
            }
        }
    }

    /**
     * Ends our side, reads what the client still sends (at most 64 KiB, at most {@code millis}) and closes: closing a
     * socket with unread bytes makes the kernel send a reset, which can destroy the answer before the client reads it.
     */
    private static void lingeringClose(SocketChannel c, int millis) {
        try {
            c.shutdownOutput();
            c.socket().setSoTimeout(millis);
            InputStream in = c.socket().getInputStream();
            byte[] buf = new byte[8192];
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            for (int total = 0; total < 65536 && System.nanoTime() < deadline; ) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            // timed out or reset: close now
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private void done(SocketChannel c) {
        lingeringClose(c, 200);
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a socket the client may have reset
        }
        if (open.remove(c)) {
            connections.decrementAndGet();
            slots.release();
        }
    }

    /** One connection: read the request head, answer, close. */
    private void serve(SocketChannel c) {
        String who = Thread.currentThread().getName();
        try {
            String head = readHead(c);
            if (head == null) {
                return; // closed, timed out or too large: answered (or not) in readHead
            }
            String requestLine = head.substring(0, head.indexOf('\n')).replace("\r", "");
            String[] parts = requestLine.split(" ", -1);
            if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                answer(c, 400, "Bad Request", "bad request line\n", who);
                return;
            }
            boolean headOnly = parts[0].equals("HEAD");
            if (!parts[0].equals("GET") && !headOnly) {
                answer(c, 405, "Method Not Allowed", "GET or HEAD only\n", who);
                return;
            }
            Target t = resolve(parts[1]);
            if (t.status() != 200) {
                answer(c, t.status(), t.reason(), t.reason().toLowerCase(Locale.ROOT) + ": " + t.why() + "\n", who);
                log(who, parts[0], parts[1], t.status(), 0);
                return;
            }
            sendFile(c, t.file(), headOnly, who, parts[1]);
        } catch (IOException e) {
            // the client went away mid-answer: this connection ends, the server goes on
        } finally {
            done(c);
        }
    }

    /** The request head up to the empty line, or null (answered 431, or the client was too slow or left). */
    private String readHead(SocketChannel c) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_DEADLINE_MS);
        InputStream in = c.socket().getInputStream();
        byte[] buf = new byte[1024];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                answer(c, 408, "Request Timeout", "request not received within " + READ_DEADLINE_MS + " ms\n", "-");
                return null;
            }
            c.socket().setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue; // the deadline check above answers
            }
            if (n < 0) {
                return null;
            }
            head.write(buf, 0, n);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            int end = s.indexOf("\r\n\r\n");
            if (end < 0) {
                end = s.indexOf("\n\n");
            }
            if (end >= 0 && end <= MAX_REQUEST_BYTES) {
                return s;
            }
            if (end > MAX_REQUEST_BYTES || head.size() > MAX_REQUEST_BYTES) {
                answer(c, 431, "Request Header Fields Too Large", "a request head is at most " + MAX_REQUEST_BYTES
                        + " bytes\n", Thread.currentThread().getName());
                count(431);
                return null;
            }
        }
    }

    /** Where a request target leads: a file under DIR, or a status with its reason. */
    record Target(int status, String reason, String why, Path file) {
        static Target refused(String why) {
            return new Target(403, "Forbidden", why, null);
        }
    }

    /**
     * Maps a request target to a file under DIR, refusing every way out: the target is percent-decoded once
     * (strictly), then must be a relative name of plain segments — no {@code ..} or {@code .}, no empty segment
     * (which would make an absolute path), no backslash, NUL or control character — and its real path (symbolic
     * links followed) must still be under DIR's real path.
     */
    Target resolve(String target) {
        if (!target.startsWith("/")) {
            return Target.refused("only origin-form targets (/name) are served, not " + DemoSupport.printable(target));
        }
        int q = target.indexOf('?');
        String raw = q < 0 ? target : target.substring(0, q);
        String path;
        try {
            path = percentDecode(raw);
        } catch (IllegalArgumentException e) {
            return new Target(400, "Bad Request", e.getMessage(), null);
        }
        String rel = path.substring(1);
        if (rel.isEmpty()) {
            return new Target(404, "Not Found", "no index: ask for a file by name", null);
        }
        for (int i = 0; i < rel.length(); i++) {
            char ch = rel.charAt(i);
            if (ch < 0x20 || ch == 0x7f || ch == '\\') {
                return Target.refused("control character or backslash in the path");
            }
        }
        for (String seg : rel.split("/", -1)) {
            if (seg.isEmpty()) {
                return Target.refused("empty segment: an absolute path or '//' (the path stays under DIR)");
            }
            if (seg.equals("..") || seg.equals(".")) {
                return Target.refused("'" + seg + "' segment: the path stays under DIR");
            }
        }
        Path p = dir.resolve(rel).normalize();
        if (!p.startsWith(dir)) {
            return Target.refused("the path leaves DIR");
        }
        if (!Files.exists(p)) {
            return new Target(404, "Not Found", "no such file", null);
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            return new Target(404, "Not Found", "cannot resolve", null);
        }
        if (!real.startsWith(dir)) {
            return Target.refused("a symbolic link that leads out of DIR");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return new Target(404, "Not Found", "not a regular file", null);
        }
        return new Target(200, "OK", "", real);
    }

    /** Strict percent-decoding to UTF-8: a malformed escape, an encoded NUL or invalid UTF-8 is refused. */
    static String percentDecode(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("a truncated percent escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("a malformed percent escape");
                }
                int v = hi * 16 + lo;
                if (v == 0) {
                    throw new IllegalArgumentException("an encoded NUL");
                }
                b.write(v);
                i += 2;
            } else if (ch > 0x7e || ch <= 0x20) {
                throw new IllegalArgumentException("a raw non-ASCII or control byte in the target");
            } else {
                b.write(ch);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("the decoded path is not UTF-8");
        }
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private void sendFile(SocketChannel c, Path file, boolean headOnly, String who, String target) throws IOException {
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = f.size();
            String h = "HTTP/1.1 200 OK\r\nContent-Type: " + contentType(file) + "\r\nContent-Length: " + size
                    + "\r\nConnection: close\r\n\r\n";
            writeAll(c, h.getBytes(StandardCharsets.US_ASCII));
            long sent = 0;
            if (!headOnly) {
                // transferTo from a file to a socket channel is sendfile(2) on Linux: the kernel copies page-cache
                // pages to the socket, the bytes never pass through Java.
                while (sent < size) {
                    long n = f.transferTo(sent, size - sent, c);
                    if (n <= 0) {
                        break;
                    }
                    sent += n;
                }
            }
            bytesSent.addAndGet(sent);
            count(200);
            log(who, headOnly ? "HEAD" : "GET", target, 200, sent);
        }
    }

    private void answer(SocketChannel c, int status, String reason, String body, String who) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String h = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n";
        try {
            writeAll(c, h.getBytes(StandardCharsets.US_ASCII));
            writeAll(c, b);
        } catch (IOException e) {
            // the client left
        }
        if (status != 431) {
            count(status);
        }
    }

    private static void writeAll(SocketChannel c, byte[] bytes) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        while (bb.hasRemaining()) {
            c.write(bb);
        }
    }

    private void count(int status) {
        byStatus.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
    }

    private void log(String who, String method, String target, int status, long bytes) {
        log.println(who + " " + method + " " + DemoSupport.printable(target) + " " + status + " " + bytes + " bytes");
    }

    /** Stops accepting; {@link #close()} then ends the connections and threads. Safe from a signal handler. */
    void stop() {
        stopping = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** A one-paragraph summary: requests by status, bytes, connections, threads. */
    String summary() {
        StringBuilder b = new StringBuilder();
        int total = 0;
        for (AtomicInteger v : byStatus.values()) {
            total += v.get();
        }
        b.append(total).append(" requests answered (");
        List<Integer> statuses = new ArrayList<>(byStatus.keySet());
        statuses.sort(null);
        for (int i = 0; i < statuses.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(statuses.get(i)).append(": ").append(byStatus.get(statuses.get(i)));
        }
        b.append("), ").append(bytesSent.get()).append(" file bytes sent with transferTo (sendfile), peak ")
                .append(peakConnections.get()).append(" connections at once, ")
                .append(mode == Mode.VIRTUAL ? "virtual threads, no native thread created"
                        : natives.created() + " native threads created");
        return b.toString();
    }

    int status(int code) {
        AtomicInteger v = byStatus.get(code);
        return v == null ? 0 : v.get();
    }

    /**
     * Stops accepting, gives the connections in flight up to {@code grace} to finish, then closes the rest and joins
     * every thread the server made.
     */
    void close(Duration grace) throws InterruptedException {
        stop();
        long deadline = System.nanoTime() + grace.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        for (SocketChannel c : List.copyOf(open)) {
            try {
                c.close(); // a slow client: its thread's read fails and the thread ends
            } catch (IOException ignored) {
                // already closed
            }
        }
        natives.stopAndJoin(Duration.ofSeconds(10));
        for (Thread t : List.copyOf(virtuals)) {
            t.join(10_000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ZERO);
    }
}
