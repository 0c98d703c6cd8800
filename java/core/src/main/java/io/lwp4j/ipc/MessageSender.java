package io.lwp4j.ipc;

import static io.lwp4j.ipc.MessageChannel.KIND_MESSAGE;
import static io.lwp4j.ipc.MessageChannel.KIND_PADDING;
import static io.lwp4j.ipc.MessageChannel.OFF_CONSUMER_PID;
import static io.lwp4j.ipc.MessageChannel.OFF_CONSUMER_SLEEPING;
import static io.lwp4j.ipc.MessageChannel.OFF_CONSUMER_START;
import static io.lwp4j.ipc.MessageChannel.OFF_HEAD;
import static io.lwp4j.ipc.MessageChannel.OFF_PRODUCER_SLEEPING;
import static io.lwp4j.ipc.MessageChannel.OFF_TAIL;
import static io.lwp4j.ipc.MessageChannel.RECORD_HEADER;
import static io.lwp4j.ipc.MessageChannel.STATE_CONSUMER_CLOSED;
import static io.lwp4j.ipc.MessageChannel.STATE_PRODUCER_CLOSED;

import io.lwp4j.internal.wait.Deadline;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;
import java.util.Objects;

/**
 * The producer's end of a {@link MessageChannel}: {@link #offer} (never blocks), {@link #send} (blocks while the
 * ring is full, with a timeout), and the zero-copy {@link #claim}/{@link #commit()}. A message becomes visible to
 * the receiver, whole, when it is committed (one release store of the tail); the receiver is woken only if it
 * sleeps, so a busy stream makes no syscalls.
 *
 * <p>Not thread-safe: one producing thread at a time (single producer).
 */
public final class MessageSender extends ChannelEnd implements AutoCloseable {
    /** The next position to write (unpublished until a commit stores it in the tail). */
    private int tail;
    /** The consumer's position as last read. */
    private int head;
    /** The record size claimed and not yet committed, or -1. */
    private int claimed = -1;
    private boolean closed;

    MessageSender(MessageChannel channel) {
        super(channel);
        this.tail = memory.getIntVolatile(OFF_TAIL);
        this.head = memory.getIntVolatile(OFF_HEAD);
        checkApart(head, tail);
    }

    /** The memory that {@link #claim} offsets point into. */
    public NativeMemory memory() {
        return memory;
    }

    /** Copies {@code src[from, from + length)} in as one message if it fits now. Never blocks. */
    public boolean offer(byte[] src, int from, int length) {
        Objects.checkFromIndexSize(from, length, src.length);
        long at = claim(length);
        if (at < 0) {
            return false;
        }
        memory.put(at, src, from, length);
        commit();
        return true;
    }

    /** {@link #offer(byte[], int, int)} of all of {@code src}. */
    public boolean offer(byte[] src) {
        return offer(src, 0, src.length);
    }

    /**
     * Copies the message in, waiting while the ring is full. BLOCKS, for at most {@code timeout}.
     *
     * @return {@code false} when it timed out (nothing was sent)
     * @throws ChannelClosedException when the receiver closed its end or its process died
     * @throws InterruptedException when the thread is interrupted while waiting (checked at least every
     *     {@value MessageChannel#LIVENESS_CHECK_DEFAULT} ms)
     */
    public boolean send(byte[] src, int from, int length, Duration timeout) throws InterruptedException {
        Objects.checkFromIndexSize(from, length, src.length);
        long at = claim(length, timeout);
        if (at < 0) {
            return false;
        }
        memory.put(at, src, from, length);
        commit();
        return true;
    }

    /**
     * Reserves room for a {@code length}-byte message if it fits now and returns the offset in {@link #memory()}
     * where its bytes go (write them there, then {@link #commit()}), or -1 when the ring is full. Zero-copy.
     *
     * @throws IllegalArgumentException when {@code length} is negative or more than the channel's
     *     {@link MessageChannel#maxMessageLength()}
     * @throws IllegalStateException when a claim is already open, or this end is closed
     */
    public long claim(int length) {
        checkClaim(length);
        return reserve(length);
    }

