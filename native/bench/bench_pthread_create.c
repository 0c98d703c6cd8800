/*
 * C references for ThreadStartBench and RobustMutexBench (ARCHITECTURE.md §10), in bench_kit's output format:
 *   pthread.create_join            pthread_create + pthread_join of an empty thread (glibc's cached stacks)
 *   pthread.create_join.own_stack  the same with a 512 KiB stack mapped and unmapped each time (NativeThread's
 *                                  exact stack size does this)
 *   pthread.robust_mutex           uncontended lock + unlock of a robust, process-shared glibc mutex
 *   bench_pthread_create [--rounds N] [--warmup N]
 */
#include <pthread.h>
#include <sys/mman.h>

#include "bench_kit.h"

#define STACK (512 * 1024)
#define GUARD 4096

static void *empty(void *arg) {
    return arg;
}

/* Mean ns of one create + join over iters threads. */
static double thread_round(int own_stack, int iters) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    double t0 = bk_now_ns();
    for (int i = 0; i < iters; i++) {
        void *map = NULL;
        if (own_stack) {
            map = mmap(NULL, STACK + GUARD, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
            if (map == MAP_FAILED || mprotect(map, GUARD, PROT_NONE) != 0) {
                perror("mmap");
                exit(1);
            }
            pthread_attr_setstack(&attr, (char *)map + GUARD, STACK);
        }
        pthread_t t;
        if (pthread_create(&t, &attr, empty, NULL) != 0 || pthread_join(t, NULL) != 0) {
            perror("pthread_create");
            exit(1);
        }
        if (own_stack) {
            munmap(map, STACK + GUARD);
        }
    }
    pthread_attr_destroy(&attr);
    return (bk_now_ns() - t0) / iters;
}

/* Mean ns of one lock + unlock over iters rounds. */
static double mutex_round(pthread_mutex_t *m, int iters) {
    double t0 = bk_now_ns();
    for (int i = 0; i < iters; i++) {
        pthread_mutex_lock(m);
        pthread_mutex_unlock(m);
    }
    return (bk_now_ns() - t0) / iters;
}

int main(int argc, char **argv) {
    long rounds = 15;
    long warmup = 2;
    bk_rounds(argc, argv, &rounds, &warmup);
    bk_print_env();
    double samples[BK_MAX_ROUNDS];
    for (int own = 0; own <= 1; own++) {
        for (long r = 0; r < warmup; r++) {
            thread_round(own, 200);
        }
        for (long r = 0; r < rounds; r++) {
            samples[r] = thread_round(own, 500);
        }
        bk_report(own ? "pthread.create_join.own_stack" : "pthread.create_join", "ns/op", samples, (int)rounds, "");
    }
    pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(m, &a);
    for (long r = 0; r < warmup; r++) {
        mutex_round(m, 1000000);
    }
    for (long r = 0; r < rounds; r++) {
        samples[r] = mutex_round(m, 1000000);
    }
    bk_report("pthread.robust_mutex", "ns/op", samples, (int)rounds, "");
    return 0;
}
