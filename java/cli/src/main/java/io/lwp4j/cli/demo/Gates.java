package io.lwp4j.cli.demo;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexGate;
import io.lwp4j.memory.NativeMemory;
import java.time.Duration;

/**
 * The two words a demo's tasks share with it: word 0 is set to 1 by a task when it starts, word 4 is the gate the
 * tasks wait on until the demo opens it. Futex scope follows the mapping (see TaskProgram).
 */
final class Gates {
    private Gates() {}

    /** Waits (up to 30 s) until a task has signalled word 0 (its "started" word). */
    static void awaitStarted(NativeMemory gate) throws InterruptedException {
        awaitWord(gate, 0);
    }

    /**
     * Waits (up to 30 s) until the word at {@code offset} is no longer 0: a task's {@code signal} op stores and
     * wakes in the scope of the mapping, which is the scope {@link Futex#on} gives — a futex wait, no polling.
     */
    static void awaitWord(NativeMemory m, long offset) throws InterruptedException {
        if (!FutexGate.on(Futex.on(m, offset)).await(Duration.ofSeconds(30))) {
            throw new IllegalStateException("a task did not start within 30 s");
        }
    }

    /** Opens the gate at word 4 and wakes every task waiting on it (in the scope the tasks' program used). */
    static void open(NativeMemory gate) {
        FutexGate.on(Futex.on(gate, 4)).open();
    }
}
