/* Scheduling of any thread by TID (ARCHITECTURE.md §6): affinity, nice, policy and priority. -errno, never errno. */
#include <errno.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lwp4j.h"

/* glibc's wrappers set errno and return -1: turn that into -errno. */
static int64_t result(long r) {
    return r < 0 ? -(int64_t)errno : (int64_t)r;
}

int64_t lwp_sched_getaffinity(int64_t tid, int64_t mask, int64_t size) {
    /* The raw syscall, not glibc's wrapper: it returns how many bytes the kernel wrote (its cpumask size). */
    return result(syscall(SYS_sched_getaffinity, (pid_t)tid, (size_t)size, (void *)(intptr_t)mask));
}

int64_t lwp_sched_setaffinity(int64_t tid, int64_t mask, int64_t size) {
    return result(syscall(SYS_sched_setaffinity, (pid_t)tid, (size_t)size, (void *)(intptr_t)mask));
}

int64_t lwp_sched_setscheduler(int64_t tid, int32_t policy, int32_t priority) {
    struct sched_param p = {.sched_priority = priority};
    return result(syscall(SYS_sched_setscheduler, (pid_t)tid, policy, &p));
}

int64_t lwp_sched_getscheduler(int64_t tid) {
    return result(syscall(SYS_sched_getscheduler, (pid_t)tid));
}

int64_t lwp_sched_getparam(int64_t tid) {
    struct sched_param p = {0};
    long r = syscall(SYS_sched_getparam, (pid_t)tid, &p);
    return r < 0 ? -(int64_t)errno : (int64_t)p.sched_priority;
}

int64_t lwp_sched_priority_range(int32_t policy) {
    int lo = sched_get_priority_min(policy);
    if (lo < 0) {
        return -(int64_t)errno;
    }
    int hi = sched_get_priority_max(policy);
    if (hi < 0) {
        return -(int64_t)errno;
    }
    return (int64_t)lo | ((int64_t)hi << 32);
}

int64_t lwp_getpriority(int64_t tid) {
    /* The raw syscall returns 20 - nice (1..40), never negative on success: no errno ambiguity. */
    long r = syscall(SYS_getpriority, PRIO_PROCESS, (id_t)tid);
    return r < 0 ? -(int64_t)errno : (int64_t)(20 - r + 20);
}

int64_t lwp_setpriority(int64_t tid, int32_t nice) {
    return result(syscall(SYS_setpriority, PRIO_PROCESS, (id_t)tid, nice));
}
