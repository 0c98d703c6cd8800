package io.lwp4j.stress;

/**
 * The state of an exclusion test: a plain Java field and a plain native word (at {@code slot + 8}), both incremented
 * under one lock. An increment lost in either shows a lock that did not exclude, or did not order. Words 0 and 1 of
 * the slot are the lock's; words 4 and 5 are free for a lock of two words.
 */
abstract class LockedCounter {
    final long slot = Slots.take();
    int field;

    abstract void lock();

    abstract void unlock();

    final void add() {
        lock();
        field++;
        Slots.memory().setLong(slot + 8, Slots.memory().getLong(slot + 8) + 1);
        unlock();
    }

    /** The native word's count. */
    final int nativeCount() {
        return (int) Slots.memory().getLong(slot + 8);
    }
}
