package io.lwp4j.ipc;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.WaitOutcome;
import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.memory.SharedMemory;
import java.time.Duration;

/**
 * A bounded, single-producer/single-consumer message channel between processes (or threads): a ring of byte
 * messages in a {@link SharedMemory} mapping that both sides open by name, woken through futexes only when a side
 * actually sleeps. See the {@linkplain io.lwp4j.ipc package documentation} for the layout, which C peers share.
 *
 * <p>One process {@linkplain #create creates} the channel (and eventually {@linkplain #unlink() unlinks} its
 * name); the other {@linkplain #open opens} it, which validates the header. Each takes its end:
 * {@link #sender()} or {@link #receiver()}. {@link #close()} unmaps this process's view (close the ends first).
 *
 * {@snippet :
 * try (MessageChannel ch = MessageChannel.create("orders", 1 << 20);        // process A
 *      MessageSender tx = ch.sender()) {
 *     tx.send(bytes, 0, bytes.length, Duration.ofSeconds(1));
 * }
 * try (MessageChannel ch = MessageChannel.open("orders");                   // process B
 *      MessageReceiver rx = ch.receiver()) {
 *     byte[] buf = new byte[ch.maxMessageLength()];
 *     int n = rx.receive(buf, Duration.ofSeconds(1));                        // -1: timed out
 * }
 * }
 *
 * <p>Thread-safety: the channel object may be shared; each end belongs to one thread at a time.
 */
public final class MessageChannel implements AutoCloseable {

    /** The header's first word: the bytes {@code "LWCN"} (little-endian). */
    public static final int MAGIC = 0x4E43574C;
    /** The layout version this code speaks. */
    public static final int VERSION = 1;
    /** Bytes before the ring. */
    public static final int HEADER_BYTES = 256;
    /** The smallest ring. */
    public static final int MIN_CAPACITY = 64;
    /** The largest ring: 1 GiB. */
    public static final int MAX_CAPACITY = 1 << 30;

    static final int OFF_MAGIC = 0;
    static final int OFF_VERSION = 4;
    static final int OFF_CAPACITY = 8;
    static final int OFF_HEADER_BYTES = 12;
    static final int OFF_PRODUCER_PID = 16;
    static final int OFF_CONSUMER_PID = 20;
    static final int OFF_PRODUCER_START = 24;
    static final int OFF_CONSUMER_START = 32;
    static final int OFF_STATE = 40;
    static final int OFF_TAIL = 64;
    static final int OFF_CONSUMER_SLEEPING = 68;
    static final int OFF_HEAD = 128;
    static final int OFF_PRODUCER_SLEEPING = 132;

    static final int STATE_PRODUCER_CLOSED = 1;
    static final int STATE_CONSUMER_CLOSED = 2;

    static final int RECORD_HEADER = 8;
    static final int KIND_MESSAGE = 1;
    static final int KIND_PADDING = 2;

    /** System property: how often, in milliseconds, a blocked end checks that its peer's process lives. */
    public static final String LIVENESS_CHECK_PROP_NAME = "lwp4j.ipc.livenessCheckMillis";
    /** Default of {@value #LIVENESS_CHECK_PROP_NAME}. */
    public static final long LIVENESS_CHECK_DEFAULT = 1000;
    /** System property: how many times an end re-reads the ring before it sleeps (0 on one CPU). */
    public static final String SPINS_PROP_NAME = "lwp4j.ipc.spins";
    /** Default of {@value #SPINS_PROP_NAME}. */
    public static final int SPINS_DEFAULT = 200;

    static final long SLICE_NS = Math.max(1, Long.getLong(LIVENESS_CHECK_PROP_NAME, LIVENESS_CHECK_DEFAULT))
            * 1_000_000L;
    static final int SPINS = Runtime.getRuntime().availableProcessors() < 2 ? 0
            : Math.max(0, Integer.getInteger(SPINS_PROP_NAME, SPINS_DEFAULT));

    private final NativeMemory memory;
    private final String name;
    private final int capacity;

    private MessageChannel(NativeMemory memory, String name, int capacity) {
        this.memory = memory;
        this.name = name;
        this.capacity = capacity;
    }

