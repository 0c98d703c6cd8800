package io.lwp4j.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * The other process of {@link MessageChannelIpcTest}: opens the channel by name and plays one role.
 * <ul>
 *   <li>{@code produce N}: sends messages 0..N-1 (each 64 bytes: the sequence number, then filler derived from it),
 *       then closes its end;</li>
 *   <li>{@code produce-forever}: sends numbered messages until killed;</li>
 *   <li>{@code consume N}: receives N messages, checks sequence and filler, prints {@code ok N};</li>
 *   <li>{@code consume-late N millis}: attaches, prints {@code attached}, sleeps, then consumes N.</li>
 * </ul>
 */
public final class ChannelChild {

    private ChannelChild() {}

    static final int MESSAGE = 64;

    static void fill(byte[] m, long seq) {
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, seq);
        for (int i = 8; i < MESSAGE; i += 8) {
            b.putLong(i, seq * 31 + i);
        }
    }

    /** The message's sequence number, or -1 when its filler does not match it. */
    static long check(byte[] m, int length) {
        if (length != MESSAGE) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        long seq = b.getLong(0);
        for (int i = 8; i < MESSAGE; i += 8) {
            if (b.getLong(i) != seq * 31 + i) {
                return -1;
            }
        }
        return seq;
    }

    public static void main(String[] args) throws Exception {
        String role = args[1];
        try (MessageChannel ch = MessageChannel.open(args[0])) {
            if (role.startsWith("produce")) {
                long n = role.equals("produce") ? Long.parseLong(args[2]) : Long.MAX_VALUE;
                try (MessageSender tx = ch.sender()) {
                    byte[] m = new byte[MESSAGE];
                    for (long i = 0; i < n; i++) {
                        fill(m, i);
                        if (!tx.send(m, 0, MESSAGE, Duration.ofSeconds(30))) {
                            throw new IllegalStateException("send(" + i + ") timed out");
                        }
                    }
                }
            } else {
                long n = Long.parseLong(args[2]);
                try (MessageReceiver rx = ch.receiver()) {
                    if (role.equals("consume-late")) {
                        System.out.println("attached");
                        System.out.flush();
                        Thread.sleep(Long.parseLong(args[3]));
                    }
                    byte[] m = new byte[ch.maxMessageLength()];
                    for (long i = 0; i < n; i++) {
                        int len = rx.receive(m, Duration.ofSeconds(30));
                        long seq = check(m, len);
                        if (seq != i) {
                            throw new IllegalStateException("message " + i + ": got " + seq + " (length " + len
                                    + ")");
                        }
                    }
                    System.out.println("ok " + n);
                }
            }
        }
    }
}
