package io.lwp4j.cli.demo;

import io.lwp4j.JavaThreads;
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
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The two-way links of {@code lwp4j demo ipc}: one per mechanism, each carrying fixed-size messages both ways
 * between this JVM and a peer JVM, and the peer's {@link #echo} loop. Every {@link Link#receive} blocks until a
 * whole message is in, or fails.
 *
 * <p>Public for one other user: lwp4j-bench's channel benchmarks ({@code ChannelEcho}, {@code ChannelBench}) run
 * the same links and echo, so that the demo and the benchmark measure one implementation. It is no API of lwp4j:
 * it may change with the demo.
 */
public final class IpcLinks {
    /** The size of every message, in bytes. */
    public static final int MESSAGE = 64;
    /** Byte 0 of a message: echo it back, with the peer's receiving TID as a little-endian long at offset 16. */
    public static final byte ECHO = 0;
    /** Byte 0: one message of a stream, sequence number at offset 8 and 31 times it at 16; not answered. */
    public static final byte STREAM = 1;
    /** Byte 0: the end of a stream, answered with the count reordered at offset 8 and received at 16. */
    public static final byte END = 2;
    /** Byte 0: the peer's {@link #echo} returns. */
    public static final byte QUIT = 3;

    private IpcLinks() {}

    /** A message link: whole {@link #MESSAGE}-byte messages each way. */
    public interface Link extends AutoCloseable {
        /**
         * Sends one message.
         *
         * @param m the message, whole
         * @throws IOException          the link failed
         * @throws InterruptedException interrupted while waiting for room
         */
        void send(byte[] m) throws IOException, InterruptedException;

        /**
         * Receives one message, blocking until it is whole.
         *
         * @param m filled with the message
         * @throws IOException          the link failed or the peer closed it
         * @throws InterruptedException interrupted while waiting
         */
        void receive(byte[] m) throws IOException, InterruptedException;

        /** Closes this side of the link. */
        @Override
        void close() throws IOException;
    }

    /**
     * The peer's side: answers the messages of {@code link} by their byte 0 ({@link #ECHO}, {@link #STREAM},
     * {@link #END}) until {@link #QUIT}; does not close the link.
     *
     * @param link the link to the other JVM
     * @throws IOException          the link failed
     * @throws InterruptedException interrupted while waiting
     */
    public static void echo(Link link) throws IOException, InterruptedException {
        int tid = JavaThreads.currentTid();
        byte[] m = new byte[MESSAGE];
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        long expected = 0;
        long received = 0;
        long reordered = 0;
        while (true) {
            link.receive(m);
            switch (m[0]) {
                case ECHO:
                    b.putLong(16, tid);
                    link.send(m);
                    break;
                case STREAM: {
                    long seq = b.getLong(8);
                    if (seq != expected || b.getLong(16) != seq * 31) {
                        reordered++;
                    }
                    expected = seq + 1;
                    received++;
                    break;
                }
                case END:
                    b.putLong(8, reordered);
                    b.putLong(16, received);
                    link.send(m);
                    expected = 0;
                    received = 0;
                    reordered = 0;
                    break;
                case QUIT:
                    return;
                default:
                    throw new IllegalStateException("unknown message kind " + m[0]);
            }
        }
    }

    /**
     * Byte streams (a pipe, a FIFO): one write and reads until the message is whole.
     *
     * @param in  where messages come from
     * @param out where messages go
     * @return the link; closing it closes both streams
     */
    public static Link streams(InputStream in, OutputStream out) {
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

    /**
     * A connected socket channel (Unix domain or TCP), blocking.
     *
     * @param ch the connected channel
     * @return the link; closing it closes the channel
     */
    public static Link socket(SocketChannel ch) {
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

    /**
     * Two lwp4j message channels: {@code tx} to send on, {@code rx} to receive from.
     *
     * @param tx the channel this side sends on
     * @param rx the channel this side receives from
     * @return the link; closing it closes both channels
     */
    public static Link channel(MessageChannel tx, MessageChannel rx) {
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
