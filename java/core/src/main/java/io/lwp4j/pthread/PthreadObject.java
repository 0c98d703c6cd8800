package io.lwp4j.pthread;

import io.lwp4j.internal.wait.MemoryClaim;
import io.lwp4j.memory.NativeMemory;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The lifetime the four pthread object wrappers share: where the object lies in its memory, whether this wrapper
 * initialised it ({@code create}) or only opened it ({@code open}), and a {@code close()} that destroys only what
 * this wrapper initialised, once, under a claim on the memory.
 */
abstract class PthreadObject {
    final NativeMemory memory;
    final long address; // used only under a claim on memory
    final String detail;

    private final boolean created; // close() destroys only what this object initialised
    private final AtomicBoolean closed = new AtomicBoolean();

    PthreadObject(PthreadType type, NativeMemory memory, long offset, boolean created) {
        this.created = created;
        this.memory = Objects.requireNonNull(memory, "memory");
        this.address = type.addressIn(memory, offset);
        this.detail = type.name().toLowerCase(Locale.ROOT) + " at offset " + offset;
    }

    /** For {@code create}: runs the shim's {@code init} call under a claim on the memory, throwing its -errno. */
    final void initialise(LongSupplier init, String op, String what) {
        underClaim(init, op, what);
    }

    /**
     * For {@code close()}: runs the shim's {@code destroy} call under a claim on the memory when this object
     * initialised it, the first time only.
     */
    final void destroyOnce(LongSupplier destroy, String op) {
        if (!created || closed.getAndSet(true)) {
            return;
        }
        underClaim(destroy, op, detail);
    }

    private void underClaim(LongSupplier call, String op, String what) {
        MemoryClaim.enter(memory, detail);
        try {
            Sync.check(call.getAsLong(), op, what, null);
        } finally {
            MemoryClaim.exit(memory);
        }
    }
}
