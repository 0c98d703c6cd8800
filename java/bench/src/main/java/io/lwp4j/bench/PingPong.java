package io.lwp4j.bench;

import io.lwp4j.futex.Futex;

/**
 * The futex ping-pong of {@link FutexPingPongBench} (two threads, a private futex) and {@link IpcPingPongBench} /
 * {@link IpcEcho} (two JVMs, a shared futex): the word is {@link #ECHO}'s turn, {@link #BENCH}'s turn, or
 * {@link #STOP}. One round trip: the benchmark hands the turn to the echo and sleeps until the echo hands it back.
 * The same protocol as {@code native/bench/bench_futex_pingpong}.
 */
final class PingPong {
    /** The word's values. */
    static final int BENCH = 0;
    static final int ECHO = 1;
    static final int STOP = 2;

    private PingPong() {}

    /** One round trip, from the benchmark's side: FUTEX_WAKE the echo, FUTEX_WAIT for its answer. */
    static void roundTrip(Futex<?> turn) {
        set(turn, ECHO);
        int t;
        while ((t = turn.value()) != BENCH) {
            turn.await(t);
        }
    }

    /** The echo's side: answers every turn until the word is {@link #STOP}. */
    static void echo(Futex<?> turn) {
        while (true) {
            int t = turn.value();
            if (t == STOP) {
                return;
            }
            if (t != ECHO) {
                turn.await(t);
                continue;
            }
            set(turn, BENCH);
        }
    }

    /** Ends the echo: {@link #STOP}, and every waiter woken. */
    static void stop(Futex<?> turn) {
        turn.memory().setIntRelease(turn.offset(), STOP);
        turn.wakeAll();
    }

    /** Sets the word (release) and wakes one waiter. */
    private static void set(Futex<?> turn, int value) {
        turn.memory().setIntRelease(turn.offset(), value);
        turn.wake(1);
    }
}
