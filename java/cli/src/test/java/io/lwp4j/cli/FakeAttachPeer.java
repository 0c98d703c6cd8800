package io.lwp4j.cli;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A hostile attach peer: binds {@code /tmp/.java_pid<own pid>} (what a JVM's attach listener binds) and then, per
 * connection, does what its mode says — {@code silent}: reads the request and never answers; {@code flood}: answers
 * "0\n" and then megabytes without end; {@code garbage}: answers bytes that are not the protocol; {@code jmx ADDRESS}:
 * answers a truncated "dump" naming a JMX connector address (the lure an untrusted peer could set). Prints "ready" when
 * bound; ends when its stdin closes, removing the socket.
 */
public final class FakeAttachPeer {
    private FakeAttachPeer() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path path = Paths.get("/tmp/.java_pid" + ProcessHandle.current().pid());
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    SocketChannel c = server.accept();
                    Thread t = new Thread(() -> serve(c, mode, args), "peer");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (Exception e) {
                // closed at exit
            }
        }, "acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes stdin
        }
        Files.deleteIfExists(path);
    }

    private static void serve(SocketChannel c, String mode, String[] args) {
        try (c) {
            c.read(ByteBuffer.allocate(4096));
            switch (mode) {
                case "silent":
                    Thread.sleep(600_000);
                    break;
                case "flood": {
                    write(c, "0\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] junk = new byte[1 << 20];
                    java.util.Arrays.fill(junk, (byte) 'x');
                    for (int i = 0; i < 100_000; i++) {
                        write(c, junk);
                    }
                    break;
                }
                case "garbage":
                    write(c, "\u0000\u00ff not the attach protocol at all, no status line".getBytes(
                            StandardCharsets.ISO_8859_1));
                    break;
                case "jmx":
                    write(c, ("0\nFull thread dump\n\n\"main\" #1 [" + ProcessHandle.current().pid()
                            + "] prio=5 nid=" + ProcessHandle.current().pid() + " waiting\n"
                            + "com.sun.management.jmxremote.localConnectorAddress=" + args[1] + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    break;
                default:
                    throw new IllegalArgumentException(mode);
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    private static void write(SocketChannel c, byte[] b) throws java.io.IOException {
        ByteBuffer w = ByteBuffer.wrap(b);
        while (w.hasRemaining()) {
            c.write(w);
        }
    }
}
