/*
 * C reference for the futex ping-pong benchmarks (DESIGN §10): the physical limit the Java numbers are compared
 * with. Two parties hand a turn word back and forth: wait (FUTEX_WAIT) until the word is mine, store the other's
 * number, FUTEX_WAKE. One round trip = two hand-overs.
 *
 *   bench_futex_pingpong threads   ROUNDS   two threads, private futex (FutexPingPongBench.futex)
 *   bench_futex_pingpong processes ROUNDS   two processes, MAP_SHARED word, shared futex (IpcPingPongBench)
 *   bench_futex_pingpong pipe      ROUNDS   two processes, one byte each way through two pipes
 *
 * Prints "<mode> <ns per round trip>". Pin it with taskset like the Java side (e.g. taskset -c 1).
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int32_t *turn;
static int futex_flags;
static long rounds;

static void futex_call(int32_t *w, int op, int32_t val) {
    syscall(SYS_futex, w, op | futex_flags, val, NULL, NULL, 0);
}

static void play(int me) {
    for (long i = 0; i < rounds; i++) {
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
    play(1);
    return NULL;
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void pipe_play(int in, int out, int first) {
    char c = 0;
    for (long i = 0; i < rounds; i++) {
        if (first) {
            if (write(out, &c, 1) != 1 || read(in, &c, 1) != 1) {
                exit(2);
            }
        } else {
            if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1) {
                exit(2);
            }
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s threads|processes|pipe ROUNDS\n", argv[0]);
        return 2;
    }
    rounds = atol(argv[2]);
    const char *mode = argv[1];
    double t0, t1;
    if (strcmp(mode, "threads") == 0) {
        static int32_t word;
        turn = &word;
        futex_flags = FUTEX_PRIVATE_FLAG;
        pthread_t t;
        t0 = now_ns();
        pthread_create(&t, NULL, other, NULL);
        play(0);
        pthread_join(t, NULL);
        t1 = now_ns();
    } else if (strcmp(mode, "processes") == 0) {
        turn = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        futex_flags = 0;
        t0 = now_ns();
        pid_t p = fork();
        if (p == 0) {
            play(1);
            _exit(0);
        }
        play(0);
        waitpid(p, NULL, 0);
        t1 = now_ns();
    } else if (strcmp(mode, "pipe") == 0) {
        int ab[2], ba[2];
        if (pipe(ab) || pipe(ba)) {
            return 1;
        }
        t0 = now_ns();
        pid_t p = fork();
        if (p == 0) {
            pipe_play(ab[0], ba[1], 0);
            _exit(0);
        }
        pipe_play(ba[0], ab[1], 1);
        waitpid(p, NULL, 0);
        t1 = now_ns();
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    printf("%s %.1f\n", mode, (t1 - t0) / rounds);
    return 0;
}
