package io.lwp4j.bench;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.lwp4j.cli.demo.IpcLinks;
import java.nio.ByteOrder;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The other JVM of {@link AeronBench}: runs the Aeron media driver (embedded, one shared thread) in directory DIR,
 * subscribes to {@code aeron:ipc} stream {@value #TO_ECHO} and answers on stream {@value #FROM_ECHO}, with the
 * protocol of {@link ChannelEcho} (0 echo, 1 streamed, 2 end of stream, 3 quit). IDLE: {@code backoff} (Aeron's
 * default, {@link BackoffIdleStrategy}, for the driver and this poll loop) or {@code sleeping}
 * ({@link SleepingMillisIdleStrategy}, 1 ms). Prints {@code ready} when subscribed.
 */
public final class AeronEcho {

    static final String CHANNEL = "aeron:ipc";
    static final int TO_ECHO = 1001;
    static final int FROM_ECHO = 1002;

    private AeronEcho() {}

    static IdleStrategy idle(String name) {
        return name.equals("sleeping") ? new SleepingMillisIdleStrategy(1) : new BackoffIdleStrategy();
    }

    /** Timeouts far above Aeron's 10 s defaults: a loaded machine must not look like a dead driver or client. */
    static final long TIMEOUT_MS = 120_000;

    static Aeron.Context client(String dir) {
        return new Aeron.Context().aeronDirectoryName(dir).driverTimeoutMs(TIMEOUT_MS);
    }

    public static void main(String[] args) {
        String dir = args[0];
        IdleStrategy idle = idle(args[1]);
        MediaDriver.Context driverContext = new MediaDriver.Context().aeronDirectoryName(dir)
                .threadingMode(ThreadingMode.SHARED).sharedIdleStrategy(idle(args[1])).dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true).driverTimeoutMs(TIMEOUT_MS).clientLivenessTimeoutNs(TIMEOUT_MS * 1_000_000L)
                .imageLivenessTimeoutNs(TIMEOUT_MS * 1_000_000L)
                .publicationUnblockTimeoutNs(2 * TIMEOUT_MS * 1_000_000L);
        try (MediaDriver driver = MediaDriver.launch(driverContext);
                Aeron aeron = Aeron.connect(client(dir));
                Subscription sub = aeron.addSubscription(CHANNEL, TO_ECHO);
                Publication pub = aeron.addExclusivePublication(CHANNEL, FROM_ECHO)) {
            UnsafeBuffer out = new UnsafeBuffer(new byte[IpcLinks.MESSAGE]);
            long[] state = new long[4]; // expected, count, out of sequence, quit
            FragmentHandler h = (buf, off, len, header) -> {
                byte kind = buf.getByte(off);
                if (kind == 0) {
                    out.putBytes(0, buf, off, len);
                    out.putLong(16, ProcessHandle.current().pid(), ByteOrder.LITTLE_ENDIAN);
                    offer(pub, out, len);
                } else if (kind == 1) {
                    long seq = buf.getLong(off + 8, ByteOrder.LITTLE_ENDIAN);
                    if (seq != state[0]) {
                        state[2]++;
                    }
                    state[0] = seq + 1;
                    state[1]++;
                } else if (kind == 2) {
                    out.putBytes(0, buf, off, len);
                    out.putLong(8, state[1], ByteOrder.LITTLE_ENDIAN);
                    out.putLong(16, state[2], ByteOrder.LITTLE_ENDIAN);
                    offer(pub, out, len);
                    state[0] = 0;
                    state[1] = 0;
                    state[2] = 0;
                } else {
                    state[3] = 1;
                }
            };
            FragmentAssembler assembler = new FragmentAssembler(h);
            System.out.println("ready");
            System.out.flush();
            while (state[3] == 0) {
                idle.idle(sub.poll(assembler, 64));
            }
        }
    }

    /** Offers until accepted (back pressure: retry); fails if the other side is gone. */
    static void offer(Publication pub, UnsafeBuffer b, int len) {
        long r;
        while ((r = pub.offer(b, 0, len)) < 0) {
            if (r == Publication.CLOSED || r == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("publication " + r);
            }
            Thread.onSpinWait();
        }
    }
}
