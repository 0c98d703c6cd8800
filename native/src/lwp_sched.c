/* Scheduling of any thread by TID (ARCHITECTURE.md §6): affinity, nice, policy and priority. Raw syscalls, -errno. */
#include <sched.h>
#include <sys/resource.h>

#include "lwp4j.h"
#include "lwp_syscall.h"

int64_t lwp_sched_getaffinity(int64_t tid, int64_t mask, int64_t size) {
    /* The syscall, not glibc's wrapper: it returns how many bytes the kernel wrote (its cpumask size). */
    return lwp_sys3(SYS_sched_getaffinity, tid, size, mask);
}

int64_t lwp_sched_setaffinity(int64_t tid, int64_t mask, int64_t size) {
    return lwp_sys3(SYS_sched_setaffinity, tid, size, mask);
}

int64_t lwp_sched_setscheduler(int64_t tid, int32_t policy, int32_t priority) {
    struct sched_param p = {.sched_priority = priority};
    return lwp_sys3(SYS_sched_setscheduler, tid, policy, (long)&p);
}

int64_t lwp_sched_getscheduler(int64_t tid) {
    return lwp_sys1(SYS_sched_getscheduler, tid);
}

int64_t lwp_sched_getparam(int64_t tid) {
    struct sched_param p = {0};
    long r = lwp_sys2(SYS_sched_getparam, tid, (long)&p);
    return r < 0 ? r : (int64_t)p.sched_priority;
}

int64_t lwp_sched_priority_range(int32_t policy) {
    long lo = lwp_sys1(SYS_sched_get_priority_min, policy);
    if (lo < 0) {
        return lo;
    }
    long hi = lwp_sys1(SYS_sched_get_priority_max, policy);
    if (hi < 0) {
        return hi;
    }
    return (int64_t)lo | ((int64_t)hi << 32);
}

int64_t lwp_getpriority(int64_t tid) {
    /* The syscall returns 20 - nice (1..40), never negative on success: nice + 20 is 40 - r. */
    long r = lwp_sys2(SYS_getpriority, PRIO_PROCESS, tid);
    return r < 0 ? r : (int64_t)(40 - r);
}

int64_t lwp_setpriority(int64_t tid, int32_t nice) {
    return lwp_sys3(SYS_setpriority, PRIO_PROCESS, tid, nice);
}
