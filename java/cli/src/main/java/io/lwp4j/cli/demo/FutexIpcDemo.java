package io.lwp4j.cli.demo;

import io.lwp4j.Lwp4j;
import io.lwp4j.futex.Futex;
import io.lwp4j.memory.SharedMemory;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j demo futex-ipc}: two JVMs play futex ping-pong on one word of a {@link SharedMemory} they both open
 * by name under {@code /dev/shm}: each waits ({@code FUTEX_WAIT}, shared) until the word says it is its turn, hands
 * the turn over and wakes the other ({@code FUTEX_WAKE}). The kernel meets them on the page, not the address, so the
 * word's addresses differ in the two processes.
 */
@Command(name = "futex-ipc", description = "Two JVMs wake each other through a shared futex in /dev/shm.")
public final class FutexIpcDemo extends DemoSupport implements Callable<Integer> {

    @Option(names = "--rounds", description = "Round trips (default: ${DEFAULT-VALUE}).", defaultValue = "10000")
    int rounds;

    @Option(names = "--child", hidden = true, description = "Internal: play the other side on this shared name.")
    String child;

    private static final long TURN = 0;
    private static final long CHILD_PID = 8;
    private static final long CHILD_ADDRESS = 16;

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        if (child != null) {
            try (SharedMemory shm = SharedMemory.open(child)) {
                shm.setLong(CHILD_PID, ProcessHandle.current().pid());
                shm.setLongRelease(CHILD_ADDRESS, shm.address(TURN, 4));
                play(Futex.sharedOn(shm, TURN), 1, rounds);
            }
            return 0;
        }
        String name = "lwp4j-futex-ipc-" + ProcessHandle.current().pid();
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            Process other = startChild(name);
            long t0;
            long t1;
            long wakes = Futex.wakeCount();
            long waits = Futex.waitCount();
            try {
                play(Futex.sharedOn(shm, TURN), 0, 1); // the first round trip: the child is up
                t0 = System.nanoTime();
                play(Futex.sharedOn(shm, TURN), 0, rounds - 1);
                t1 = System.nanoTime();
                if (!other.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other JVM did not finish");
                }
            } finally {
                other.destroyForcibly();
                SharedMemory.unlink(name);
            }
            long perTrip = rounds > 1 ? (t1 - t0) / (rounds - 1) : 0;
            if (json) {
                out.println("{\"name\":\"" + name + "\",\"pid\":" + ProcessHandle.current().pid() + ",\"otherPid\":"
                        + shm.getLong(CHILD_PID) + ",\"rounds\":" + rounds + ",\"nanosPerRoundTrip\":" + perTrip
                        + ",\"futexWake\":" + (Futex.wakeCount() - wakes) + ",\"futexWait\":"
                        + (Futex.waitCount() - waits) + ",\"otherExit\":" + other.exitValue() + "}");
            } else {
                explain("futex ping-pong between two JVMs through " + shm.path(),
                        "this JVM: pid " + ProcessHandle.current().pid() + ", word at 0x"
                                + Long.toHexString(shm.address(TURN, 4)),
                        "other JVM: pid " + shm.getLong(CHILD_PID) + ", word at 0x"
                                + Long.toHexString(shm.getLongAcquire(CHILD_ADDRESS)) + " (exit "
                                + other.exitValue() + ")",
                        rounds + " round trips, " + perTrip + " ns each (two wakes and two sleeps per trip)",
                        "this side: FUTEX_WAKE calls " + (Futex.wakeCount() - wakes) + ", FUTEX_WAIT calls "
                                + (Futex.waitCount() - waits),
                        "Different addresses, one word: a shared futex is keyed by the page and offset (the file's",
                        "page in the page cache), so a FUTEX_WAKE in one process wakes the FUTEX_WAIT in the other.",
                        "The name is removed again; neither process needs it once both have mapped it.");
            }
            return other.exitValue();
        }
    }

    /** {@code n} turns as {@code player}: wait while the word is not mine, hand it over, wake the other. */
    private static void play(Futex<Futex.Shared> turn, int player, int n) {
        for (int i = 0; i < n; i++) {
            int t;
            while ((t = turn.value()) != player) {
                turn.await(t);
            }
            turn.memory().setIntRelease(turn.offset(), 1 - player);
            turn.wake(1);
        }
    }

    private Process startChild(String name) throws Exception {
        return new ProcessBuilder(childJvm(List.of(), "io.lwp4j.cli.Main", "demo", "futex-ipc", "--child", name,
                "--rounds", Integer.toString(rounds))).inheritIO().start();
    }
}
