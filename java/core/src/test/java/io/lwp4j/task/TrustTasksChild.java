package io.lwp4j.task;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexGate;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.memory.SharedMemory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link TrustTasksTest}'s scenarios that kill a JVM on a regression: each prints what it saw, one
 * fact a line, and the test reads the lines (and the exit status).
 */
public final class TrustTasksChild {
    private TrustTasksChild() {}

    static final Duration WAIT = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "truncate":
                truncate(args[1]);
                break;
            case "outlive":
                outlive(args[1]);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    /** Signals "started" at word 0 of {@code gate}, waits while word 4 is 0, then adds to the counter. */
    static TaskProgram counting(NativeMemory gate, NativeMemory counter) {
        return TaskProgram.builder().signal(gate, 0, 1).await(gate, 4, 0)
                .add(counter, 0, 1000, TaskProgram.AddMode.ATOMIC).build();
    }

    static void awaitStarted(NativeMemory gate) throws InterruptedException {
        if (!FutexGate.on(Futex.on(gate, 0)).await(WAIT)) {
            throw new AssertionError("the task never started");
        }
    }

    /**
     * Item 4: another process truncates the /dev/shm file a task counts in. A task sharing this JVM's memory is
     * refused before it runs (on a regression it runs, faults and takes this JVM down: the test sees the exit status);
     * a task without CLONE_VM may count there, and its SIGBUS ends only itself.
     */
    static void truncate(String name) throws Exception {
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            for (Set<CloneFlag> flags : java.util.List.of(CloneFlag.threadPreset(), EnumSet.of(CloneFlag.CLONE_VM))) {
                try (NativeMemory gate = NativeMemory.createShared(4096)) {
                    RawTask t;
                    try {
                        t = RawTask.spawn(flags, counting(gate, shm));
                    } catch (IllegalArgumentException e) {
                        System.out.println("refused " + flags + ": " + e.getMessage());
                        continue;
                    }
                    System.out.println("accepted " + flags); // a regression: the truncate below kills this JVM
                    run(t, gate, shm);
                }
            }
            try (NativeMemory gate = NativeMemory.createShared(4096)) {
                RawTask t = RawTask.spawn(CloneFlag.processPreset(), counting(gate, shm));
                System.out.println("process-like exit " + run(t, gate, shm));
            }
            shm.unlink();
        }
        System.out.println("survived");
    }

    /** Lets the task start, truncates the file from another process, opens the gate; the task's exit code. */
    private static int run(RawTask t, NativeMemory gate, SharedMemory shm) throws Exception {
        awaitStarted(gate);
        Process p = new ProcessBuilder("truncate", "-s", "0", shm.path().toString()).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("truncate failed");
        }
        FutexGate.on(Futex.on(gate, 4)).open();
        if (!t.join(WAIT)) {
            throw new AssertionError(t + " did not end");
        }
        return t.exitCode().getAsInt();
    }

    /**
     * Item 6: process-like tasks (with and without CLONE_VM) made by a Java thread that ends at once, waiting on a
     * gate nobody opens; then this JVM ends by {@code System.exit} ("exit") or waits to be SIGKILLed ("wait").
     */
    static void outlive(String how) throws Exception {
        NativeMemory gate = NativeMemory.createShared(4096);
        int[] pids = new int[2];
        Thread maker = new Thread(() -> {
            pids[0] = RawTask.spawn(CloneFlag.processPreset(), waiting(gate, 0)).tid();
            pids[1] = RawTask.spawn(EnumSet.of(CloneFlag.CLONE_VM), waiting(gate, 4)).tid();
        });
        maker.start();
        maker.join();
        for (int w = 0; w < 2; w++) {
            if (!FutexGate.on(Futex.on(gate, 4L * w)).await(WAIT)) {
                throw new AssertionError("task " + w + " never started");
            }
        }
        // Started after their maker thread ended: the death signal belongs to a thread that lives on.
        Thread.sleep(200);
        for (int pid : pids) {
            System.out.println("pid " + pid + " " + ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        System.out.flush();
        if (how.equals("exit")) {
            System.exit(0);
        }
        Thread.sleep(120_000); // the test SIGKILLs this JVM
    }

    private static TaskProgram waiting(NativeMemory gate, long startedAt) {
        return TaskProgram.builder().signal(gate, startedAt, 1).await(gate, 8, 0).build();
    }
}
