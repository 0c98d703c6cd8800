/*
 * C references for ThreadStartBench and MutexBench (DESIGN §10): pthread_create + pthread_join of an empty thread
 * (glibc's cached stacks, and an own 512 KiB stack like NativeThread's exact size), and an uncontended lock +
 * unlock of a robust, process-shared glibc mutex. Prints one line per figure: name, median and quartiles in ns.
 *   bench_pthread_create [rounds]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static void *empty(void *arg) {
    return arg;
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *name, double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp);
    printf("%s median_ns=%.1f q1=%.1f q3=%.1f rounds=%d\n", name, v[n / 2], v[n / 4], v[3 * n / 4], n);
}

static double thread_round(int own_stack, int iters) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    size_t size = 512 * 1024;
    long long t0 = now_ns();
    for (int i = 0; i < iters; i++) {
        void *map = NULL;
        if (own_stack) {
            map = mmap(NULL, size + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
            if (map == MAP_FAILED || mprotect(map, 4096, PROT_NONE) != 0) {
                perror("mmap");
                exit(1);
            }
            pthread_attr_setstack(&attr, (char *)map + 4096, size);
        }
        pthread_t t;
        if (pthread_create(&t, &attr, empty, NULL) != 0 || pthread_join(t, NULL) != 0) {
            perror("pthread_create");
            exit(1);
        }
        if (own_stack) {
            munmap(map, size + 4096);
        }
    }
    pthread_attr_destroy(&attr);
    return (double)(now_ns() - t0) / iters;
}

static double mutex_round(pthread_mutex_t *m, int iters) {
    long long t0 = now_ns();
    for (int i = 0; i < iters; i++) {
        pthread_mutex_lock(m);
        pthread_mutex_unlock(m);
    }
    return (double)(now_ns() - t0) / iters;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 15;
    if (rounds < 3 || rounds > 1000) {
        fprintf(stderr, "usage: bench_pthread_create [rounds 3-1000]\n");
        return 2;
    }
    double *v = calloc((size_t)rounds, sizeof *v);
    for (int own = 0; own <= 1; own++) {
        thread_round(own, 200); /* warm-up */
        for (int r = 0; r < rounds; r++) {
            v[r] = thread_round(own, 500);
        }
        report(own ? "pthread_create_join.own_stack" : "pthread_create_join", v, rounds);
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
    mutex_round(m, 1000000);
    for (int r = 0; r < rounds; r++) {
        v[r] = mutex_round(m, 1000000);
    }
    report("robust_mutex_lock_unlock", v, rounds);
    free(v);
    return 0;
}
