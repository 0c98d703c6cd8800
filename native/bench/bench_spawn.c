/*
 * bench_spawn: spawn + join of one task from C, the references of the `tasks` group's spawn benchmark
 * (TaskSpawnBenchmark: RawTask.spawn + join, Java Thread, virtual thread).
 *
 *   spawn.shim     lwp_task_spawn through the shim with a trivial program, a shared FUTEX_WAIT on the CLEARTID
 *                  word, a fresh 64 KiB stack mmapped and unmapped each time: exactly what RawTask does
 *                  (bench_task.h), without the JVM — the physical limit of lwp4j's own mechanism
 *   spawn.shimreuse  the same spawn and join on one mapping reused for every task (no mmap, mprotect, munmap,
 *                  no page faults on a fresh stack): what a stack cache (glibc keeps one for pthreads) would give
 *   spawn.clone    glibc clone() with CLONE_CHILD_CLEARTID on one reused 64 KiB stack, a child that returns at
 *                  once, the same futex wait: a raw clone without the shim (no mmap, no signal mask, no TLS)
 *   spawn.pthread  pthread_create (64 KiB stack) + pthread_join
 *
 * Usage: bench_spawn [--rounds N] [--warmup N] [--ops N]   (us/op; each round times --ops spawn+join cycles)
 * The variants are interleaved round by round. Pin it to one CPU (taskset): the join is a wake-up, and waking an
 * idle vCPU costs tens of microseconds in a VM.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>

#include "bench_kit.h"
#include "bench_task.h"

static long op_shim(void) {
    struct bt_task t;
    long r = bt_spawn(&t, NULL, 0); /* no ops: the task runs to the end of its program and exits 0 */
    if (r < 0) {
        return r;
    }
    bt_join(&t);
    return 0;
}

static struct bt_task reused;

static long op_shim_reuse(void) {
    long tid = (long)lwp_task_spawn(BT_THREAD_PRESET, 0, reused.map + 4096, reused.block, 1);
    if (tid < 0) {
        return tid;
    }
    bt_wait_cleared(reused.block + LWP_TASK_OFF_TID);
    return 0;
}

static char clone_stack[BT_STACK] __attribute__((aligned(64)));
static volatile int32_t clone_tid; /* pid_t: CLONE_PARENT_SETTID writes it, CLEARTID clears it */

/* Runs on the cloned task with the parent's TLS (no CLONE_SETTLS): it must touch nothing; glibc's clone then
 * ends the task with SYS_exit. */
static int clone_child(void *arg) {
    (void)arg;
    return 0;
}

static long op_clone(void) {
    int flags = BT_THREAD_PRESET | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    pid_t *word = (pid_t *)&clone_tid;
    long tid = clone(clone_child, clone_stack + sizeof clone_stack, flags, NULL, word, NULL, word);
    if (tid < 0) {
        return -errno;
    }
    bt_wait_cleared((int64_t)(uintptr_t)&clone_tid);
    return 0;
}

static pthread_attr_t attr64k;

static void *pthread_child(void *arg) {
    return arg;
}

static long op_pthread(void) {
    pthread_t t;
    int rc = pthread_create(&t, &attr64k, pthread_child, NULL);
    if (rc != 0) {
        return -rc;
    }
    pthread_join(t, NULL);
    return 0;
}

static double timed(long (*op)(void), long ops, const char *what) {
    double t0 = bk_now_ns();
    for (long i = 0; i < ops; i++) {
        long r = op();
        if (r < 0) {
            fprintf(stderr, "bench_spawn: %s failed: %s\n", what, strerror((int)-r));
            exit(1);
        }
    }
    return (bk_now_ns() - t0) / 1e3 / (double)ops;
}

int main(int argc, char **argv) {
    long rounds = 21, warmup = 3, ops = 300;
    bk_rounds(argc, argv, &rounds, &warmup);
    bk_arg_long(argc, argv, "--ops", 1, &ops);
    pthread_attr_init(&attr64k);
    int rc = pthread_attr_setstacksize(&attr64k, BT_STACK);
    if (rc != 0) {
        fprintf(stderr, "bench_spawn: pthread_attr_setstacksize(64 KiB): %s\n", strerror(rc));
        return 1;
    }
    long r0 = bt_spawn(&reused, NULL, 0); /* the mapping op_shim_reuse spawns on: made (and tried) once */
    if (r0 < 0) {
        fprintf(stderr, "bench_spawn: lwp_task_spawn failed: %s\n", strerror((int)-r0));
        return 1;
    }
    bt_wait_cleared(reused.block + LWP_TASK_OFF_TID);
    bk_print_env();

    double shim[BK_MAX_ROUNDS], reuse[BK_MAX_ROUNDS], raw[BK_MAX_ROUNDS], pth[BK_MAX_ROUNDS];
    for (long r = -warmup; r < rounds; r++) {
        double a = timed(op_shim, ops, "lwp_task_spawn");
        double d = timed(op_shim_reuse, ops, "lwp_task_spawn (reused stack)");
        double b = timed(op_clone, ops, "clone");
        double c = timed(op_pthread, ops, "pthread_create");
        if (r >= 0) {
            shim[r] = a;
            reuse[r] = d;
            raw[r] = b;
            pth[r] = c;
        }
    }
    bk_report("spawn.shim", "us/op", shim, (int)rounds, "");
    bk_report("spawn.shimreuse", "us/op", reuse, (int)rounds, "");
    bk_report("spawn.clone", "us/op", raw, (int)rounds, "");
    bk_report("spawn.pthread", "us/op", pth, (int)rounds, "");
    return 0;
}
