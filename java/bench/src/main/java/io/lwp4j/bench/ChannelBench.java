package io.lwp4j.bench;

import io.lwp4j.cli.demo.IpcLinks;
import io.lwp4j.ipc.MessageChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 64-byte messages between two JVMs ({@link ChannelEcho} is the other): lwp4j's {@link MessageChannel}, a Unix domain
 * socket and a pipe. {@code *RoundTrip}: one message there and back. {@code *OneWay}: the time per message of a
 * stream of {@value #BATCH} messages that the other JVM counts and checks in sequence (then one answer for the whole
 * batch; a lost or reordered message fails the benchmark). The links and the protocol are {@code lwp4j demo ipc}'s
 * ({@link IpcLinks}). Compare with {@code bench_ipc_channel c2c} (two C
 * processes on the same layout).
 */
public class ChannelBench extends JmhBenchmark {

    static final int BATCH = 10_000;

    private final byte[] m = new byte[IpcLinks.MESSAGE];
    private final ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
    private ChannelPeers peers;
    private IpcLinks.Link channel;
    private IpcLinks.Link unix;
    private IpcLinks.Link pipe;

    @Setup
    public void start() throws Exception {
        peers = ChannelPeers.start("lwp4j-bench-chan-" + ProcessHandle.current().pid());
        channel = peers.links().get(0);
        unix = peers.links().get(1);
        pipe = peers.links().get(2);
        channelRoundTrip();
        unixSocketRoundTrip();
        pipeRoundTrip();
    }

    private long roundTrip(IpcLinks.Link link) throws Exception {
        m[0] = IpcLinks.ECHO;
        link.send(m);
        link.receive(m);
        return b.getLong(8);
    }

    private void oneWay(IpcLinks.Link link) throws Exception {
        m[0] = IpcLinks.STREAM;
        for (long i = 0; i < BATCH; i++) {
            b.putLong(8, i);
            b.putLong(16, i * 31);
            link.send(m);
        }
        m[0] = IpcLinks.END;
        link.send(m);
        link.receive(m);
        if (b.getLong(16) != BATCH || b.getLong(8) != 0) {
            throw new IllegalStateException("the peer received " + b.getLong(16) + " of " + BATCH + " messages, "
                    + b.getLong(8) + " out of sequence");
        }
    }

    @Benchmark
    public long channelRoundTrip() throws Exception {
        return roundTrip(channel);
    }

    @Benchmark
    public long unixSocketRoundTrip() throws Exception {
        return roundTrip(unix);
    }

    @Benchmark
    public long pipeRoundTrip() throws Exception {
        return roundTrip(pipe);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void channelOneWay() throws Exception {
        oneWay(channel);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void unixSocketOneWay() throws Exception {
        oneWay(unix);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void pipeOneWay() throws Exception {
        oneWay(pipe);
    }

    @TearDown
    public void stop() throws Exception {
        peers.close();
    }
}