    /**
     * Creates the name (exclusively, mode 0600, as {@link SharedMemory#create}) with a ring of {@code capacity}
     * bytes and writes the header.
     *
     * @param capacity a power of two from {@value #MIN_CAPACITY} to {@link #MAX_CAPACITY}
     */
    public static MessageChannel create(String name, int capacity) {
        checkCapacity(capacity, "MessageChannel.create(" + name + ")");
        SharedMemory shm = SharedMemory.create(name, (long) HEADER_BYTES + capacity);
        try {
            return init(shm, name, capacity);
        } catch (RuntimeException e) {
            shm.close();
            shm.unlink();
            throw e;
        }
    }

    /**
     * A channel in {@code memory} that this process already shares (a {@link NativeMemory#createShared}
     * mapping inherited by a child, or a mapping opened some other way), laid out from scratch: the header is
     * written, the ring emptied. The channel does not own the memory ({@link #close()} leaves it mapped).
     */
    public static MessageChannel create(NativeMemory memory, int capacity) {
        checkCapacity(capacity, "MessageChannel.create(" + memory + ")");
        if (!memory.isShared() || memory.size() < (long) HEADER_BYTES + capacity) {
            throw new IllegalArgumentException("MessageChannel.create(" + memory + ", " + capacity + "): needs "
                    + "shared memory of at least " + (HEADER_BYTES + (long) capacity) + " bytes");
        }
        return init(memory, null, capacity);
    }

    private static MessageChannel init(NativeMemory m, String name, int capacity) {
        for (int i = 0; i < HEADER_BYTES; i += 8) {
            m.setLong(i, 0);
        }
        m.setInt(OFF_VERSION, VERSION);
        m.setInt(OFF_CAPACITY, capacity);
        m.setInt(OFF_HEADER_BYTES, HEADER_BYTES);
        m.setIntRelease(OFF_MAGIC, MAGIC); // last: an opener that sees the magic sees the rest
        return new MessageChannel(m, name, capacity);
    }

    /**
     * Opens a channel by name and validates its header against the mapping.
     *
     * @throws CorruptChannelException when the header is not a valid version-{@value #VERSION} channel for a
     *     mapping of this size (the message names the field)
     */
    public static MessageChannel open(String name) {
        SharedMemory shm = SharedMemory.open(name);
        try {
            return new MessageChannel(shm, name, validate(shm, "MessageChannel.open(" + name + ")"));
        } catch (RuntimeException e) {
            shm.close();
            throw e;
        }
    }

    /** Validates the header in {@code memory} (not owned by the result, as {@link #create(NativeMemory, int)}). */
    public static MessageChannel open(NativeMemory memory) {
        return new MessageChannel(memory, null, validate(memory, "MessageChannel.open(" + memory + ")"));
    }

