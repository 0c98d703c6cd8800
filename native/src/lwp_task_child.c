/*
 * The op interpreter that a raw task runs (ARCHITECTURE.md §3). This file is the whole of the task's world:
 *  - raw syscalls only (lwp_syscall.h), no libc call at all — not even memcpy: the file is compiled with
 *    -fno-builtin -fno-tree-loop-distribute-patterns so the compiler cannot turn a loop into a call, and with
 *    -fno-stack-protector so no canary is read through the thread pointer; a CTest checks the object file has no
 *    undefined symbol and no thread-pointer access but the one read that reports it;
 *  - its thread pointer is the private TLS block in its task block (CLONE_SETTLS), so even a stray TLS write could
 *    not touch its parent's; the task writes what it sees into the block, and a Java test checks it;
 *  - it starts with every signal blocked and ends with SYS_exit (never exit_group, which would end the JVM).
 */
#include <linux/futex.h>
#include <linux/prctl.h>
#include <stdint.h>
#include <time.h>

#include "lwp4j.h"
#include "lwp_syscall.h"
#include "lwp_task_internal.h"

#define I32(addr) ((volatile int32_t *)(uintptr_t)(addr))
#define NS_PER_S 1000000000
#define I64(addr) ((volatile int64_t *)(uintptr_t)(addr))

static long futex_op(int64_t addr, int op, int private_, int32_t val) {
    return lwp_sys6(SYS_futex, addr, op | (private_ ? FUTEX_PRIVATE_FLAG : 0), val, 0, 0, 0);
}

/* Drepper's three-state mutex ("Futexes Are Tricky", mutex3): 0 free, 1 locked, 2 locked with waiters. The Java
 * futex mutex uses the same word layout, so Java threads and raw tasks can share one lock. */
