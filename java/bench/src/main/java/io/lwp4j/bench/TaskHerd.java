package io.lwp4j.bench;

import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw tasks blocked on one gate, for the memory and capacity figures of the {@code tasks} group: each task adds 1
 * to a counter (so the herd knows it runs), waits on a private futex gate until {@link #close()} opens it, and
 * adds 1 to a second counter as it leaves; close then joins every task, so nothing outlives the herd even when
 * spawning failed half-way.
 *
 * <p>Close wakes the tasks {@value #WAKE_BATCH} at a time, waiting for each batch to leave: 20,000 tasks woken at
 * once would all sit in the run queue of one CPU, and the kernel's load average (sampled every 5 s, counting
 * runnable tasks) would jump by hundreds, misleading everyone who reads it on a shared machine.
 */
final class TaskHerd implements AutoCloseable {
    private static final int FUTEX_WAKE_PRIVATE = 1 | 128;
    private static final long COUNTER = 0;
    private static final long GATE = 8;
    private static final long LEFT = 16;
    private static final int WAKE_BATCH = 64;
    private static final Duration JOIN = Duration.ofSeconds(30);

    private final NativeMemory words = NativeMemory.create(4096);
    private final TaskProgram program = TaskProgram.builder().add(words, COUNTER, 1, TaskProgram.AddMode.ATOMIC)
            .await(words, GATE, 0).add(words, LEFT, 1, TaskProgram.AddMode.ATOMIC).build();
    private final List<RawTask> tasks = new ArrayList<>();
    private RuntimeException failure;
    private boolean closed;

    /**
     * Spawns tasks until {@code n} are alive or a spawn fails (the failure is kept, see {@link #failure()});
     * returns how many are alive.
     */
    int spawnUpTo(int n) {
        while (tasks.size() < n && failure == null) {
            try {
                tasks.add(RawTask.spawn(CloneFlag.threadPreset(), program));
            } catch (RuntimeException e) { // ResourceLimitException (EAGAIN) names the limit via ThreadLimits
                failure = e;
            }
        }
        return tasks.size();
    }

    /** Waits until every task spawned so far runs (has counted itself), or throws after {@code timeout}. */
    void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (words.getLongAcquire(COUNTER) < tasks.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + words.getLongAcquire(COUNTER) + " of " + tasks.size()
                        + " tasks ran within " + timeout);
            }
            Thread.sleep(1);
        }
    }

    /** The tasks alive (spawned and not yet joined). */
    int size() {
        return tasks.size();
    }

    /** The spawn that failed, if one did. */
    RuntimeException failure() {
        return failure;
    }

    /**
     * Opens the gate, wakes the tasks in batches and joins them all. Throws {@link IllegalStateException} naming the
     * tasks that did not end within 30 s each (their stacks are kept; the process's exit ends them).
     */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        words.setIntRelease(GATE, 1); // a task not yet asleep sees it and leaves at once
        long deadline = System.nanoTime() + JOIN.toNanos();
        long woken;
        long expected = 0;
        while ((woken = Native.backend().futexPacked(words.address(GATE, 4), FUTEX_WAKE_PRIVATE, WAKE_BATCH, 0, 0)) > 0
                && System.nanoTime() < deadline) {
            expected += woken;
            while (words.getLongAcquire(LEFT) < expected && System.nanoTime() < deadline) {
                Thread.yield(); // on one pinned CPU the woken tasks need it to run
            }
        }
        List<Integer> stuck = new ArrayList<>();
        for (RawTask t : tasks) {
            if (!t.join(JOIN)) {
                stuck.add(t.tid());
            }
        }
        tasks.clear();
        words.close(); // the tasks retain it: it is unmapped once the last one is freed
        if (!stuck.isEmpty()) {
            throw new IllegalStateException(stuck.size() + " tasks did not end within " + JOIN + " of the gate "
                    + "opening, e.g. tid " + stuck.get(0));
        }
    }
}
