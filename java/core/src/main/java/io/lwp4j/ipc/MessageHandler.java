package io.lwp4j.ipc;

import io.lwp4j.memory.NativeMemory;

/** Reads one message in place ({@link MessageReceiver#read}): zero-copy. */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Called with the message's bytes at {@code [offset, offset + length)} of {@code memory}; they are valid only
     * during the call (the ring reuses them after it returns).
     */
    void onMessage(NativeMemory memory, long offset, int length);
}
