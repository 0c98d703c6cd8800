/*
 * C reference for the futex mutex benchmarks (DESIGN §10): Drepper's three-state mutex (the layout of lwp4j's
 * FutexMutex and of the raw tasks' LWP_OP_ADD_LOCKED), uncontended lock+unlock, and contended throughput.
 *
 *   bench_futex_mutex uncontended OPS            ns per lock+unlock on one thread (MutexBench.futexMutex)
 *   bench_futex_mutex contended THREADS SECONDS  lock+increment+unlock per microsecond, all threads together
 *
 * Prints "<mode> <value>".
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
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

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
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

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "uncontended") == 0) {
        long n = atol(argv[2]);
        for (long i = 0; i < n / 10; i++) { /* warm up */
            lock(&word);
            counter++;
            unlock(&word);
        }
        double t0 = now_ns();
        for (long i = 0; i < n; i++) {
            lock(&word);
            counter++;
            unlock(&word);
        }
        printf("uncontended %.2f\n", (now_ns() - t0) / n);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "contended") == 0) {
        int threads = atoi(argv[2]);
        double seconds = atof(argv[3]);
        pthread_t t[64];
        long ops[64] = {0};
        if (threads < 1 || threads > 64) {
            return 2;
        }
        double t0 = now_ns();
        for (int i = 0; i < threads; i++) {
            pthread_create(&t[i], NULL, worker, &ops[i]);
        }
        usleep((useconds_t)(seconds * 1e6));
        stop = 1;
        long total = 0;
        for (int i = 0; i < threads; i++) {
            pthread_join(t[i], NULL);
            total += ops[i];
        }
        printf("contended-%d %.2f\n", threads, total / ((now_ns() - t0) / 1e3));
        return 0;
    }
    fprintf(stderr, "usage: %s uncontended OPS | contended THREADS SECONDS\n", argv[0]);
    return 2;
}
