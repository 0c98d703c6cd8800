package io.lwp4j.ipc;

import static io.lwp4j.ipc.MessageChannel.KIND_MESSAGE;
import static io.lwp4j.ipc.MessageChannel.KIND_PADDING;
import static io.lwp4j.ipc.MessageChannel.OFF_CONSUMER_SLEEPING;
import static io.lwp4j.ipc.MessageChannel.OFF_HEAD;
import static io.lwp4j.ipc.MessageChannel.OFF_PRODUCER_PID;
import static io.lwp4j.ipc.MessageChannel.OFF_PRODUCER_SLEEPING;
import static io.lwp4j.ipc.MessageChannel.OFF_PRODUCER_START;
import static io.lwp4j.ipc.MessageChannel.OFF_TAIL;
import static io.lwp4j.ipc.MessageChannel.RECORD_HEADER;
import static io.lwp4j.ipc.MessageChannel.STATE_CONSUMER_CLOSED;
import static io.lwp4j.ipc.MessageChannel.STATE_PRODUCER_CLOSED;

import io.lwp4j.internal.wait.Deadline;
import java.time.Duration;

/**
 * The consumer's end of a {@link MessageChannel}: {@link #poll} (never blocks), {@link #receive} (blocks while the
 * ring is empty, with a timeout), and the zero-copy {@link #read}. Every position and record length it reads from
 * the shared memory is checked against the ring before use: a corrupt one is a {@link CorruptChannelException},
 * never a read outside the ring. While it waits it checks every {@value MessageChannel#LIVENESS_CHECK_DEFAULT} ms
 * (by default) that the producer's process lives, so a producer that dies — even mid-message, whose uncommitted
 * message is never seen — ends the wait with {@link ChannelClosedException}.
 *
 * <p>Not thread-safe: one consuming thread at a time (single consumer).
 */
public final class MessageReceiver extends ChannelEnd implements AutoCloseable {
    /** The next position to read. */
    private int head;
    /** Bytes committed and not yet read, as of the last read of the tail. */
    private int available;
    /** The current record: its payload offset in memory, length and size (header + payload + padding). */
    private long recordAt;
    private int recordLength;
    private int recordSize;
    private boolean closed;

    MessageReceiver(MessageChannel channel) {
        super(channel);
        this.head = memory.getIntVolatile(OFF_HEAD);
    }

    /**
     * Copies the next message into {@code dst} if there is one now. Never blocks.
     *
     * @return its length, or -1 when the ring is empty
     * @throws IllegalArgumentException when {@code dst} is shorter than the message (which stays in the ring)
     */
    public int poll(byte[] dst) {
        if (!next()) {
            return -1;
        }
        return copyOut(dst);
    }

    /**
     * Copies the next message into {@code dst}, waiting while the ring is empty. BLOCKS, for at most
     * {@code timeout}.
     *
     * @return its length, or -1 when it timed out
     * @throws ChannelClosedException when the ring is empty and the sender closed its end or its process died
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public int receive(byte[] dst, Duration timeout) throws InterruptedException {
        if (!await(timeout)) {
            return -1;
        }
        return copyOut(dst);
    }

    /**
     * Hands the next message to {@code handler} in place, if there is one now, and then frees its bytes.
     * Never blocks.
     *
     * @return whether there was a message
     */
    public boolean read(MessageHandler handler) {
        return next() && handOver(handler);
    }

    /** As {@link #read(MessageHandler)}, waiting up to {@code timeout} for a message. BLOCKS. */
    public boolean read(MessageHandler handler, Duration timeout) throws InterruptedException {
        return await(timeout) && handOver(handler);
    }

    /** Hands the current message to {@code handler} in place, then frees its bytes. */
    private boolean handOver(MessageHandler handler) {
        try {
            handler.onMessage(memory, recordAt, recordLength);
        } finally {
            release();
        }
        return true;
    }

    private int copyOut(byte[] dst) {
        if (dst.length < recordLength) {
            throw new IllegalArgumentException("a " + recordLength + "-byte message does not fit a " + dst.length
                    + "-byte array");
        }
        memory.get(recordAt, dst, 0, recordLength);
        int n = recordLength;
        release();
        return n;
    }

    private boolean await(Duration timeout) throws InterruptedException {
        if (next()) {
            return true; // the common case: no clock read, no deadline
        }
        Deadline deadline = Deadline.after(timeout);
        boolean spun = false;
        while (!next()) {
            int h = head;
            if ((channel.state() & STATE_PRODUCER_CLOSED) != 0 && memory.getIntVolatile(OFF_TAIL) == h) {
                throw new ChannelClosedException(channel + ": the sender closed its end", false);
            }
            if (!spun) { // spin once per wait: an end woken by a liveness slice finds the ring idle
                spun = true;
                if (channel.spin(OFF_TAIL, h)) {
                    continue;
                }
            }
            if (!channel.sleep(tailWord, h, OFF_CONSUMER_SLEEPING, deadline)) {
                return false;
            }
            if (memory.getIntVolatile(OFF_TAIL) == h && channel.peerDied(OFF_PRODUCER_PID, OFF_PRODUCER_START)) {
                throw new ChannelClosedException(channel + ": the sender's process (pid "
                        + memory.getIntVolatile(OFF_PRODUCER_PID) + ") died", true);
            }
        }
        return true;
    }

    /** Finds the next message record (skipping padding), validating everything read from the ring. */
    private boolean next() {
        if (closed) {
            throw new IllegalStateException(channel + ": this receiver is closed");
        }
        while (true) {
            if (available == 0) {
                int avail = checkApart(head, memory.getIntAcquire(OFF_TAIL));
                if (avail == 0) {
                    return false;
                }
                available = avail;
            }
            int offset = head & mask;
            long at = MessageChannel.HEADER_BYTES + offset;
            int length = memory.getInt(at);
            int kind = memory.getInt(at + 4);
            int toEnd = capacity - offset;
            if (kind == KIND_PADDING) {
                if (length != toEnd - RECORD_HEADER || toEnd > available) {
                    throw corrupt("padding record of " + length + " bytes at ring offset " + offset);
                }
                consume(toEnd);
                continue;
            }
            if (kind != KIND_MESSAGE || length < 0 || length > maxLength) {
                throw corrupt("record kind " + kind + ", length " + length + " at ring offset " + offset);
            }
            int size = (RECORD_HEADER + length + 7) & ~7;
            if (size > available || size > toEnd) {
                throw corrupt("a " + size + "-byte record at ring offset " + offset + " runs past the "
                        + available + " committed bytes or the ring's end");
            }
            recordAt = at + RECORD_HEADER;
            recordLength = length;
            recordSize = size;
            return true;
        }
    }

    private void release() {
        consume(recordSize);
    }

    private void consume(int size) {
        head += size;
        available -= size;
        memory.setIntVolatile(OFF_HEAD, head);
        if (memory.getIntVolatile(OFF_PRODUCER_SLEEPING) != 0 && memory.getAndSetInt(OFF_PRODUCER_SLEEPING, 0) != 0) {
            headWord.wake(1);
        }
    }

    private CorruptChannelException corrupt(String what) {
        return new CorruptChannelException(channel + ": " + what);
    }

    /** Ends the consumer's side: a blocked or later {@code send} fails with {@link ChannelClosedException}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!memory.isClosed()) {
            channel.setState(STATE_CONSUMER_CLOSED);
            headWord.wake(1);
        }
    }
}
