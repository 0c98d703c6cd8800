/*
 * C reference for the futex mutex benchmarks (DESIGN §10): Drepper's three-state mutex (the layout of lwp4j's
 * FutexMutex and of the raw tasks' LWP_OP_ADD_LOCKED), uncontended lock+unlock, and contended throughput.
 *
 *   bench_futex_mutex uncontended [--rounds R] [--warmup W] [--ops N]
 *       futex.c.mutex: ns per lock+increment+unlock on one thread (MutexBench.futexMutex, -t 1)
 *   bench_futex_mutex contended THREADS [--rounds R] [--warmup W] [--ms M]
 *       futex.c.contended.THREADS: THREADS threads lock+increment+unlock for M ms per round; ns per operation per
 *       thread (elapsed × THREADS / operations), as JMH's average-time mode reports MutexBench with -t THREADS
 *
 * Prints bench_kit.h's JSON lines.
 */
#include "bench_kit.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

static int32_t word;
static volatile long counter;
static volatile int stop;

static void lock(int32_t *m) {
    int32_t c = 0;
    if (__atomic_compare_exchange_n(m, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        return;
    }
    if (c != 2) {
        c = __atomic_exchange_n(m, 2, __ATOMIC_ACQUIRE);
    }
    while (c != 0) {
        syscall(SYS_futex, m, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
        c = __atomic_exchange_n(m, 2, __ATOMIC_ACQUIRE);
    }
}

static void unlock(int32_t *m) {
    if (__atomic_fetch_sub(m, 1, __ATOMIC_RELEASE) != 1) {
        __atomic_store_n(m, 0, __ATOMIC_RELEASE);
        syscall(SYS_futex, m, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    }
}

static void *worker(void *arg) {
    long *ops = arg;
    while (!stop) {
        lock(&word);
        counter++;
        unlock(&word);
        (*ops)++;
    }
    return NULL;
}

/** One contended round: ns per operation per thread. */
static double contended_round(int threads, long ms) {
    pthread_t t[64];
    long ops[64] = {0};
    stop = 0;
    double t0 = bk_now_ns();
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&t[i], NULL, worker, &ops[i]) != 0) {
            fprintf(stderr, "bench_futex_mutex: pthread_create failed\n");
            exit(1);
        }
    }
    usleep((useconds_t)(ms * 1000));
    stop = 1;
    long all = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        all += ops[i];
    }
    return (bk_now_ns() - t0) * threads / (double)(all > 0 ? all : 1);
}

int main(int argc, char **argv) {
    long rounds = 15, warmup = 2, ops = 2000000, ms = 200, threads = 0;
    int uncontended = argc > 1 && strcmp(argv[1], "uncontended") == 0;
    if (argc > 2 && strcmp(argv[1], "contended") == 0) {
        threads = atol(argv[2]);
    }
    if (!uncontended && (threads < 1 || threads > 64)) {
        fprintf(stderr, "usage: %s uncontended [--rounds R] [--warmup W] [--ops N] | contended THREADS(1-64) "
                "[--rounds R] [--warmup W] [--ms M]\n", argv[0]);
        return 2;
    }
    bk_rounds(argc, argv, &rounds, &warmup);
    bk_arg_long(argc, argv, "--ops", 1, &ops);
    bk_arg_long(argc, argv, "--ms", 1, &ms);
    bk_print_env();
    double samples[BK_MAX_ROUNDS];
    for (long r = 0; r < warmup + rounds; r++) {
        double ns;
        if (uncontended) {
            double t0 = bk_now_ns();
            for (long i = 0; i < ops; i++) {
                lock(&word);
                counter++;
                unlock(&word);
            }
            ns = (bk_now_ns() - t0) / (double)ops;
        } else {
            ns = contended_round((int)threads, ms);
        }
        if (r >= warmup) {
            samples[r - warmup] = ns;
        }
    }
    char name[64];
    if (uncontended) {
        snprintf(name, sizeof name, "futex.c.mutex");
    } else {
        snprintf(name, sizeof name, "futex.c.contended.%ld", threads);
    }
    bk_report(name, "ns/op", samples, (int)rounds, "");
    return 0;
}
