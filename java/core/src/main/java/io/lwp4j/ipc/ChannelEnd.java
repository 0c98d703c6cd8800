package io.lwp4j.ipc;

import static io.lwp4j.ipc.MessageChannel.OFF_HEAD;
import static io.lwp4j.ipc.MessageChannel.OFF_TAIL;

import io.lwp4j.futex.Futex;
import io.lwp4j.memory.NativeMemory;

/**
 * What both ends of a {@link MessageChannel} hold: the channel, its memory, the ring's geometry and the two futex
 * words, and the one check of a head and tail read from the shared memory.
 */
abstract class ChannelEnd {
    final MessageChannel channel;
    final NativeMemory memory;
    final int capacity;
    final int mask;
    final int maxLength;
    final Futex<?> headWord;
    final Futex<?> tailWord;

    ChannelEnd(MessageChannel channel) {
        this.channel = channel;
        this.memory = channel.memory();
        this.capacity = channel.capacity();
        this.mask = capacity - 1;
        this.maxLength = channel.maxMessageLength();
        this.headWord = channel.futex(OFF_HEAD);
        this.tailWord = channel.futex(OFF_TAIL);
    }

    /**
     * Throws {@link CorruptChannelException} unless {@code tail} is 0..capacity bytes past {@code head}, a multiple
     * of 8 (unsigned positions, wrapping).
     *
     * @return the bytes between them
     */
    final int checkApart(int head, int tail) {
        int used = tail - head;
        if (used < 0 || used > capacity || (used & 7) != 0) {
            throw new CorruptChannelException(channel + ": head " + Integer.toUnsignedString(head) + " and tail "
                    + Integer.toUnsignedString(tail) + " are " + used + " bytes apart (0.." + capacity
                    + ", a multiple of 8)");
        }
        return used;
    }
}
