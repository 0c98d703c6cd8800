package io.lwp4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.futex.Futex;
import io.lwp4j.memory.SharedMemory;
import io.lwp4j.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link MessageChannel} between two JVMs: ordering and no loss, a full ring, a producer killed mid-stream. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MessageChannelIpcTest {

    /** How many messages the long stream carries: 10 million unless {@code -Dlwp4j.test.channelMessages}. */
    static final long MESSAGES = Long.getLong("lwp4j.test.channelMessages", 10_000_000L);

    private final String name = "lwp4j-test-chan-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private Process child;

    @AfterEach
    void cleanUp() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
        SharedMemory.unlink(name);
    }

    private Process start(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        child = new ProcessBuilder(ChildJvm.command(List.of(), ChannelChild.class, all))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return child;
    }

    /** The child produces MESSAGES 64-byte messages: every one arrives, in order, intact; then the close. */
    @Test
    void tenMillionMessagesInOrderWithoutLoss() throws Exception {
        try (MessageChannel ch = MessageChannel.create(name, 1 << 16); MessageReceiver rx = ch.receiver()) {
            start("produce", Long.toString(MESSAGES));
            byte[] m = new byte[ch.maxMessageLength()];
            long syscallsBefore = Futex.syscallCount();
            long t0 = System.nanoTime();
            for (long i = 0; i < MESSAGES; i++) {
                int len = rx.receive(m, Duration.ofSeconds(30));
                assertTrue(len >= 0, "message " + i + " never came");
                long seq = ChannelChild.check(m, len);
                if (seq != i) {
                    assertEquals(i, seq, "message " + i + " out of order, lost or damaged (length " + len + ")");
                }
            }
            long ns = System.nanoTime() - t0;
            long syscalls = Futex.syscallCount() - syscallsBefore;
            ChannelClosedException end = assertThrows(ChannelClosedException.class,
                    () -> rx.receive(m, Duration.ofSeconds(30)));
            assertFalse(end.peerDied());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
            System.out.printf("channel: %,d messages in %.2f s (%,.0f/s), %,d futex calls on this side%n",
                    MESSAGES, ns / 1e9, MESSAGES * 1e9 / ns, syscalls);
            assertTrue(syscalls < MESSAGES / 10, "a streaming receiver made " + syscalls + " futex calls for "
                    + MESSAGES + " messages: the sleeping flag did not keep the busy stream free of syscalls");
        }
    }

    /** The parent fills the ring while the child consumer sleeps: offer refuses, send times out, then wakes. */
    @Test
    void fullRingBlocksTheSenderUntilTheConsumerDrains() throws Exception {
        try (MessageChannel ch = MessageChannel.create(name, 1024); MessageSender tx = ch.sender()) {
            int n = 200;
            Process p = start("consume-late", Integer.toString(n), "1500");
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("attached", out.readLine());
            byte[] m = new byte[ChannelChild.MESSAGE];
            int sent = 0;
            ChannelChild.fill(m, sent);
            while (tx.offer(m)) {
                ChannelChild.fill(m, ++sent);
            }
            assertEquals(1024 / 72, sent, "a 1 KiB ring holds 14 72-byte records");
            long t0 = System.nanoTime();
            assertFalse(tx.send(m, 0, m.length, Duration.ofMillis(100)), "send into a full ring timed out");
            assertTrue(System.nanoTime() - t0 >= 100_000_000L);
            for (; sent < n; ChannelChild.fill(m, ++sent)) {
                assertTrue(tx.send(m, 0, m.length, Duration.ofSeconds(30)), "the draining consumer woke the sender");
            }
            assertEquals("ok " + n, out.readLine());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            // The consumer closed its end: a send into the (empty, then full) ring ends with the close.
            while (tx.offer(m)) {
                // fill it again
            }
            ChannelClosedException e = assertThrows(ChannelClosedException.class,
                    () -> tx.send(m, 0, m.length, Duration.ofSeconds(30)));
            assertFalse(e.peerDied());
        }
    }

    /** A producer SIGKILLed mid-stream: the receiver drains what was committed, then learns of the death. */
    @Test
    void producerKilledMidStreamEndsTheWait() throws Exception {
        try (MessageChannel ch = MessageChannel.create(name, 1 << 12); MessageReceiver rx = ch.receiver()) {
            Process p = start("produce-forever");
            byte[] m = new byte[ch.maxMessageLength()];
            long i = 0;
            for (; i < 50_000; i++) {
                int len = rx.receive(m, Duration.ofSeconds(30));
                assertEquals(i, ChannelChild.check(m, len));
            }
            p.destroyForcibly(); // SIGKILL: mid-message, as likely as not
            long t0 = System.nanoTime();
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> {
                for (long j = 50_000; ; j++) {
                    int len = rx.receive(m, Duration.ofSeconds(60));
                    assertEquals(j, ChannelChild.check(m, len), "what was committed before the kill arrives whole");
                }
            });
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.peerDied(), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + p.pid()), e.getMessage());
            assertTrue(ms < 10_000, "the death was seen after " + ms + " ms");
        }
    }
}
