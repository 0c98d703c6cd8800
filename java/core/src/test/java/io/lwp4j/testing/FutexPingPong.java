package io.lwp4j.testing;

import io.lwp4j.futex.Futex;

/**
 * The futex ping-pong of the tests: two players (0 and 1) pass one turn word back and forth. Each waits in
 * FUTEX_WAIT while the word is the other's, stores the other's number with release semantics and wakes one waiter.
 * Any lost wake-up hangs it (the tests' timeouts catch that); the word ends at 0 after whole rounds.
 */
public final class FutexPingPong {
    private FutexPingPong() {}

    /** {@code rounds} turns as {@code player} (0 or 1): wait for the word to be mine, hand it over, wake. */
    public static void play(Futex<?> turn, int player, int rounds) {
        if (player != 0 && player != 1) {
            throw new IllegalArgumentException("player 0 or 1: " + player);
        }
        for (int i = 0; i < rounds; i++) {
            int t;
            while ((t = turn.value()) != player) {
                turn.await(t);
            }
            turn.memory().setIntRelease(turn.offset(), 1 - player);
            turn.wake(1);
        }
    }
}
