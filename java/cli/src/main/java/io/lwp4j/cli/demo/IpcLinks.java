package io.lwp4j.cli.demo;

import io.lwp4j.ipc.MessageChannel;
import io.lwp4j.ipc.MessageReceiver;
import io.lwp4j.ipc.MessageSender;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The two-way links of {@code lwp4j demo ipc}: one per mechanism, each carrying fixed-size messages both ways
 * between this JVM and a peer JVM. Every {@link #receive} blocks until a whole message is in, or fails.
 */
final class IpcLinks {

    private IpcLinks() {}

    /** A message link: whole {@code MESSAGE}-byte messages each way. */
    interface Link extends AutoCloseable {
        void send(byte[] m) throws IOException, InterruptedException;

        void receive(byte[] m) throws IOException, InterruptedException;

        @Override
        void close() throws IOException;
    }

    /** Byte streams (a pipe, a FIFO): one write and reads until the message is whole. */
    static Link streams(InputStream in, OutputStream out) {
        return new Link() {
            @Override
            public void send(byte[] m) throws IOException {
                out.write(m);
                out.flush();
            }

            @Override
            public void receive(byte[] m) throws IOException {
                int n = 0;
                while (n < m.length) {
                    int r = in.read(m, n, m.length - n);
                    if (r < 0) {
                        throw new EOFException("the peer closed the stream");
                    }
                    n += r;
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    out.close();
                } finally {
                    in.close();
                }
            }
        };
    }

    /** A FIFO pair: the parent writes {@code req} and reads {@code resp}; the peer the other way round. */
    static Link fifo(Path req, Path resp, boolean parent) throws IOException {
        // Opening a FIFO blocks until the other side opens it too: open in the same order on both sides.
        if (parent) {
            OutputStream out = new FileOutputStream(req.toFile());
            InputStream in = new FileInputStream(resp.toFile());
            return streams(in, out);
        }
        InputStream in = new FileInputStream(req.toFile());
        OutputStream out = new FileOutputStream(resp.toFile());
        return streams(in, out);
    }

    /** A connected socket channel (Unix domain or TCP), blocking. */
    static Link socket(SocketChannel ch) {
        return new Link() {
            private final ByteBuffer buf = ByteBuffer.allocateDirect(4096);

            @Override
            public void send(byte[] m) throws IOException {
                buf.clear();
                buf.put(m).flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }

            @Override
            public void receive(byte[] m) throws IOException {
                buf.clear().limit(m.length);
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        throw new EOFException("the peer closed the socket");
                    }
                }
                buf.flip().get(m);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    /** Listens on a Unix domain socket at {@code path}. */
    static ServerSocketChannel listenUnix(Path path) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        return s;
    }

    static Link connectUnix(Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(path));
        return socket(ch);
    }

    /** Listens on 127.0.0.1, an ephemeral port. */
    static ServerSocketChannel listenTcp() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return s;
    }

    static Link connectTcp(int port) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return socket(ch);
    }

    static Link accepted(ServerSocketChannel s, boolean tcp) throws IOException {
        SocketChannel ch = s.accept();
        if (tcp) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        return socket(ch);
    }

    /** Two lwp4j message channels: {@code tx} to send on, {@code rx} to receive from. */
    static Link channel(MessageChannel tx, MessageChannel rx) {
        MessageSender sender = tx.sender();
        MessageReceiver receiver = rx.receiver();
        Duration forever = Duration.ofDays(1);
        return new Link() {
            @Override
            public void send(byte[] m) throws InterruptedException {
                if (!sender.send(m, 0, m.length, forever)) {
                    throw new IllegalStateException("send timed out");
                }
            }

            @Override
            public void receive(byte[] m) throws InterruptedException {
                if (receiver.receive(m, forever) != m.length) {
                    throw new IllegalStateException("a message of the wrong length");
                }
            }

            @Override
            public void close() {
                sender.close();
                receiver.close();
                tx.close();
                rx.close();
            }
        };
    }
}
