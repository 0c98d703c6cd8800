package io.lwp4j.stress;

import io.lwp4j.ipc.MessageChannel;
import io.lwp4j.ipc.MessageReceiver;
import io.lwp4j.ipc.MessageSender;
import io.lwp4j.memory.NativeMemory;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.JJ_Result;

/** {@link MessageChannel}: a committed message is seen whole or not at all, and messages arrive in order. */
public final class ChannelStress {

    private ChannelStress() {}

    private static final long PATTERN = 0x0102030405060708L;

    /**
     * Channels for states, in a ring (as {@link Slots}): jcstress makes many states and has no teardown, so each
     * takes one of a fixed set of shared mappings, laid out afresh.
     */
    static final class Channels {
        private static final int COUNT = 1 << 12;
        private static final NativeMemory[] MEMORY = new NativeMemory[COUNT];
        private static final AtomicLong NEXT = new AtomicLong();

        static {
            for (int i = 0; i < COUNT; i++) {
                MEMORY[i] = NativeMemory.createShared(MessageChannel.HEADER_BYTES + 256);
            }
        }

        static MessageChannel take() {
            return MessageChannel.create(MEMORY[(int) (NEXT.getAndIncrement() & (COUNT - 1))], 256);
        }
    }

    /** A fresh channel, its two ends, and the consumer's buffer. */
    abstract static class Ends {
        final MessageChannel ch = Channels.take();
        final MessageSender tx = ch.sender();
        final MessageReceiver rx = ch.receiver();
        final byte[] buf = new byte[16];
    }

    /** The consumer polls while the producer claims, writes and commits: empty, or the whole message. */
    @JCStressTest
    @Outcome(id = "-1, 0", expect = Expect.ACCEPTABLE, desc = "not yet committed")
    @Outcome(id = "8, 1", expect = Expect.ACCEPTABLE, desc = "the whole message, its bytes visible")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a message seen before its bytes (or torn)")
    @State
    public static class PublishIsWhole extends Ends {

        @Actor
        public void producer() {
            long at = tx.claim(8);
            ch.memory().setLong(at, PATTERN);
            tx.commit();
        }

        @Actor
        public void consumer(II_Result r) {
            int n = rx.poll(buf);
            r.r1 = n;
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = v << 8 | (buf[i] & 0xff);
            }
            r.r2 = n == 8 && v == PATTERN ? 1 : 0;
        }
    }

    /** Two messages, two polls: in order, never the second before the first. */
    @JCStressTest
    @Outcome(id = "-1, -1", expect = Expect.ACCEPTABLE, desc = "neither yet")
    @Outcome(id = "-1, 1", expect = Expect.ACCEPTABLE, desc = "the first arrived between the polls")
    @Outcome(id = "1, -1", expect = Expect.ACCEPTABLE, desc = "the first, not yet the second")
    @Outcome(id = "1, 2", expect = Expect.ACCEPTABLE, desc = "both, in order")
    @Outcome(expect = Expect.FORBIDDEN, desc = "out of order, duplicated, or torn")
    @State
    public static class InOrder extends Ends {

        @Actor
        public void producer() {
            tx.offer(new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
            tx.offer(new byte[] {2, 0, 0, 0, 0, 0, 0, 0});
        }

        @Actor
        public void consumer(JJ_Result r) {
            r.r1 = rx.poll(buf) < 0 ? -1 : buf[0];
            r.r2 = rx.poll(buf) < 0 ? -1 : buf[0];
        }
    }
}
