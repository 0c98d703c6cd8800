package io.lwp4j.ipc;

/**
 * A {@link MessageChannel}'s shared memory holds something its layout forbids — a wrong magic, version or
 * capacity in the header, or a position or record length that would reach outside the ring. Another process wrote
 * it (or it is not a channel at all); nothing outside the mapping was read, and the channel should be abandoned.
 */
public final class CorruptChannelException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    CorruptChannelException(String message) {
        super(message);
    }
}
