package io.lwp4j.bench;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.lwp4j.cli.demo.IpcLinks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Aeron IPC between two JVMs, the peer of {@link ChannelBench}: one publication and one subscription each way on
 * {@code aeron:ipc}, the media driver embedded in the echo JVM ({@link AeronEcho}), 64-byte messages, the same
 * round-trip and one-way protocol. {@code idle}: Aeron's default {@code BackoffIdleStrategy} or a 1 ms sleeping one
 * (driver and both poll loops).
 */
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"})
public class AeronBench extends JmhBenchmark {

    @Param({"backoff", "sleeping"})
    public String idle;

    private Process echo;
    private Aeron aeron;
    private Publication pub;
    private Subscription sub;
    private IdleStrategy idler;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[IpcLinks.MESSAGE]);
    private final long[] reply = new long[3]; // got a reply, word 8, word 16
    private FragmentAssembler handler;

    @Setup
    public void start() throws Exception {
        String dir = "/dev/shm/lwp4j-aeron-" + ProcessHandle.current().pid() + "-" + idle;
        echo = start(dir, idle);
        aeron = Aeron.connect(AeronEcho.client(dir));
        pub = aeron.addExclusivePublication(AeronEcho.CHANNEL, AeronEcho.TO_ECHO);
        sub = aeron.addSubscription(AeronEcho.CHANNEL, AeronEcho.FROM_ECHO);
        idler = AeronEcho.idle(idle);
        handler = new FragmentAssembler((buf, off, len, header) -> {
            reply[0] = 1;
            reply[1] = buf.getLong(off + 8, ByteOrder.LITTLE_ENDIAN);
            reply[2] = buf.getLong(off + 16, ByteOrder.LITTLE_ENDIAN);
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pub.isConnected() || !sub.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Aeron echo never connected");
            }
            Thread.sleep(1);
        }
        roundTrip();
    }

    /** Starts {@link AeronEcho} in directory {@code dir} and waits for its {@code ready}. */
    static Process start(String dir, String idle) throws Exception {
        Process p = PeerJvm.start(AeronEcho.class, List.of("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), dir, idle);
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("the Aeron echo did not start: " + line);
        }
        return p;
    }

    private void send(byte kind, long seq) {
        out.putByte(0, kind);
        out.putLong(8, seq, ByteOrder.LITTLE_ENDIAN);
        AeronEcho.offer(pub, out, IpcLinks.MESSAGE);
    }

    private void awaitReply() {
        reply[0] = 0;
        while (reply[0] == 0) {
            idler.idle(sub.poll(handler, 1));
        }
        idler.reset();
    }

    @Benchmark
    public long roundTrip() {
        send((byte) 0, 0);
        awaitReply();
        return reply[1];
    }

    @Benchmark
    @OperationsPerInvocation(ChannelBench.BATCH)
    public void oneWay() {
        for (long i = 0; i < ChannelBench.BATCH; i++) {
            send((byte) 1, i);
        }
        send((byte) 2, 0);
        awaitReply();
        if (reply[1] != ChannelBench.BATCH || reply[2] != 0) {
            throw new IllegalStateException("the echo counted " + reply[1] + " of " + ChannelBench.BATCH + ", "
                    + reply[2] + " out of sequence");
        }
    }

    @TearDown
    public void stop() throws Exception {
        send((byte) 3, 0);
        echo.waitFor(10, TimeUnit.SECONDS);
        echo.destroyForcibly();
        pub.close();
        sub.close();
        aeron.close();
    }
}
