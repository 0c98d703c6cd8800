package com.example.lwp4j;

import io.lwp4j.JavaThreads;
import io.lwp4j.Lwp4j;
import io.lwp4j.futex.Futex;
import io.lwp4j.futex.WaitOutcome;
import io.lwp4j.memory.NativeMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A user's program: prints its kernel TID (checked against {@code /proc/thread-self}), then bounces one futex word
 * between two threads. Exits 0 only when both agree with the kernel; ./run checks its output on the class path and on
 * the module path.
 */
public final class Main {
    private static final int ROUND_TRIPS = 1_000;
    private static final Duration STEP = Duration.ofSeconds(10);

    private Main() {}

    /**
     * Runs the example.
     *
     * @param args none
     * @throws Exception when a step fails (the JVM then exits 1 with its stack trace)
     */
    public static void main(String[] args) throws Exception {
        Lwp4j.ensureAvailability();
        int tid = JavaThreads.currentTid();
        // /proc/thread-self is "<pid>/task/<tid>" for the thread that reads it.
        String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
        int kernelTid = Integer.parseInt(self.substring(self.lastIndexOf('/') + 1));
        if (tid != kernelTid) {
            throw new IllegalStateException("JavaThreads.currentTid() " + tid + " but /proc/thread-self is " + self);
        }
        Module module = Main.class.getModule();
        System.out.println("module " + (module.isNamed() ? module.getName() : "(unnamed)") + ", lwp4j "
                + (Lwp4j.class.getModule().isNamed() ? Lwp4j.class.getModule().getName() : "(unnamed)")
                + ", backend " + Lwp4j.backendName());
        System.out.println("tid " + tid + " = /proc/thread-self");

        // One word, two threads: this one moves it 0 -> 1, the peer 1 -> 0; each sleeps in FUTEX_WAIT while the
        // word is not its turn and wakes the other after its move.
        try (NativeMemory memory = NativeMemory.create(4096)) {
            Futex<Futex.Private> word = Futex.privateOn(memory, 0);
            int[] peerTid = new int[1];
            Thread peer = new Thread(() -> {
                peerTid[0] = JavaThreads.currentTid();
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    awaitTurn(memory, word, 1);
                    memory.setIntVolatile(0, 0);
                    word.wake(1);
                }
            }, "example-peer");
            peer.setDaemon(true);
            peer.start();
            long start = System.nanoTime();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                memory.setIntVolatile(0, 1);
                word.wake(1);
                awaitTurn(memory, word, 0);
            }
            long micros = (System.nanoTime() - start) / 1_000;
            peer.join(STEP.toMillis());
            if (peer.isAlive() || peerTid[0] == tid || peerTid[0] <= 0) {
                throw new IllegalStateException("peer alive=" + peer.isAlive() + " tid=" + peerTid[0]);
            }
            System.out.println("futex round trips " + ROUND_TRIPS + " with tid " + peerTid[0] + " in " + micros
                    + " us");
        }
    }

    /** Waits until the word holds {@code turn}, sleeping in the kernel while it holds the other value. */
    private static void awaitTurn(NativeMemory memory, Futex<Futex.Private> word, int turn) {
        long deadline = System.nanoTime() + STEP.toNanos();
        int v;
        while ((v = memory.getIntVolatile(0)) != turn) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no futex turn " + turn + " within " + STEP);
            }
            WaitOutcome o = word.await(v, STEP);
            if (o == WaitOutcome.TIMED_OUT) {
                throw new IllegalStateException("futex wait timed out at " + v);
            }
        }
    }
}
