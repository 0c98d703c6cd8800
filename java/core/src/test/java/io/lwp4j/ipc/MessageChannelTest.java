package io.lwp4j.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.memory.NativeMemory;
import io.lwp4j.memory.SharedMemory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link MessageChannel} in one process: the ring's rules, timeouts, and untrusted memory. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageChannelTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void messagesOfEverySizeWrapTheRingInOrder() throws Exception {
        try (NativeMemory mem = NativeMemory.createShared(MessageChannel.HEADER_BYTES + 256)) {
            MessageChannel ch = MessageChannel.create(mem, 256);
            assertEquals(120, ch.maxMessageLength());
            try (MessageSender tx = ch.sender(); MessageReceiver rx = ch.receiver()) {
                byte[] buf = new byte[ch.maxMessageLength()];
                assertEquals(-1, rx.poll(buf));
                for (int round = 0; round < 2000; round++) {
                    int len = round % (ch.maxMessageLength() + 1);
                    byte[] m = new byte[len];
                    for (int i = 0; i < len; i++) {
                        m[i] = (byte) (round + i);
                    }
                    assertTrue(tx.offer(m), "an empty ring takes any message up to the maximum");
                    int got = rx.poll(buf);
                    assertEquals(len, got);
                    for (int i = 0; i < len; i++) {
                        assertEquals((byte) (round + i), buf[i]);
                    }
                }
                assertEquals(-1, rx.poll(buf));
                assertThrows(IllegalArgumentException.class, () -> tx.offer(new byte[121]));
                assertThrows(IllegalArgumentException.class, () -> tx.claim(-1));
            }
        }
    }

    @Test
    void claimAndCommitWriteInPlaceAndReadInPlace() {
        try (NativeMemory mem = NativeMemory.createShared(8192)) {
            MessageChannel ch = MessageChannel.create(mem, 4096);
            try (MessageSender tx = ch.sender(); MessageReceiver rx = ch.receiver()) {
                long at = tx.claim(16);
                tx.memory().setLong(at, 42);
                tx.memory().setLong(at + 8, 43);
                assertThrows(IllegalStateException.class, () -> tx.claim(8), "one claim at a time");
                assertFalse(rx.read((m, o, l) -> { }), "not visible before the commit");
                tx.commit();
                assertThrows(IllegalStateException.class, tx::commit);
                AtomicReference<long[]> seen = new AtomicReference<>();
                assertTrue(rx.read((m, o, l) -> seen.set(new long[] {m.getLong(o), m.getLong(o + 8), l})));
                assertArrayEquals(new long[] {42, 43, 16}, seen.get());
                assertEquals(0, tx.backlog());
            }
        }
    }

    @Test
    void timeoutsAndCloseAreReported() throws Exception {
        try (NativeMemory mem = NativeMemory.createShared(8192)) {
            MessageChannel ch = MessageChannel.create(mem, 128);
            MessageSender tx = ch.sender();
            MessageReceiver rx = ch.receiver();
            byte[] buf = new byte[64];
            long t0 = System.nanoTime();
            assertEquals(-1, rx.receive(buf, Duration.ofMillis(120)));
            assertTrue(System.nanoTime() - t0 >= 120_000_000L);
            assertTrue(tx.offer(new byte[56]));
            assertTrue(tx.offer(new byte[56]));
            assertFalse(tx.offer(new byte[1]), "full");
            assertFalse(tx.send(new byte[1], 0, 1, Duration.ofMillis(50)));
            assertFalse(tx.send(new byte[1], 0, 1, Duration.ofSeconds(-1)), "a negative timeout has passed");
            assertThrows(IllegalArgumentException.class, () -> rx.poll(new byte[8]), "too small a buffer");
            assertEquals(56, rx.poll(buf), "the message stayed for a bigger buffer");
            tx.close();
            assertEquals(56, rx.receive(buf, Duration.ofSeconds(1)), "committed before the close: delivered");
            assertThrows(ChannelClosedException.class, () -> rx.receive(buf,
                    java.time.temporal.ChronoUnit.FOREVER.getDuration()));
            assertThrows(IllegalStateException.class, () -> tx.offer(buf));
            rx.close();
            rx.close();
        }
    }

    @Test
    void aLiveEndCannotBeAttachedTwice() {
        try (NativeMemory mem = NativeMemory.createShared(8192)) {
            MessageChannel ch = MessageChannel.create(mem, 1024);
            MessageSender tx = ch.sender();
            assertThrows(IllegalStateException.class, ch::sender);
            tx.close();
            ch.sender().close(); // a closed end is replaced
        }
    }

    @Test
    void aBlockedReceiverIsWokenAcrossThreadsAndInterruptible() throws Exception {
        try (NativeMemory mem = NativeMemory.createShared(8192)) {
            MessageChannel ch = MessageChannel.create(mem, 1024);
            try (MessageSender tx = ch.sender(); MessageReceiver rx = ch.receiver()) {
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                    tx.offer(bytes("late"));
                });
                t.start();
                byte[] buf = new byte[64];
                assertEquals(4, rx.receive(buf, Duration.ofSeconds(30)));
                t.join();
                Thread.currentThread().interrupt();
                assertThrows(InterruptedException.class, () -> rx.receive(buf, Duration.ofSeconds(30)));
            }
        }
    }

    @Test
    void aCorruptHeaderIsAClearException() {
        String name = "lwp4j-test-chan-corrupt-" + ProcessHandle.current().pid();
        try (SharedMemory shm = SharedMemory.create(name, 8192)) {
            CorruptChannelException e = assertThrows(CorruptChannelException.class, () -> MessageChannel.open(name));
            assertTrue(e.getMessage().contains("bad magic 0x0"), e.getMessage());
            MessageChannel.create(shm, 4096);
            MessageChannel.open(name).close();
            int[][] damage = {
                {MessageChannel.OFF_VERSION, 2, 0},
                {MessageChannel.OFF_HEADER_BYTES, 64, 0},
                {MessageChannel.OFF_CAPACITY, 3000, 0},
                {MessageChannel.OFF_CAPACITY, 1 << 20, 0},
                {MessageChannel.OFF_CAPACITY, Integer.MIN_VALUE, 0},
                {MessageChannel.OFF_CAPACITY, 0, 0},
            };
            for (int[] d : damage) {
                int was = shm.getInt(d[0]);
                shm.setInt(d[0], d[1]);
                assertThrows(CorruptChannelException.class, () -> MessageChannel.open(name), "field at " + d[0]
                        + " = " + d[1]);
                shm.setInt(d[0], was);
            }
        } finally {
            SharedMemory.unlink(name);
        }
    }

    /** Positions and record lengths from the shared memory are untrusted: bounded, never followed out of the ring. */
    @Test
    void corruptPositionsAndRecordsNeverReadOutsideTheRing() {
        try (NativeMemory mem = NativeMemory.createShared(8192)) {
            MessageChannel ch = MessageChannel.create(mem, 1024);
            MessageReceiver rx = ch.receiver();
            byte[] buf = new byte[1024];
            int[][] tails = {{4096}, {-8}, {12}, {Integer.MIN_VALUE}};
            for (int[] t : tails) {
                mem.setIntVolatile(MessageChannel.OFF_TAIL, t[0]);
                assertThrows(CorruptChannelException.class, () -> rx.poll(buf), "tail " + t[0]);
            }
            rx.close();
            long ring = MessageChannel.HEADER_BYTES;
            int[][] records = {{100_000, 1}, {-1, 1}, {600, 1}, {64, 7}, {16, 2}, {32, 1}};
            for (int[] r : records) {
                mem.setInt(ring, r[0]);
                mem.setInt(ring + 4, r[1]);
                mem.setIntVolatile(MessageChannel.OFF_TAIL, 24); // 24 bytes committed
                MessageReceiver fresh = MessageChannel.open(mem).receiver();
                assertThrows(CorruptChannelException.class, () -> fresh.poll(buf), "record " + r[0] + "/" + r[1]);
                fresh.close();
            }
            MessageSender tx;
            mem.setIntVolatile(MessageChannel.OFF_TAIL, 0);
            mem.setIntVolatile(MessageChannel.OFF_HEAD, 2048);
            assertThrows(CorruptChannelException.class, () -> ch.sender(), "head past the tail");
            mem.setIntVolatile(MessageChannel.OFF_HEAD, 0);
            tx = ch.sender();
            assertTrue(tx.offer(new byte[8]));
            mem.setIntVolatile(MessageChannel.OFF_HEAD, 1 << 30);
            assertThrows(CorruptChannelException.class, () -> {
                while (tx.offer(new byte[8])) {
                    // until it re-reads the head
                }
            });
        }
    }
}
