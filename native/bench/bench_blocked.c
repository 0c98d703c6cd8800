/*
 * bench_blocked: memory per blocked task from C, the reference of the `tasks` group's memory figure (BlockedTasks,
 * the Java side, measures RawTask the same way).
 *
 * Each round starts N tasks that each add 1 to a counter and then wait (FUTEX_WAIT) on a gate, reads what the
 * system and this process hold once all N wait, opens the gate (waking them in batches) and joins them all. The
 * growth, divided by N:
 *   kstack      /proc/meminfo KernelStack   (the task's kernel stack: 16 KiB on x86_64)
 *   slab        /proc/meminfo Slab          (task_struct, pid, signal structures ...; = sunreclaim + sreclaimable)
 *   sunreclaim, sreclaimable                 (the two parts of slab, for judging noise: other processes on a shared
 *                                             machine move SReclaimable most)
 *   pagetables  /proc/meminfo PageTables    (the page-table pages the stacks' touched pages need)
 *   kernel      kstack + slab + pagetables
 *   rss         VmRSS of this process       (the touched pages of each stack, the task block, libc's thread data)
 *   total       kernel + rss
 * /proc/meminfo is system-wide: run on a quiet machine, or read the spread.
 *
 * Usage: bench_blocked N [--kind pthread|shim] [--rounds R] [--warmup W]   (KiB/task; one figure per component;
 *        W unmeasured rounds first, default 1)
 *   pthread  pthread_create with 64 KiB stacks (the reference)
 *   shim     raw tasks through lwp_task_spawn with a 3-op program (bench_task.h), as RawTask makes them
 * On a failed spawn it stops, opens the gate, joins every task it made and exits 3. A 300 s alarm ends it if
 * anything hangs (and the kernel then ends every task with it).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "bench_kit.h"
#include "bench_task.h"

enum { KSTACK, SLAB, SUNRECLAIM, SRECLAIMABLE, PAGETABLES, RSS, NFIELDS };
static const char *const FIELDS[NFIELDS] = {"KernelStack:", "Slab:", "SUnreclaim:", "SReclaimable:", "PageTables:",
                                            "VmRSS:"};

/* The kB values of the fields above: five from /proc/meminfo, VmRSS from /proc/self/status. */
static void sample(long kb[NFIELDS]) {
    char line[256];
    for (int i = 0; i < NFIELDS; i++) kb[i] = -1;
    const char *files[2] = {"/proc/meminfo", "/proc/self/status"};
    for (int f = 0; f < 2; f++) {
        FILE *in = fopen(files[f], "r");
        if (in == NULL) {
            fprintf(stderr, "bench_blocked: cannot open %s: %s\n", files[f], strerror(errno));
            exit(1);
        }
        while (fgets(line, sizeof line, in) != NULL) {
            for (int i = 0; i < NFIELDS; i++) {
                size_t len = strlen(FIELDS[i]);
                if (strncmp(line, FIELDS[i], len) == 0) kb[i] = strtol(line + len, NULL, 10);
            }
        }
        fclose(in);
    }
    for (int i = 0; i < NFIELDS; i++) {
        if (kb[i] < 0) {
            fprintf(stderr, "bench_blocked: no %s line\n", FIELDS[i]);
            exit(1);
        }
    }
}

static int32_t gate;            /* the tasks wait while it is 0 */
static int64_t started;         /* each task adds 1 when it runs */
static int64_t left;            /* and 1 when it leaves */

static void *waiter(void *arg) {
    __atomic_fetch_add(&started, 1, __ATOMIC_RELAXED);
    while (__atomic_load_n(&gate, __ATOMIC_ACQUIRE) == 0) {
        lwp_futex((int64_t)(uintptr_t)&gate, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, -1, 0, 0);
    }
    __atomic_fetch_add(&left, 1, __ATOMIC_RELAXED);
    return arg;
}

/* Opens the gate and wakes the tasks 64 at a time, each batch gone before the next: thousands woken at once would
 * sit in one CPU's run queue and push the load average (which counts runnable tasks) up by hundreds. */
