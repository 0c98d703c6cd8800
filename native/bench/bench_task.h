/*
 * Raw tasks driven from C exactly as io.lwp4j.task.RawTask drives them through the shim, for the `tasks`
 * benchmarks: one mapping (guard page, stack, task block with the program), lwp_task_spawn with the thread preset,
 * a shared FUTEX_WAIT on the CLONE_CHILD_CLEARTID word until the kernel clears it, then munmap. What the Java side
 * adds on top of this is the cost of lwp4j itself; this is the physical limit of the mechanism.
 */
#ifndef LWP_BENCH_TASK_H
#define LWP_BENCH_TASK_H

#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>

#include "lwp4j.h"

/* CloneFlag.threadPreset(): what glibc's pthread_create passes, minus the TLS and TID handling the shim adds. */
#define BT_THREAD_PRESET (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)
/* RawTask.DEFAULT_STACK_SIZE */
#define BT_STACK (64 * 1024)

/** A spawned task: its mapping and its block. */
struct bt_task {
    int64_t map, len, block;
    long tid;
};

#define BT_I32(addr) ((volatile int32_t *)(uintptr_t)(addr))
#define BT_I64(addr) ((volatile int64_t *)(uintptr_t)(addr))

/**
 * Spawns a thread-preset task running ops[0..n) (LWP_OP_SIZE bytes each, as lwp4j.h lays them out); 0, or -errno
 * with nothing left mapped. The mapping is the one RawTask.spawn makes: guard page + stack + one page (block + ops).
 */
static inline long bt_spawn(struct bt_task *t, const int64_t *ops, int n) {
    int64_t page = 4096;
    t->len = page + BT_STACK + page;
    t->map = lwp_mem_map(t->len, 0, 1);
    if (t->map < 0) {
        return (long)t->map;
    }
    t->block = t->map + page + BT_STACK;
    int64_t at = t->block + LWP_TASK_BLOCK_SIZE;
    for (int i = 0; i < n * 4; i++) {
        BT_I64(at)[i] = ops[i];
    }
    *BT_I64(t->block + LWP_TASK_OFF_PROGRAM) = at;
    *BT_I64(t->block + LWP_TASK_OFF_OP_COUNT) = n;
    t->tid = (long)lwp_task_spawn(BT_THREAD_PRESET, 0, t->map + page, t->block, 1);
    if (t->tid < 0) {
        long e = t->tid;
        lwp_mem_unmap(t->map, t->len);
        return e;
    }
    return 0;
}

/**
 * Waits until the kernel clears a CLONE_CHILD_CLEARTID word at the task's exit: a shared FUTEX_WAIT, since the
 * kernel's wake at exit is not a private one.
 */
static inline void bt_wait_cleared(int64_t word) {
    int32_t v;
    while ((v = __atomic_load_n(BT_I32(word), __ATOMIC_ACQUIRE)) != 0) {
        lwp_futex(word, FUTEX_WAIT, v, -1, 0, 0);
    }
}

/** Waits until the task is gone, then unmaps its stack and block. */
static inline void bt_join(struct bt_task *t) {
    bt_wait_cleared(t->block + LWP_TASK_OFF_TID);
    lwp_mem_unmap(t->map, t->len);
}

#endif /* LWP_BENCH_TASK_H */