    /**
     * As {@link #claim(int)}, waiting while the ring is full. BLOCKS, for at most {@code timeout}.
     *
     * @return the offset, or -1 when it timed out
     * @throws ChannelClosedException when the receiver closed its end or its process died
     */
    public long claim(int length, Duration timeout) throws InterruptedException {
        checkClaim(length);
        long first = reserve(length);
        if (first >= 0) {
            return first; // the common case: no clock read, no deadline
        }
        Deadline deadline = Deadline.after(timeout);
        boolean spun = false;
        while (true) {
            long at = reserve(length);
            if (at >= 0) {
                return at;
            }
            int h = head;
            if ((channel.state() & STATE_CONSUMER_CLOSED) != 0) {
                throw new ChannelClosedException(channel + ": the receiver closed its end", false);
            }
            if (!spun) {
                spun = true;
                if (channel.spin(OFF_HEAD, h)) {
                    continue;
                }
            }
            if (!channel.sleep(headWord, h, OFF_PRODUCER_SLEEPING, deadline)) {
                return -1;
            }
            if (memory.getIntVolatile(OFF_HEAD) == h && channel.peerDied(OFF_CONSUMER_PID, OFF_CONSUMER_START)) {
                throw new ChannelClosedException(channel + ": the receiver's process (pid "
                        + memory.getIntVolatile(OFF_CONSUMER_PID) + ") died", true);
            }
        }
    }

    private void checkClaim(int length) {
        if (closed) {
            throw new IllegalStateException(channel + ": this sender is closed");
        }
        if (claimed >= 0) {
            throw new IllegalStateException(channel + ": a claim is open; commit it first");
        }
        if (length < 0 || length > maxLength) {
            throw new IllegalArgumentException("message length " + length + " is outside 0.." + maxLength
                    + " (half the " + capacity + "-byte ring less the record header)");
        }
    }

    private long reserve(int length) {
        int size = (RECORD_HEADER + length + 7) & ~7;
        int offset = tail & mask;
        int toEnd = capacity - offset;
        int need = size <= toEnd ? size : toEnd + size;
        if (capacity - (tail - head) < need) {
            head = memory.getIntAcquire(OFF_HEAD);
            checkApart(head, tail);
            if (capacity - (tail - head) < need) {
                return -1;
            }
        }
        long ring = MessageChannel.HEADER_BYTES;
        if (size > toEnd) { // pad to the end; the message starts the ring again (both published by one commit)
            memory.setInt(ring + offset, toEnd - RECORD_HEADER);
            memory.setInt(ring + offset + 4, KIND_PADDING);
            tail += toEnd;
            offset = 0;
        }
        memory.setInt(ring + offset, length);
        memory.setInt(ring + offset + 4, KIND_MESSAGE);
        claimed = size;
        return ring + offset + RECORD_HEADER;
    }

    /**
     * Publishes the claimed message (a release store of the tail) and wakes the receiver if, and only if, it
     * sleeps.
     *
     * @throws IllegalStateException when no claim is open
     */
    public void commit() {
        if (claimed < 0) {
            throw new IllegalStateException(channel + ": no claim to commit");
        }
        tail += claimed;
        claimed = -1;
        // Volatile store, then volatile read of the flag: with the receiver's exchange of the flag before its read
        // of the tail, one of the two sees the other (no lost wake-up).
        memory.setIntVolatile(OFF_TAIL, tail);
        if (memory.getIntVolatile(OFF_CONSUMER_SLEEPING) != 0 && memory.getAndSetInt(OFF_CONSUMER_SLEEPING, 0) != 0) {
            tailWord.wake(1);
        }
    }

    /** Bytes in the ring not yet consumed (a snapshot, committed messages with their headers and padding). */
    public int backlog() {
        return memory.getIntVolatile(OFF_TAIL) - memory.getIntVolatile(OFF_HEAD);
    }

    /**
     * Ends the producer's side: the receiver gets every committed message and then {@link ChannelClosedException}.
     * An open claim is dropped. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        claimed = -1;
        if (!memory.isClosed()) {
            channel.setState(STATE_PRODUCER_CLOSED);
            tailWord.wake(1);
        }
    }
}
