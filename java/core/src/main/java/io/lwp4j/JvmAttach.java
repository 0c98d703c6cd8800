package io.lwp4j;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talking to another JVM through HotSpot's attach listener, treating it as untrusted input (ARCHITECTURE.md §4b).
 *
 * <p>The rules, each enforced here rather than left to callers:
 * <ul>
 *   <li><b>Evidence that sends nothing.</b> {@link #attachSocket(int)} looks for the socket a running attach
 *       listener leaves, {@code .java_pid<ns-pid>} in the target's own {@code /tmp} as seen through
 *       {@code /proc/<pid>/root/tmp} (so a JVM in a container is found from the host), and accepts it only when it is
 *       a socket owned by the target's effective uid. Looking sends the process nothing.</li>
 *   <li><b>No signal to a process the caller did not name.</b> The JDK starts a JVM's attach listener by creating
 *       {@code .attach_pid<pid>} and sending it {@code SIGQUIT} — which nginx, php-fpm and PostgreSQL take as "shut
 *       down", and which kills a JVM run with {@code -Xrs}. lwp4j does that handshake only through
 *       {@link #jcmd(int, String, Duration, boolean) jcmd(…, mayStartListener = true)}, which a caller passes only
 *       for a process its user named, and even then only when {@link #sigquitIsSafe(int)}: the process has
 *       {@code libjvm.so} mapped ({@code /proc/<pid>/maps}) <em>and</em> catches {@code SIGQUIT}
 *       ({@code /proc/<pid>/status: SigCgt}). An {@code hsperfdata} file is deliberately not taken as that evidence:
 *       it outlives a crashed JVM, and its PID may since belong to any other program.</li>
 *   <li><b>A deadline on everything.</b> The connect, the request and every read run on a worker thread; when the
 *       deadline passes the socket is closed (which ends a blocked read) and the caller gets a
 *       {@link NoAnswerException} — a stopped JVM or a peer that never answers cannot hang the caller.</li>
 *   <li><b>A size bound.</b> At most {@link #MAX_ANSWER_BYTES} are read; a peer that sends more is cut off with a
 *       {@link NoAnswerException}.</li>
 *   <li><b>Nothing the target says chooses where lwp4j connects.</b> Only the protocol's own socket is used; no JMX
 *       connector, no address from the target's properties.</li>
 * </ul>
 *
 * <p>The protocol is HotSpot's (version 1, the one every JDK since 6 speaks): the request is
 * {@code "1\0jcmd\0<command>\0\0\0"}, the answer a decimal status line and then the command's output until the
 * target closes the connection. The listener accepts a peer with the target's effective uid, or root.
 *
 * <p>Thread-safe; each call uses its own connection and worker thread.
 */
public final class JvmAttach {
    private JvmAttach() {}

    /** The default deadline of {@code lwp4j ps --java}: long enough for a dump of thousands of threads. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    /** The most bytes read from one peer (a dump of 10,000 threads is about 5 MiB). */
    public static final int MAX_ANSWER_BYTES = 16 << 20;

    private static final int SIGQUIT = 3;

    /** The peer did not answer in time, or answered more than {@link #MAX_ANSWER_BYTES}. */
    public static final class NoAnswerException extends Lwp4jException {
        private static final long serialVersionUID = 1L;

        NoAnswerException(String message) {
            super(message);
        }
    }

    /** There is no evidence that the process is a JVM lwp4j may talk to (or it refused the command). */
    public static final class NotAttachableException extends Lwp4jException {
        private static final long serialVersionUID = 1L;

        NotAttachableException(String message) {
            super(message);
        }

        NotAttachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The attach socket of {@code pid}, when its attach listener runs: {@code /proc/<pid>/root/tmp/.java_pid<ns-pid>}
     * that is a socket owned by the process's effective uid. Sends the process nothing.
     *
     * @return empty when there is no such socket, it is not a socket, another user owns it, or {@code pid} is gone
     */
    public static Optional<Path> attachSocket(int pid) {
        checkPid(pid);
        Status s = Status.of(pid);
        if (s == null) {
            return Optional.empty();
        }
        Path p = Paths.get("/proc/" + pid + "/root/tmp/.java_pid" + s.nsPid);
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 0170000) != 0140000 || uid != s.euid) {
                return Optional.empty();
            }
            return Optional.of(p);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the JDK's attach handshake ({@code SIGQUIT}) is harmless to {@code pid}: it has {@code libjvm.so}
     * mapped and catches {@code SIGQUIT}. Reads {@code /proc/<pid>/maps} (readable by the process's user or root —
     * exactly who could attach) and {@code /proc/<pid>/status}; sends nothing.
     */
    public static boolean sigquitIsSafe(int pid) {
        checkPid(pid);
        Status s = Status.of(pid);
        if (s == null || (s.sigCgt & (1L << (SIGQUIT - 1))) == 0) {
            return false;
        }
        try (java.io.BufferedReader r = Files.newBufferedReader(Paths.get("/proc/" + pid + "/maps"),
                StandardCharsets.ISO_8859_1)) {
            String line;
            for (int n = 0; n < 1_000_000 && (line = r.readLine()) != null; n++) {
                if (line.endsWith("/libjvm.so")) {
                    return true;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
        return false;
    }

    /**
     * {@code jcmd <pid> Thread.print} over an existing attach socket; never signals the process.
     *
     * @throws NotAttachableException when {@code pid} shows no attach socket, or the target refused
     * @throws NoAnswerException when it did not answer within {@code timeout}
     */
    public static String threadDump(int pid, Duration timeout) {
        return jcmd(pid, "Thread.print", timeout, false);
    }

    /**
     * Runs the diagnostic command {@code command} (as {@code jcmd} would, e.g. {@code "Thread.print"}) in JVM
     * {@code pid} and returns its output.
     *
     * @param timeout the deadline for everything: the handshake, connect, request and whole answer
     * @param mayStartListener whether, when no attach socket exists yet, the JDK's handshake may start the target's
     *     attach listener — pass true only for a process the user named; it is done only when
     *     {@link #sigquitIsSafe(int)}
     * @throws NotAttachableException when there is no evidence (socket, or safe handshake) that {@code pid} is a
     *     JVM lwp4j may talk to, or the target refused the command
     * @throws NoAnswerException when the target did not answer within {@code timeout}, or answered more than
     *     {@link #MAX_ANSWER_BYTES}
     */
    public static String jcmd(int pid, String command, Duration timeout, boolean mayStartListener) {
        checkPid(pid);
        if (command == null || command.isEmpty() || command.indexOf('\0') >= 0 || command.length() > 1024) {
            throw new IllegalArgumentException("jcmd command: 1 to 1024 characters, no NUL");
        }
        long nanos = timeoutNanos(timeout);
        long deadline = System.nanoTime() + nanos;
        Optional<Path> socket = attachSocket(pid);
        if (socket.isEmpty()) {
            if (!mayStartListener) {
                throw new NotAttachableException("process " + pid + " shows no attach socket (.java_pid in its "
                        + "/tmp owned by its user): not a JVM with a running attach listener; not signalled");
            }
            if (!sigquitIsSafe(pid)) {
                throw new NotAttachableException("process " + pid + " is not a JVM by evidence (libjvm.so mapped "
                        + "and SIGQUIT caught, per /proc/" + pid + "/{maps,status}): not signalled");
            }
            startListener(pid, deadline);
            socket = attachSocket(pid);
            if (socket.isEmpty()) {
                throw new NotAttachableException("JVM " + pid + " started no attach socket");
            }
        }
        Path path = socket.get();
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX); // does not block; closed below in any case
        } catch (IOException e) {
            throw new Lwp4jException("cannot open a Unix socket: " + e, e);
        }
        CompletableFuture<String> answer = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                answer.complete(exchange(channel, path, command));
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        }, "lwp4j-attach-" + pid);
        worker.setDaemon(true);
        worker.start();
        try {
            long left = deadline - System.nanoTime();
            return answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new NoAnswerException("JVM " + pid + " did not answer within " + Duration.ofNanos(nanos).toMillis()
                    + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswerException("interrupted while waiting for JVM " + pid);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Lwp4jException) {
                Lwp4jException l = (Lwp4jException) c;
                throw l instanceof NoAnswerException ? new NoAnswerException("JVM " + pid + ": " + l.getMessage())
                        : new NotAttachableException("JVM " + pid + ": " + l.getMessage(), l);
            }
            throw new NotAttachableException("cannot talk to JVM " + pid + " (" + c + "): is it a JVM of this "
                    + "user (or are you root), started without -XX:+DisableAttachMechanism?", c);
        } finally {
            closeQuietly(channel); // ends a connect or read still blocked in the worker
            worker.interrupt();
        }
    }

    /** One request and its whole answer, on the worker; the caller closes {@code c} at its deadline. */
    private static String exchange(SocketChannel c, Path path, String command) throws IOException {
        try {
            c.connect(UnixDomainSocketAddress.of(path));
            byte[] req = ("1\0jcmd\0" + command + "\0\0\0").getBytes(StandardCharsets.UTF_8);
            ByteBuffer w = ByteBuffer.wrap(req);
            while (w.hasRemaining()) {
                c.write(w);
            }
            ByteBuffer buf = ByteBuffer.allocate(64 << 10);
            while (true) {
                if (!buf.hasRemaining()) {
                    if (buf.capacity() >= MAX_ANSWER_BYTES) {
                        throw new NoAnswerException("answered more than " + MAX_ANSWER_BYTES + " bytes; cut off");
                    }
                    ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_ANSWER_BYTES, buf.capacity() * 2));
                    buf.flip();
                    bigger.put(buf);
                    buf = bigger;
                }
                if (c.read(buf) < 0) {
                    break;
                }
            }
            return answerOf(buf.array(), buf.position(), command);
        } finally {
            c.close();
        }
    }

    /** "status\n" then the output: status 0 is success; anything else is the target's error text. */
    static String answerOf(byte[] a, int n, String command) {
        int nl = 0;
        while (nl < n && nl < 12 && a[nl] != '\n') {
            nl++;
        }
        int status;
        try {
            if (nl >= n || a[nl] != '\n') {
                throw new NumberFormatException();
            }
            status = Integer.parseInt(new String(a, 0, nl, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            throw new NotAttachableException("the answer to " + command + " is not the attach protocol's (" + n
                    + " bytes, no status line)");
        }
        String text = new String(a, nl + 1, n - nl - 1, StandardCharsets.UTF_8);
        if (status != 0) {
            throw new NotAttachableException("the target refused " + command + " (status " + status + "): "
                    + printable(text.substring(0, Math.min(200, text.length()))));
        }
        return text;
    }

    /** The peer's text with every control character as '?': safe in an exception message that may be printed. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }

    /** The JDK's handshake (attach file + SIGQUIT, then its own wait for the socket), on a worker, by deadline. */
    private static void startListener(int pid, long deadline) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(
                        Long.toString(pid));
                vm.detach();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "lwp4j-attach-handshake-" + pid);
        worker.setDaemon(true);
        worker.start();
        try {
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new NoAnswerException("JVM " + pid + " did not answer the attach handshake in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswerException("interrupted while starting the attach listener of JVM " + pid);
        } catch (ExecutionException e) {
            throw new NotAttachableException("cannot start the attach listener of JVM " + pid + " ("
                    + e.getCause() + "): is it a JVM of this user (or are you root), started without "
                    + "-XX:+DisableAttachMechanism, and is the jdk.attach module present?", e.getCause());
        }
    }

    private static void closeQuietly(SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    private static void checkPid(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("a PID is 1 to " + Integer.MAX_VALUE + ", not " + pid);
        }
    }

    private static long timeoutNanos(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("attach timeout must be positive, not " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4; // "forever": clamped, as every Duration in lwp4j
        }
    }

    /** What {@code /proc/<pid>/status} says that matters here. */
    private static final class Status {
        final int euid;
        final long nsPid;
        final long sigCgt;

        private Status(int euid, long nsPid, long sigCgt) {
            this.euid = euid;
            this.nsPid = nsPid;
            this.sigCgt = sigCgt;
        }

        static Status of(int pid) {
            byte[] raw;
            try (java.io.InputStream in = Files.newInputStream(Paths.get("/proc/" + pid + "/status"))) {
                raw = in.readNBytes(64 << 10);
            } catch (IOException e) {
                return null;
            }
            int euid = 0;
            boolean haveUid = false;
            long nsPid = pid; // kernels before 4.1 have no NSpid: no namespaces to see through then
            long sigCgt = 0;
            for (String line : new String(raw, StandardCharsets.ISO_8859_1).split("\n")) {
                String[] f = line.split("\\s+");
                try {
                    if (line.startsWith("Uid:") && f.length > 2) {
                        euid = Integer.parseUnsignedInt(f[2]);
                        haveUid = true;
                    } else if (line.startsWith("NSpid:") && f.length > 1) {
                        nsPid = Long.parseLong(f[f.length - 1]);
                    } else if (line.startsWith("SigCgt:") && f.length > 1) {
                        sigCgt = Long.parseUnsignedLong(f[1], 16);
                    }
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return !haveUid || nsPid <= 0 ? null : new Status(euid, nsPid, sigCgt);
        }
    }
}
