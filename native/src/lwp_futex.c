/* futex(2) and futex_waitv(2): raw syscalls, -errno, safe on a raw task. */
#include <linux/futex.h>
#include <time.h>

#include "lwp4j.h"
#include "lwp_syscall.h"

#if !defined(SYS_futex_waitv) && defined(__NR_futex_waitv)
#define SYS_futex_waitv __NR_futex_waitv
#endif

#define NS_PER_S 1000000000

int64_t lwp_futex_packed(int64_t uaddr, int64_t op_val3, int32_t val, int64_t timeout_ns, int64_t uaddr2) {
    int32_t op = (int32_t)(uint32_t)op_val3;
    int32_t val3 = (int32_t)(op_val3 >> 32);
    int cmd = op & FUTEX_CMD_MASK;
    long arg4 = timeout_ns; /* val2 for the requeue and wake-op commands */
    struct timespec ts;
    if (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI || cmd == FUTEX_WAIT_REQUEUE_PI) {
        if (timeout_ns < 0) {
            arg4 = 0;
        } else {
            ts.tv_sec = timeout_ns / NS_PER_S;
            ts.tv_nsec = timeout_ns % NS_PER_S;
            arg4 = (long)&ts;
        }
    }
    return lwp_sys6(SYS_futex, uaddr, op, val, arg4, uaddr2, val3);
}

int64_t lwp_futex_waitv(int64_t waiters, int32_t count, int64_t timeout_ns) {
#ifdef SYS_futex_waitv
    struct timespec ts;
    long tsp = 0;
    if (timeout_ns >= 0) {
        /* futex_waitv takes an absolute deadline only: make it from CLOCK_MONOTONIC now. */
        long r = lwp_sys2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
        if (r < 0) {
            return r;
        }
        int64_t ns = ts.tv_nsec + timeout_ns % NS_PER_S;
        ts.tv_sec += timeout_ns / NS_PER_S + ns / NS_PER_S;
        ts.tv_nsec = ns % NS_PER_S;
        tsp = (long)&ts;
    }
    return lwp_sys5(SYS_futex_waitv, waiters, count, 0, tsp, CLOCK_MONOTONIC);
#else
    (void)waiters;
    (void)count;
    (void)timeout_ns;
    return -ENOSYS; /* built against headers without futex_waitv */
#endif
}