static void mutex_lock(int64_t m, int private_) {
    int32_t c = 0;
    if (__atomic_compare_exchange_n(I32(m), &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        return;
    }
    if (c != 2) {
        c = __atomic_exchange_n(I32(m), 2, __ATOMIC_ACQUIRE);
    }
    while (c != 0) {
        futex_op(m, FUTEX_WAIT, private_, 2);
        c = __atomic_exchange_n(I32(m), 2, __ATOMIC_ACQUIRE);
    }
}

static void mutex_unlock(int64_t m, int private_) {
    if (__atomic_fetch_sub(I32(m), 1, __ATOMIC_RELEASE) != 1) {
        __atomic_store_n(I32(m), 0, __ATOMIC_RELEASE);
        futex_op(m, FUTEX_WAKE, private_, 1);
    }
}

__attribute__((noreturn)) static void finish(int64_t block, int32_t code) {
    *I32(block + LWP_TASK_OFF_EXIT_CODE) = code;
    __atomic_store_n(I32(block + LWP_TASK_OFF_STATE), LWP_TASK_FINISHED, __ATOMIC_RELEASE);
    for (;;) {
        lwp_sys1(SYS_exit, code & 0xff); /* this task only; CLONE_CHILD_CLEARTID then clears and wakes the TID word */
    }
}

__attribute__((noreturn, used)) void lwp_task_main(int64_t block) {
    int32_t death = *I32(block + LWP_TASK_OFF_DEATH_SIGNAL);
    if (death != 0) {
        /* A process-like task dies with the thread that made it (ARCHITECTURE.md §3 rule 9; Java spawns such tasks from a
         * thread that lives as long as the JVM). The kernel sends the signal when that thread exits — but only from
         * now on: if it died between clone and here, we were already reparented, so compare the parent. */
        lwp_sys2(SYS_prctl, PR_SET_PDEATHSIG, death);
        if (lwp_sys0(SYS_getppid) != *I32(block + LWP_TASK_OFF_PARENT)) {
            finish(block, 128 + death);
        }
    }
    *I64(block + LWP_TASK_OFF_TLS_SEEN) = lwp_read_thread_pointer();
    __atomic_store_n(I32(block + LWP_TASK_OFF_STATE), LWP_TASK_STARTED, __ATOMIC_RELEASE);
    const volatile int64_t *op = (const volatile int64_t *)(uintptr_t)*I64(block + LWP_TASK_OFF_PROGRAM);
    int64_t n = *I64(block + LWP_TASK_OFF_OP_COUNT);
    for (int64_t i = 0; i < n; i++, op += 4) {
        int64_t a = op[1], b = op[2], c = op[3];
        switch (op[0]) {
        case LWP_OP_EXIT:
            finish(block, (int32_t)a);
            break;
        case LWP_OP_AWAIT:
            while (__atomic_load_n(I32(a), __ATOMIC_ACQUIRE) == (int32_t)b) {
                futex_op(a, FUTEX_WAIT, (int)c & 1, (int32_t)b);
            }
            break;
        case LWP_OP_SIGNAL:
            __atomic_store_n(I32(a), (int32_t)b, __ATOMIC_RELEASE);
            futex_op(a, FUTEX_WAKE, (int)c & 1, INT32_MAX);
            break;
        case LWP_OP_ADD_PLAIN:
            for (int64_t k = 0; k < b; k++) {
                *I64(a) = *I64(a) + 1; /* a volatile load, then a volatile store: a racy increment, on purpose */
            }
            break;
        case LWP_OP_ADD_ATOMIC:
            for (int64_t k = 0; k < b; k++) {
                __atomic_fetch_add(I64(a), 1, __ATOMIC_RELAXED);
            }
            break;
        case LWP_OP_ADD_LOCKED: {
            int64_t m = c & ~(int64_t)1;
            for (int64_t k = 0; k < b; k++) {
                mutex_lock(m, (int)c & 1);
                *I64(a) = *I64(a) + 1;
                mutex_unlock(m, (int)c & 1);
            }
            break;
        }
        case LWP_OP_SPIN:
            for (int64_t k = 0; k < a; k++) {
                lwp_cpu_relax();
            }
            break;
        case LWP_OP_SLEEP: {
            struct timespec ts = {.tv_sec = a / NS_PER_S, .tv_nsec = a % NS_PER_S};
            while (lwp_sys4(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, (long)&ts, (long)&ts) == -EINTR) {
            }
            break;
        }
        case LWP_OP_COPY: {
            volatile uint8_t *dst = (volatile uint8_t *)(uintptr_t)a;
            const volatile uint8_t *src = (const volatile uint8_t *)(uintptr_t)b;
            for (int64_t k = 0; k < c; k++) {
                dst[k] = src[k];
            }
            break;
        }
        case LWP_OP_CLOSE:
            *I64(block + LWP_TASK_OFF_LAST_RESULT) = lwp_sys1(SYS_close, a);
            break;
        case LWP_OP_IDS:
            I64(a)[0] = lwp_sys0(SYS_gettid);
            I64(a)[1] = lwp_sys0(SYS_getpid);
            I64(a)[2] = lwp_sys0(SYS_getppid);
            break;
        case LWP_OP_PINGPONG: {
            int32_t me = (int32_t)(c & 1);
            int private_ = (int)((c >> 8) & 1);
            for (int64_t k = 0; k < b; k++) {
                int32_t v;
                while ((v = __atomic_load_n(I32(a), __ATOMIC_ACQUIRE)) != me) {
                    futex_op(a, FUTEX_WAIT, private_, v);
                }
                __atomic_store_n(I32(a), 1 - me, __ATOMIC_RELEASE);
                futex_op(a, FUTEX_WAKE, private_, 1);
            }
            break;
        }
        case LWP_OP_SET_NAME:
            *I64(block + LWP_TASK_OFF_LAST_RESULT) = lwp_sys2(SYS_prctl, PR_SET_NAME, a);
            break;
        default:
            *I32(block + LWP_TASK_OFF_FAULT) = (int32_t)i + 1;
            finish(block, 127);
        }
    }
    finish(block, 0);
}
