package io.lwp4j.stress;

import io.lwp4j.futex.Futex;
import io.lwp4j.memory.NativeMemory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Native words for jcstress states. jcstress makes millions of state objects and has no teardown, so each state
 * takes a fresh 64-byte slot of one mapping, in a ring: a slot is reused only after {@value #SLOTS} newer states,
 * long after the state that had it finished (jcstress runs states in batches of at most thousands). A taken slot
 * is zeroed.
 */
final class Slots {

    static final int SLOT_BYTES = 64;
    static final int SLOTS = 1 << 18;

    private static final NativeMemory MEMORY = NativeMemory.create((long) SLOT_BYTES * SLOTS);
    private static final AtomicLong NEXT = new AtomicLong();

    private Slots() {}

    /** A zeroed 64-byte slot: its offset in {@link #memory()}. */
    static long take() {
        long off = (NEXT.getAndIncrement() & (SLOTS - 1)) * SLOT_BYTES;
        for (int i = 0; i < SLOT_BYTES; i += 8) {
            MEMORY.setLong(off + i, 0);
        }
        return off;
    }

    static NativeMemory memory() {
        return MEMORY;
    }

    static Futex<Futex.Private> word(long slot, int index) {
        return Futex.privateOn(MEMORY, slot + 4L * index);
    }
}
