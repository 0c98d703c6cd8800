package io.lwp4j.task;

import io.lwp4j.ErrnoException;
import io.lwp4j.spi.NativeBackend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded cache of raw-task stack mappings, as glibc keeps one for pthread stacks: a mapping whose task has
 * ended (the kernel cleared its TID word, or it was reaped) is kept for the next task of the same size instead of
 * being unmapped. Spawning then skips {@code mmap}, {@code mprotect} of the guard page, {@code munmap} and the first
 * page faults — about 12 µs of a 30 µs spawn+join here.
 *
 * <p>At most {@value #DEFAULT_CAPACITY} stacks by default ({@code -Dlwp4j.task.stackCache=N}, 0 disables it); the
 * cache owns the mappings it holds and keeps them for the life of the JVM. A mapping is in exactly one place at a
 * time — a live task, or here — so it is unmapped at most once.
 */
final class StackCache {
    private StackCache() {}

    /** System property: how many ended stacks to keep. */
    static final String CAPACITY_PROP_NAME = "lwp4j.task.stackCache";
    static final int DEFAULT_CAPACITY = 64;
    private static final int CAPACITY = Math.max(0, Integer.getInteger(CAPACITY_PROP_NAME, DEFAULT_CAPACITY));

    private static final Map<Long, ConcurrentLinkedDeque<Long>> BY_LENGTH = new ConcurrentHashMap<>();
    private static final AtomicInteger SIZE = new AtomicInteger();

    /** A cached mapping of exactly {@code length} bytes (guard page still in place), or 0. */
    static long take(long length) {
        ConcurrentLinkedDeque<Long> q = BY_LENGTH.get(length);
        Long map = q == null ? null : q.pollFirst();
        if (map == null) {
            return 0;
        }
        SIZE.decrementAndGet();
        return map;
    }

    /** Keeps {@code map} for a later task, or unmaps it when the cache is full. */
    static void giveBack(NativeBackend nb, long map, long length) {
        if (SIZE.incrementAndGet() <= CAPACITY) {
            BY_LENGTH.computeIfAbsent(length, k -> new ConcurrentLinkedDeque<>()).offerFirst(map);
            return;
        }
        SIZE.decrementAndGet();
        long r = nb.memUnmap(map, length);
        if (r < 0) {
            throw ErrnoException.of("munmap", "task stack 0x" + Long.toHexString(map) + ", len=" + length, r);
        }
    }
}
