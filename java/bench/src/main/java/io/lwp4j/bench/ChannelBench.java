package io.lwp4j.bench;

import io.lwp4j.ipc.MessageChannel;
import io.lwp4j.memory.SharedMemory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 64-byte messages between two JVMs ({@link ChannelEcho} is the other): lwp4j's {@link MessageChannel}, a Unix domain
 * socket and a pipe. {@code *RoundTrip}: one message there and back. {@code *OneWay}: the time per message of a
 * stream of {@value #BATCH} messages that the other JVM counts and checks in sequence (then one answer for the whole
 * batch; a lost or reordered message fails the benchmark). Compare with {@code bench_ipc_channel c2c} (two C
 * processes on the same layout).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ChannelBench {

    static final int BATCH = 10_000;

    private final List<Process> peers = new ArrayList<>();
    private final byte[] m = new byte[ChannelEcho.MESSAGE];
    private final ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
    private String name;
    private Path dir;
    private ChannelEcho.Link channel;
    private ChannelEcho.Link unix;
    private ChannelEcho.Link pipe;

    @Setup
    public void start() throws Exception {
        name = "lwp4j-bench-chan-" + ProcessHandle.current().pid();
        MessageChannel req = MessageChannel.create(name + "-req", 1 << 16);
        MessageChannel resp = MessageChannel.create(name + "-resp", 1 << 16);
        peers.add(echo("channel", name));
        channel = ChannelEcho.channel(req, resp);
        dir = Files.createTempDirectory("lwp4j-bench-uds");
        Path sock = dir.resolve("sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
            peers.add(echo("unix", sock.toString()));
            unix = ChannelEcho.socket(s.accept());
        }
        Process p = echo("pipe", "-");
        peers.add(p);
        pipe = ChannelEcho.streams(p.getInputStream(), p.getOutputStream());
        channelRoundTrip();
        unixSocketRoundTrip();
        pipeRoundTrip();
    }

    static Process echo(String mode, String where) throws java.io.IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChannelEcho.class.getName());
        cmd.add(mode);
        cmd.add(where);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private long roundTrip(ChannelEcho.Link link) throws Exception {
        m[0] = 0;
        link.send(m);
        link.receive(m);
        return b.getLong(8);
    }

    private void oneWay(ChannelEcho.Link link) throws Exception {
        m[0] = 1;
        for (long i = 0; i < BATCH; i++) {
            b.putLong(8, i);
            link.send(m);
        }
        m[0] = 2;
        link.send(m);
        link.receive(m);
        if (b.getLong(8) != BATCH || b.getLong(16) != 0) {
            throw new IllegalStateException("the peer counted " + b.getLong(8) + " of " + BATCH + " messages, "
                    + b.getLong(16) + " out of sequence");
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
        m[0] = 3;
        for (ChannelEcho.Link l : List.of(channel, unix, pipe)) {
            l.send(m);
        }
        for (Process p : peers) {
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        SharedMemory.unlink(name + "-req");
        SharedMemory.unlink(name + "-resp");
        Files.deleteIfExists(dir.resolve("sock"));
        Files.deleteIfExists(dir);
    }
}
