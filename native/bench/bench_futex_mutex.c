/*
 * C reference for the futex mutex benchmarks (ARCHITECTURE.md §10): Drepper's three-state mutex (the layout of lwp4j's
 * FutexMutex and of the raw tasks' LWP_OP_ADD_LOCKED), uncontended lock+unlock, and contended throughput.
 *
 *   bench_futex_mutex uncontended [--rounds R] [--warmup W] [--ops N]
 *       futex.c.mutex: ns per lock+increment+unlock on one thread (MutexBench.futexMutex, -t 1)
 *   bench_futex_mutex contended THREADS [--rounds R] [--warmup W] [--ms M]
 *       futex.c.contended.THREADS: THREADS threads lock+increment+unlock for M ms per round; ns per operation per
 *       thread (elapsed × THREADS / operations), as JMH's average-time mode reports MutexBench with -t THREADS
 *   bench_futex_mutex pthread THREADS ...    futex.c.pthread.THREADS: the same with glibc's default pthread_mutex
 *   bench_futex_mutex adaptive THREADS ...   futex.c.pthread-adaptive.THREADS: PTHREAD_MUTEX_ADAPTIVE_NP (glibc
 *       spins up to 100 trylocks, adapting the count per mutex, before it sleeps)
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
static pthread_mutex_t pmutex;
static int kind; /* 0: the futex mutex, 1: a pthread mutex (normal or adaptive, as initialised) */

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
        if (kind) {
            pthread_mutex_lock(&pmutex);
            counter++;
            pthread_mutex_unlock(&pmutex);
        } else {
            lock(&word);
            counter++;
            unlock(&word);
        }
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
    const char *mode = argc > 1 ? argv[1] : "";
    if (argc > 2 && (strcmp(mode, "contended") == 0 || strcmp(mode, "pthread") == 0
                     || strcmp(mode, "adaptive") == 0)) {
        threads = atol(argv[2]);
    }
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    if (strcmp(mode, "adaptive") == 0) {
        pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
    }
    pthread_mutex_init(&pmutex, &attr);
    kind = strcmp(mode, "pthread") == 0 || strcmp(mode, "adaptive") == 0;
    if (!uncontended && (threads < 1 || threads > 64)) {
        fprintf(stderr, "usage: %s uncontended [--rounds R] [--warmup W] [--ops N] | (contended|pthread|adaptive) "
                "THREADS(1-64) [--rounds R] [--warmup W] [--ms M]\n", argv[0]);
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
        snprintf(name, sizeof name, "futex.c.%s.%ld", strcmp(mode, "contended") == 0 ? "contended"
                 : strcmp(mode, "pthread") == 0 ? "pthread" : "pthread-adaptive", threads);
    }
    bk_report(name, "ns/op", samples, (int)rounds, "");
    return 0;
}