static void open_gate(void) {
    __atomic_store_n(&gate, 1, __ATOMIC_RELEASE);
    int64_t expected = 0;
    long woken;
    while ((woken = (long)lwp_futex((int64_t)(uintptr_t)&gate, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 64, 0, 0, 0)) > 0) {
        expected += woken;
        while (__atomic_load_n(&left, __ATOMIC_ACQUIRE) < expected) {
            sched_yield();
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 2 || argv[1][0] < '1' || argv[1][0] > '9') {
        fprintf(stderr, "usage: bench_blocked N [--kind pthread|shim] [--rounds R] [--warmup W]\n");
        return 2;
    }
    long n = strtol(argv[1], NULL, 10), rounds = 3, warmup = 1;
    bk_rounds(argc, argv, &rounds, &warmup);
    int shim = 0;
    for (int i = 2; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--kind") == 0) {
            shim = strcmp(argv[i + 1], "shim") == 0;
            if (!shim && strcmp(argv[i + 1], "pthread") != 0) {
                fprintf(stderr, "bench_blocked: --kind is pthread or shim, not '%s'\n", argv[i + 1]);
                return 2;
            }
        }
    }
    alarm(300);
    pthread_t *threads = calloc((size_t)n, sizeof *threads);
    struct bt_task *tasks = calloc((size_t)n, sizeof *tasks);
    if (threads == NULL || tasks == NULL) {
        fprintf(stderr, "bench_blocked: no memory for %ld handles\n", n);
        return 1;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, BT_STACK);
    /* The raw tasks' program: ADD_ATOMIC 1 to started, AWAIT while gate == 0 (private futex), ADD_ATOMIC 1 to left. */
    const int64_t ops[12] = {LWP_OP_ADD_ATOMIC, (int64_t)(uintptr_t)&started, 1, 0,
                             LWP_OP_AWAIT, (int64_t)(uintptr_t)&gate, 0, 1,
                             LWP_OP_ADD_ATOMIC, (int64_t)(uintptr_t)&left, 1, 0};
    bk_print_env();

    double per[NFIELDS + 2][BK_MAX_ROUNDS];
    for (long r = -warmup; r < rounds; r++) {
        __atomic_store_n(&gate, 0, __ATOMIC_RELEASE);
        __atomic_store_n(&started, 0, __ATOMIC_RELEASE);
        __atomic_store_n(&left, 0, __ATOMIC_RELEASE);
        long before[NFIELDS], after[NFIELDS];
        sample(before);
        long made = 0, err = 0;
        for (; made < n; made++) {
            err = shim ? bt_spawn(&tasks[made], ops, 3) : -(long)pthread_create(&threads[made], &attr, waiter, NULL);
            if (err < 0) break;
        }
        while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < made) {
            usleep(1000);
        }
        usleep(100 * 1000); /* let the last ones reach their futex wait */
        sample(after);
        open_gate();
        for (long i = 0; i < made; i++) {
            if (shim) {
                bt_join(&tasks[i]);
            } else {
                pthread_join(threads[i], NULL);
            }
        }
        if (err < 0) {
            fprintf(stderr, "bench_blocked: %s failed after %ld of %ld tasks: %s\n",
                    shim ? "lwp_task_spawn" : "pthread_create", made, n, strerror((int)-err));
            return 3;
        }
        if (r >= 0) {
            for (int i = 0; i < NFIELDS; i++) {
                per[i][r] = (double)(after[i] - before[i]) / (double)n;
            }
            per[NFIELDS][r] = per[KSTACK][r] + per[SLAB][r] + per[PAGETABLES][r];
            per[NFIELDS + 1][r] = per[NFIELDS][r] + per[RSS][r];
        }
        usleep(300 * 1000); /* RCU frees the exited tasks' structures a little later */
    }
    static const char *const names[NFIELDS + 2] = {"kstack", "slab", "sunreclaim", "sreclaimable", "pagetables",
                                                    "rss", "kernel", "total"};
    char extra[64], name[64];
    snprintf(extra, sizeof extra, ",\"n\":%ld", n);
    for (int i = 0; i < NFIELDS + 2; i++) {
        snprintf(name, sizeof name, "tasks.mem.%s.%s", shim ? "cshim" : "pthread", names[i]);
        bk_report(name, "KiB/task", per[i], (int)rounds, extra);
    }
    return 0;
}
