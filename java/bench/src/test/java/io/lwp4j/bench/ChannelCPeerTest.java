package io.lwp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.ipc.MessageChannel;
import io.lwp4j.ipc.MessageReceiver;
import io.lwp4j.ipc.MessageSender;
import io.lwp4j.memory.SharedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Java and C speak one channel layout: Java sends numbered messages through a {@link MessageChannel} to
 * {@code bench_ipc_channel echo} (C, the consumer), which sends them back through a second channel (C, the
 * producer); every one returns, in order and intact, and the C peer ends when Java closes its end.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelCPeerTest {

    @Test
    void javaAndTheCPeerExchangeMessagesBothWays() throws Exception {
        String base = "lwp4j-test-cpeer-" + ProcessHandle.current().pid();
        Path bin = Path.of(System.getProperty("lwp4j.bench.nativeDir", "../core/target/native/host"),
                "bench_ipc_channel");
        int n = 200_000;
        try (MessageChannel req = MessageChannel.create(base + "-req", 1 << 14);
                MessageChannel resp = MessageChannel.create(base + "-resp", 1 << 14);
                MessageSender tx = req.sender()) {
            Process c = new ProcessBuilder(bin.toString(), "echo", base + "-req", base + "-resp")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (MessageReceiver rx = resp.receiver()) {
                byte[] out = new byte[64];
                byte[] in = new byte[resp.maxMessageLength()];
                ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer i = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
                int window = 32;
                long received = 0;
                for (long k = 0; k < n; k++) {
                    int len = 8 + (int) (k % 57);
                    o.putLong(0, k << 8); // first byte 0: echo it
                    for (int b = 8; b < len; b++) {
                        out[b] = (byte) (k + b);
                    }
                    assertTrue(tx.send(out, 0, len, Duration.ofSeconds(30)), "send " + k);
                    if (k - received >= window || k == n - 1) {
                        while (received <= k) {
                            int got = rx.receive(in, Duration.ofSeconds(30));
                            assertEquals(8 + (int) (received % 57), got, "length of echo " + received);
                            assertEquals(received << 8, i.getLong(0), "echo " + received + " in order");
                            if (got > 8) {
                                assertEquals((byte) (received + got - 1), in[got - 1]);
                            }
                            received++;
                        }
                    }
                }
                assertEquals(n, received);
                tx.close();
                assertTrue(c.waitFor(30, TimeUnit.SECONDS), "the C peer saw the close");
                assertEquals(0, c.exitValue());
                String said = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                assertEquals("{\"received\":" + n + "}", said);
            } finally {
                c.destroyForcibly().waitFor();
            }
        } finally {
            SharedMemory.unlink(base + "-req");
            SharedMemory.unlink(base + "-resp");
        }
    }
}
