package io.lwp4j.cli.demo;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexGate;
import io.lwp4j.memory.NativeMemory;
import java.util.concurrent.TimeUnit;

/**
 * The two words a demo's tasks share with it: word 0 is set to 1 by a task when it starts, word 4 is the gate the
 * tasks wait on until the demo opens it. Futex scope follows the mapping (see TaskProgram).
 */
final class Gates {
    private Gates() {}

    /** Waits (up to 30 s) until at least {@code n} tasks have added 1 to word 0 — or, for n = 1, set it. */
    static void awaitStarted(NativeMemory gate) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (gate.getIntAcquire(0) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the task did not start within 30 s");
            }
            Thread.sleep(1);
        }
    }

    /** Opens the gate at word 4 and wakes every task waiting on it (in the scope the tasks' program used). */
    static void open(NativeMemory gate) {
        FutexGate.on(Futex.inScopeOf(gate, 4)).open();
    }
}
