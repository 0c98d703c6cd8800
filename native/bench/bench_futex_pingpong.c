/*
 * C reference for the futex ping-pong benchmarks (ARCHITECTURE.md §10): the physical limit the Java numbers are compared
 * with. Two parties hand a turn word back and forth: wait (FUTEX_WAIT) until the word is mine, store the other's
 * number, FUTEX_WAKE. One round trip = two hand-overs.
 *
 *   bench_futex_pingpong threads   [--rounds R] [--warmup W] [--ops N]   two threads, private futex
 *                                                                        (FutexPingPongBench.futex)
 *   bench_futex_pingpong processes ...   two processes, MAP_SHARED word, shared futex (IpcPingPongBench.futex)
 *   bench_futex_pingpong pipe      ...   two processes, one byte each way through two pipes (IpcPingPongBench.pipe)
 *
 * Prints bench_kit.h's JSON lines: futex.c.<mode> in ns per round trip, over R rounds of N round trips (after W
 * warm-up rounds); party 0 times, the peer only echoes. Pin it with taskset like the Java side (e.g. taskset -c 1):
 * every hand-over is then a sleep, a wake and a context switch, not a cross-CPU wake-up.
 */
#include "bench_kit.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int32_t *turn;
static int futex_flags;
static long total; /* round trips over all rounds, warm-up included */

static void futex_call(int32_t *w, int op, int32_t val) {
    syscall(SYS_futex, w, op | futex_flags, val, NULL, NULL, 0);
}

static void play(int me, long n) {
    for (long i = 0; i < n; i++) {
        int32_t t;
        while ((t = __atomic_load_n(turn, __ATOMIC_ACQUIRE)) != me) {
            futex_call(turn, FUTEX_WAIT, t);
        }
        __atomic_store_n(turn, 1 - me, __ATOMIC_RELEASE);
        futex_call(turn, FUTEX_WAKE, 1);
    }
}

static void *other(void *arg) {
    (void)arg;
    play(1, total);
    return NULL;
}

static void pipe_play(int in, int out, int first, long n) {
    char c = 0;
    for (long i = 0; i < n; i++) {
        if (first ? write(out, &c, 1) != 1 || read(in, &c, 1) != 1
                  : read(in, &c, 1) != 1 || write(out, &c, 1) != 1) {
            perror("bench_futex_pingpong: pipe");
            exit(1);
        }
    }
}

int main(int argc, char **argv) {
    long rounds = 21, warmup = 3, ops = 20000;
    const char *mode = argc > 1 ? argv[1] : "";
    int threads = strcmp(mode, "threads") == 0, processes = strcmp(mode, "processes") == 0;
    int pipes = strcmp(mode, "pipe") == 0;
    if (!threads && !processes && !pipes) {
        fprintf(stderr, "usage: %s threads|processes|pipe [--rounds R] [--warmup W] [--ops N]\n", argv[0]);
        return 2;
    }
    bk_rounds(argc, argv, &rounds, &warmup);
    bk_arg_long(argc, argv, "--ops", 1, &ops);
    total = (warmup + rounds) * ops;
    bk_print_env();

    pthread_t t;
    pid_t child = -1;
    int ab[2], ba[2];
    if (threads) {
        static int32_t word;
        turn = &word;
        futex_flags = FUTEX_PRIVATE_FLAG;
        if (pthread_create(&t, NULL, other, NULL) != 0) {
            fprintf(stderr, "bench_futex_pingpong: pthread_create failed\n");
            return 1;
        }
    } else if (processes) {
        turn = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (turn == MAP_FAILED || (child = fork()) < 0) {
            perror("bench_futex_pingpong: mmap/fork");
            return 1;
        }
        if (child == 0) {
            play(1, total);
            _exit(0);
        }
    } else {
        if (pipe(ab) || pipe(ba) || (child = fork()) < 0) {
            perror("bench_futex_pingpong: pipe/fork");
            return 1;
        }
        if (child == 0) {
            pipe_play(ab[0], ba[1], 0, total);
            _exit(0);
        }
    }

    double samples[BK_MAX_ROUNDS];
    for (long r = 0; r < warmup + rounds; r++) {
        double t0 = bk_now_ns();
        if (pipes) {
            pipe_play(ba[0], ab[1], 1, ops);
        } else {
            play(0, ops);
        }
        double ns = (bk_now_ns() - t0) / (double)ops;
        if (r >= warmup) {
            samples[r - warmup] = ns;
        }
    }
    if (threads) {
        pthread_join(t, NULL);
    } else {
        waitpid(child, NULL, 0);
    }
    char name[64];
    snprintf(name, sizeof name, "futex.c.%s", mode);
    bk_report(name, "ns/op", samples, (int)rounds, "");
    return 0;
}
