/*
 * thread_farm: a target process for the listing benchmarks — N threads that sleep in FUTEX_WAIT and stay alive
 * until stdin reaches end-of-file (or a signal ends the process).
 *
 * Usage: thread_farm N [--stack-kib K]     (default 64 KiB stacks, so 10,000 threads need ~640 MiB of address
 *                                           space and only the pages each thread touches)
 * When all N threads run it prints one line:  READY pid=<pid> threads=<N>
 * and then blocks on stdin. The runner keeps stdin as a pipe: when the runner ends, even by a crash, the pipe
 * closes and the farm exits, so no target is ever left behind. Returning from main is exit_group(2), which ends
 * every thread at once.
 *
 * Each thread names itself "farm-<i>" so that the listing parses real, varied comm values.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench_kit.h"
#include "lwp_syscall.h"

/* The word every farm thread waits on; nobody ever changes it. */
static _Atomic int gate;
static _Atomic long started;

static void *farm_thread(void *arg) {
    char name[16];
    snprintf(name, sizeof name, "farm-%ld", (long)(intptr_t)arg);
    prctl(PR_SET_NAME, name, 0, 0, 0);
    atomic_fetch_add(&started, 1);
    for (;;) {
        /* Spurious returns (EINTR, EAGAIN) just wait again. */
        lwp_sys4(SYS_futex, (long)&gate, FUTEX_WAIT_PRIVATE, 0, 0);
    }
    return NULL;
}

static long read_long_file(const char *path) {
    FILE *f = fopen(path, "r");
    long v = -1;
    if (f != NULL) {
        if (fscanf(f, "%ld", &v) != 1) v = -1;
        fclose(f);
    }
    return v;
}

/* Tasks alive on the whole system: the denominator of /proc/loadavg's 4th field. */
static long system_tasks(void) {
    FILE *f = fopen("/proc/loadavg", "r");
    long running = 0, total = -1;
    if (f != NULL) {
        if (fscanf(f, "%*s %*s %*s %ld/%ld", &running, &total) != 2) total = -1;
        fclose(f);
    }
    return total;
}

/* Refuses a size the kernel's limits cannot hold, with the limit named, instead of failing half-way. */
static void check_limits(long n) {
    long pid_max = read_long_file("/proc/sys/kernel/pid_max");
    long threads_max = read_long_file("/proc/sys/kernel/threads-max");
    long alive = system_tasks();
    struct rlimit nproc;
    getrlimit(RLIMIT_NPROC, &nproc);
    const long margin = 256; /* room for the rest of the system to keep running */
    if (pid_max > 0 && alive >= 0 && n + alive + margin > pid_max) {
        fprintf(stderr, "thread_farm: %ld threads + %ld alive tasks exceed kernel.pid_max=%ld\n", n, alive, pid_max);
        exit(2);
    }
    if (threads_max > 0 && alive >= 0 && n + alive + margin > threads_max) {
        fprintf(stderr, "thread_farm: %ld threads + %ld alive tasks exceed kernel.threads-max=%ld\n", n, alive,
                threads_max);
        exit(2);
    }
    if (nproc.rlim_cur != RLIM_INFINITY && getuid() != 0 && (rlim_t)(n + margin) > nproc.rlim_cur) {
        fprintf(stderr, "thread_farm: %ld threads exceed RLIMIT_NPROC=%ld (ulimit -u)\n", n, (long)nproc.rlim_cur);
        exit(2);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: thread_farm N [--stack-kib K]\n");
        return 2;
    }
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (*end != '\0' || n < 0) {
        fprintf(stderr, "thread_farm: N must be a non-negative integer, not '%s'\n", argv[1]);
        return 2;
    }
    long stack_kib = 64;
    bk_arg_long(argc, argv, "--stack-kib", 16, &stack_kib);
    check_limits(n);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    int rc = pthread_attr_setstacksize(&attr, (size_t)stack_kib * 1024);
    if (rc != 0) {
        fprintf(stderr, "thread_farm: stack size %ld KiB refused: %s\n", stack_kib, strerror(rc));
        return 2;
    }
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (long i = 0; i < n; i++) {
        pthread_t t;
        rc = pthread_create(&t, &attr, farm_thread, (void *)(intptr_t)i);
        if (rc != 0) {
            fprintf(stderr, "thread_farm: pthread_create failed after %ld of %ld threads: %s\n", i, n, strerror(rc));
            return 3;
        }
    }
    pthread_attr_destroy(&attr);
    while (atomic_load(&started) < n) {
        usleep(1000);
    }
    printf("READY pid=%d threads=%ld\n", getpid(), n);
    fflush(stdout);

    char buf[256];
    ssize_t got;
    while ((got = read(0, buf, sizeof buf)) > 0 || (got < 0 && errno == EINTR)) {
    }
    return 0;
}
