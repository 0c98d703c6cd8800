/*
 * Process-shared, robust pthread objects in memory Java owns (ARCHITECTURE.md §6): mutex, condition variable, barrier and
 * read-write lock. pthread functions return the error number; here it becomes -errno. Timeouts are relative
 * nanoseconds (-1: none) measured on CLOCK_MONOTONIC, which wall-clock changes cannot disturb.
 */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "lwp4j.h"

#define PTR(a) ((void *)(intptr_t)(a))

int64_t lwp_pthread_sizes(int32_t which) {
    switch (which) {
    case LWP_SIZE_MUTEX: return (int64_t)sizeof(pthread_mutex_t);
    case LWP_SIZE_COND: return (int64_t)sizeof(pthread_cond_t);
    case LWP_SIZE_BARRIER: return (int64_t)sizeof(pthread_barrier_t);
    case LWP_SIZE_RWLOCK: return (int64_t)sizeof(pthread_rwlock_t);
    default: return -EINVAL;
    }
}

/* The absolute CLOCK_MONOTONIC time timeout_ns from now. */
static struct timespec deadline(int64_t timeout_ns) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += timeout_ns / 1000000000;
    ts.tv_nsec += timeout_ns % 1000000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    return ts;
}

/* A lock's result: 0 acquired, 1 acquired but the previous owner died (EOWNERDEAD), else -errno. */
static int64_t lock_result(int r) {
    return r == 0 ? 0 : r == EOWNERDEAD ? 1 : -(int64_t)r;
}

int64_t lwp_mutex_init(int64_t mutex, int32_t shared, int32_t robust) {
    pthread_mutexattr_t a;
    int r = pthread_mutexattr_init(&a);
    if (r == 0 && shared) r = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    if (r == 0 && robust) r = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    if (r == 0) r = pthread_mutex_init(PTR(mutex), &a);
    pthread_mutexattr_destroy(&a);
    return -(int64_t)r;
}

int64_t lwp_mutex_lock(int64_t mutex, int64_t timeout_ns) {
    if (timeout_ns < 0) {
        return lock_result(pthread_mutex_lock(PTR(mutex)));
    }
    struct timespec ts = deadline(timeout_ns);
    return lock_result(pthread_mutex_clocklock(PTR(mutex), CLOCK_MONOTONIC, &ts));
}

int64_t lwp_mutex_trylock(int64_t mutex) {
    return lock_result(pthread_mutex_trylock(PTR(mutex)));
}

int64_t lwp_mutex_unlock(int64_t mutex) {
    return -(int64_t)pthread_mutex_unlock(PTR(mutex));
}

int64_t lwp_mutex_consistent(int64_t mutex) {
    return -(int64_t)pthread_mutex_consistent(PTR(mutex));
}

int64_t lwp_mutex_destroy(int64_t mutex) {
    return -(int64_t)pthread_mutex_destroy(PTR(mutex));
}

int64_t lwp_cond_init(int64_t cond, int32_t shared) {
    pthread_condattr_t a;
    int r = pthread_condattr_init(&a);
    if (r == 0 && shared) r = pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    if (r == 0) r = pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    if (r == 0) r = pthread_cond_init(PTR(cond), &a);
    pthread_condattr_destroy(&a);
    return -(int64_t)r;
}

int64_t lwp_cond_wait(int64_t cond, int64_t mutex, int64_t timeout_ns) {
    if (timeout_ns < 0) {
        return lock_result(pthread_cond_wait(PTR(cond), PTR(mutex)));
    }
    struct timespec ts = deadline(timeout_ns); /* the condattr's clock: CLOCK_MONOTONIC */
    return lock_result(pthread_cond_timedwait(PTR(cond), PTR(mutex), &ts));
}

int64_t lwp_cond_signal(int64_t cond, int32_t all) {
    return -(int64_t)(all ? pthread_cond_broadcast(PTR(cond)) : pthread_cond_signal(PTR(cond)));
}

int64_t lwp_cond_destroy(int64_t cond) {
    return -(int64_t)pthread_cond_destroy(PTR(cond));
}

int64_t lwp_barrier_init(int64_t barrier, int32_t count, int32_t shared) {
    pthread_barrierattr_t a;
    int r = pthread_barrierattr_init(&a);
    if (r == 0 && shared) r = pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    if (r == 0) r = pthread_barrier_init(PTR(barrier), &a, (unsigned)count);
    pthread_barrierattr_destroy(&a);
    return -(int64_t)r;
}

int64_t lwp_barrier_wait(int64_t barrier) {
    int r = pthread_barrier_wait(PTR(barrier));
    return r == PTHREAD_BARRIER_SERIAL_THREAD ? 1 : -(int64_t)r;
}

int64_t lwp_barrier_destroy(int64_t barrier) {
    return -(int64_t)pthread_barrier_destroy(PTR(barrier));
}

int64_t lwp_rwlock_init(int64_t rwlock, int32_t shared) {
    pthread_rwlockattr_t a;
    int r = pthread_rwlockattr_init(&a);
    if (r == 0 && shared) r = pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    if (r == 0) r = pthread_rwlock_init(PTR(rwlock), &a);
    pthread_rwlockattr_destroy(&a);
    return -(int64_t)r;
}

int64_t lwp_rwlock_lock(int64_t rwlock, int32_t write, int64_t timeout_ns) {
    int r;
    if (timeout_ns < 0) {
        r = write ? pthread_rwlock_wrlock(PTR(rwlock)) : pthread_rwlock_rdlock(PTR(rwlock));
    } else if (timeout_ns == 0) {
        r = write ? pthread_rwlock_trywrlock(PTR(rwlock)) : pthread_rwlock_tryrdlock(PTR(rwlock));
    } else {
        struct timespec ts = deadline(timeout_ns);
        r = write ? pthread_rwlock_clockwrlock(PTR(rwlock), CLOCK_MONOTONIC, &ts)
                  : pthread_rwlock_clockrdlock(PTR(rwlock), CLOCK_MONOTONIC, &ts);
    }
    return -(int64_t)r;
}

int64_t lwp_rwlock_unlock(int64_t rwlock) {
    return -(int64_t)pthread_rwlock_unlock(PTR(rwlock));
}

int64_t lwp_rwlock_destroy(int64_t rwlock) {
    return -(int64_t)pthread_rwlock_destroy(PTR(rwlock));
}