    private static int validate(NativeMemory m, String what) {
        if (m.size() < HEADER_BYTES) {
            throw new CorruptChannelException(what + ": the mapping is " + m.size() + " bytes, less than the "
                    + HEADER_BYTES + "-byte header");
        }
        int magic = m.getIntAcquire(OFF_MAGIC);
        if (magic != MAGIC) {
            throw new CorruptChannelException(what + ": bad magic 0x" + Integer.toHexString(magic) + " (expected 0x"
                    + Integer.toHexString(MAGIC) + ", \"LWCN\"): not a message channel, or not initialised yet");
        }
        int version = m.getInt(OFF_VERSION);
        if (version != VERSION) {
            throw new CorruptChannelException(what + ": layout version " + version + ", this code speaks "
                    + VERSION);
        }
        int header = m.getInt(OFF_HEADER_BYTES);
        if (header != HEADER_BYTES) {
            throw new CorruptChannelException(what + ": header size " + header + ", expected " + HEADER_BYTES);
        }
        int capacity = m.getInt(OFF_CAPACITY);
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new CorruptChannelException(what + ": capacity " + capacity + " is not a power of two from "
                    + MIN_CAPACITY + " to " + MAX_CAPACITY);
        }
        if ((long) HEADER_BYTES + capacity > m.size()) {
            throw new CorruptChannelException(what + ": capacity " + capacity + " + the " + HEADER_BYTES
                    + "-byte header is more than the " + m.size() + "-byte mapping");
        }
        return capacity;
    }

    private static void checkCapacity(int capacity, String what) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException(what + ": capacity " + capacity + " is not a power of two from "
                    + MIN_CAPACITY + " to " + MAX_CAPACITY);
        }
    }

    /** The ring's size in bytes. */
    public int capacity() {
        return capacity;
    }

    /** The longest message: half the ring less a record header, so that a message always fits after a wrap. */
    public int maxMessageLength() {
        return capacity / 2 - RECORD_HEADER;
    }

    /** The memory the channel lives in (messages are read and written in it by the zero-copy forms). */
    public NativeMemory memory() {
        return memory;
    }

    /** The shared-memory name, or null for a channel in memory it was handed. */
    public String name() {
        return name;
    }

    /**
     * Attaches this process as the producer and returns its end.
     *
     * @throws IllegalStateException when a live producer is attached already (a dead or closed one is replaced)
     */
    public MessageSender sender() {
        MessageSender end = new MessageSender(this); // validates the positions first
        attach(OFF_PRODUCER_PID, OFF_PRODUCER_START, STATE_PRODUCER_CLOSED, "producer");
        return end;
    }

    /**
     * Attaches this process as the consumer and returns its end.
     *
     * @throws IllegalStateException when a live consumer is attached already (a dead or closed one is replaced)
     */
    public MessageReceiver receiver() {
        attach(OFF_CONSUMER_PID, OFF_CONSUMER_START, STATE_CONSUMER_CLOSED, "consumer");
        return new MessageReceiver(this);
    }

    private void attach(int pidOff, int startOff, int closedBit, String role) {
        int me = (int) ProcessHandle.current().pid();
        long start = Peer.selfStartTime();
        while (true) {
            int pid = memory.getIntVolatile(pidOff);
            boolean replaceable = pid == 0 || (state() & closedBit) != 0
                    || !Peer.isAlive(pid, memory.getLongAcquire(startOff));
            if (!replaceable) {
                throw new IllegalStateException(this + ": a " + role + " is attached already (pid " + pid + ")");
            }
            if (memory.compareAndSetInt(pidOff, pid, me)) {
                memory.setLongRelease(startOff, start);
                clearState(closedBit);
                return;
            }
        }
    }

    int state() {
        return memory.getIntVolatile(OFF_STATE);
    }

    void setState(int bit) {
        int s;
        do {
            s = memory.getIntVolatile(OFF_STATE);
        } while (!memory.compareAndSetInt(OFF_STATE, s, s | bit));
    }

    private void clearState(int bit) {
        int s;
        do {
            s = memory.getIntVolatile(OFF_STATE);
        } while (!memory.compareAndSetInt(OFF_STATE, s, s & ~bit));
    }

    /** Whether the peer in {@code pidOff}/{@code startOff} was attached and its process is gone. */
    boolean peerDied(int pidOff, int startOff) {
        int pid = memory.getIntVolatile(pidOff);
        return pid != 0 && !Peer.isAlive(pid, memory.getLongAcquire(startOff));
    }

    Futex<?> futex(int offset) {
        return Futex.on(memory, offset);
    }

    /**
     * Sleeps on {@code word} while it holds {@code expected}, having raised the sleeping flag at {@code flagOff}
     * (the peer wakes only when it finds the flag up), for at most one liveness slice and the time left until
     * {@code deadline}. The caller re-checks the ring after it returns.
     *
     * @return {@code false} when the deadline has passed
     */
    boolean sleep(Futex<?> word, int expected, int flagOff, Deadline deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long span = SLICE_NS;
        if (!deadline.isForever()) {
            long left = deadline.remainingNanos();
            if (left <= 0) {
                return false;
            }
            span = Math.min(span, left);
        }
        memory.getAndSetInt(flagOff, 1);
        if (memory.getIntVolatile(word.offset()) == expected) {
            WaitOutcome o = word.await(expected, Duration.ofNanos(span));
            if (o == WaitOutcome.INTERRUPTED) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    /**
     * Spins on {@code word} while it holds {@code expected}, at most {@value #SPINS_DEFAULT} reads by default.
     *
     * @return whether it changed
     */
    boolean spin(int wordOff, int expected) {
        for (int i = 0; i < SPINS; i++) {
            if (memory.getIntAcquire(wordOff) != expected) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** Unmaps this process's view if the channel owns the mapping (close both ends first). Idempotent. */
    @Override
    public void close() {
        if (name != null) {
            memory.close();
        }
    }

    /** Removes the name (the creator's job); mappings stay valid until closed. */
    public boolean unlink() {
        return name != null && SharedMemory.unlink(name);
    }

    @Override
    public String toString() {
        return "MessageChannel[" + (name != null ? name + ", " : "") + capacity + "-byte ring]";
    }
}
