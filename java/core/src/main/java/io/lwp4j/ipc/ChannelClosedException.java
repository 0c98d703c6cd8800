package io.lwp4j.ipc;

/**
 * The other end of a {@link MessageChannel} is gone: it {@linkplain MessageSender#close() closed} its end, or its
 * process died (then {@link #peerDied()} is {@code true}). A receiver sees it only once the ring is drained: every
 * message committed before the end is still delivered.
 */
public final class ChannelClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final boolean peerDied;

    ChannelClosedException(String message, boolean peerDied) {
        super(message);
        this.peerDied = peerDied;
    }

    /** Whether the peer's process died (rather than closing its end). */
    public boolean peerDied() {
        return peerDied;
    }
}
