package io.lwp4j.bench;

import io.lwp4j.JavaThreads;
import io.lwp4j.ipc.MessageChannel;
import io.lwp4j.ipc.MessageReceiver;
import io.lwp4j.ipc.MessageSender;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The other JVM of {@link ChannelBench} and the ipc group's idle step: echoes 64-byte messages over one mechanism —
 * {@code channel NAME} (a {@link MessageChannel} pair NAME-req/NAME-resp), {@code unix PATH} (a Unix domain socket),
 * {@code pipe} (stdin/stdout). Byte 0 of a message: 0 echo it (with this receiver's TID at offset 16), 1 a streamed
 * message (counted, checked in sequence, not answered), 2 end of a stream (answered with the count at 8 and the
 * out-of-sequence count at 16), 3 quit.
 */
public final class ChannelEcho {

    static final int MESSAGE = 64;
    /** Byte 0 of a message. */
    static final byte ECHO = 0;
    static final byte STREAM = 1;
    static final byte END = 2;
    static final byte QUIT = 3;

    private ChannelEcho() {}

    /** A two-way message link. */
    interface Link {
        void send(byte[] m) throws IOException, InterruptedException;

        void receive(byte[] m) throws IOException, InterruptedException;
    }

    static Link channel(MessageChannel tx, MessageChannel rx) {
        MessageSender s = tx.sender();
        MessageReceiver r = rx.receiver();
        Duration forever = Duration.ofDays(1);
        return new Link() {
            @Override
            public void send(byte[] m) throws InterruptedException {
                s.send(m, 0, m.length, forever);
            }

            @Override
            public void receive(byte[] m) throws InterruptedException {
                r.receive(m, forever);
            }
        };
    }

    static Link socket(SocketChannel ch) {
        ByteBuffer buf = ByteBuffer.allocateDirect(MESSAGE);
        return new Link() {
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
                buf.clear();
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        throw new EOFException();
                    }
                }
                buf.flip().get(m);
            }
        };
    }

    static Link streams(InputStream in, OutputStream out) {
        return new Link() {
            @Override
            public void send(byte[] m) throws IOException {
                out.write(m);
                out.flush();
            }

            @Override
            public void receive(byte[] m) throws IOException {
                for (int n = 0; n < m.length; ) {
                    int r = in.read(m, n, m.length - n);
                    if (r < 0) {
                        throw new EOFException();
                    }
                    n += r;
                }
            }
        };
    }

    public static void main(String[] args) throws Exception {
        Link link;
        switch (args[0]) {
            case "channel":
                link = channel(MessageChannel.open(args[1] + "-resp"), MessageChannel.open(args[1] + "-req"));
                break;
            case "unix": {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(Path.of(args[1])));
                link = socket(ch);
                break;
            }
            case "pipe":
                link = streams(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        byte[] m = new byte[MESSAGE];
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        long expected = 0;
        long count = 0;
        long outOfSequence = 0;
        int tid = JavaThreads.currentTid();
        while (true) {
            link.receive(m);
            switch (m[0]) {
                case ECHO:
                    b.putLong(16, tid);
                    link.send(m);
                    break;
                case STREAM:
                    if (b.getLong(8) != expected) {
                        outOfSequence++;
                    }
                    expected = b.getLong(8) + 1;
                    count++;
                    break;
                case END:
                    b.putLong(8, count);
                    b.putLong(16, outOfSequence);
                    link.send(m);
                    count = 0;
                    expected = 0;
                    outOfSequence = 0;
                    break;
                default:
                    return;
            }
        }
    }
}
