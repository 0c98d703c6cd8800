/*
 * bench_proc_reader: the physical limit of io.lwp4j.proc.Tasks.of(pid) — the same files read the same way and
 * parsed into the same fields, in C (it mirrors Tasks.TaskReader and TaskParser).
 *
 * One listing = list /proc/<pid>/task and sort the TIDs; for each task read stat and status (open by full path,
 * read, close: what the Java reader does too, no openat tricks); take the name from stat between the first '(' and
 * the LAST ')' (a comm may hold spaces and parentheses; stat carries the same bytes as comm, so comm is not read);
 * parse the stat fields up to 41 (policy); parse the status lines Tgid, Uid (real, effective), NSpid,
 * Cpus_allowed_list (kept as text) and (non)voluntary_ctxt_switches; keep one record per task. A task that exits
 * mid-read is skipped, as Tasks.of does.
 *
 * Usage: bench_proc_reader PID [--rounds N] [--warmup N] [--mode list|sample|sample-status|stat]
 *        (ms per full listing; reports "tasks" too)
 *
 * --mode sample mirrors io.lwp4j.proc.ThreadSampler.sample() as lwp4j top takes it: /proc/uptime and
 * /proc/<pid>/stat, then per task (in directory order, unsorted) stat and schedstat (nanoseconds on CPU, waiting on
 * a run queue, times switched in), parsed. --mode sample-status reads every task's status too (the sampler that
 * splits voluntary and involuntary switches).
 * --mode stat mirrors Tasks.ofInKernelOrder(pid, Projection.STAT), what lwp4j ps reads: stat alone, directory order.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "bench_kit.h"

#define PF_KTHREAD 0x00200000 /* stat field 9 (flags): a kernel thread */
#define MAX_NSPID 8

struct task_info {
    long tid, tgid, ppid, threads, tty;
    long uid[2];
    long nspid[MAX_NSPID];
    int nspid_len;
    char name[64]; /* TASK_COMM_LEN is 16; room for any future growth */
    char state;
    int kernel_thread;
    unsigned long long utime, stime, start_time;
    long priority, nice, last_cpu, rt_priority, policy;
    long voluntary_switches, involuntary_switches;
    char cpus_allowed[128];
};

/*
 * Reads a whole small /proc file; returns its length, or -1 when the task has gone (or any other failure).
 * Like Tasks' ProcFile, it stops at the first short read: stat and status are produced whole (seq_file
 * single_open), so a read that returns less than asked for has returned everything — no extra read() for EOF.
 */
static ssize_t read_small_file(const char *path, char *buf, size_t cap) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t len = 0;
    for (;;) {
        size_t want = cap - 1 - len;
        ssize_t got = read(fd, buf + len, want);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            close(fd);
            return -1;
        }
        len += (size_t)got;
        if ((size_t)got < want || len == cap - 1) break;
    }
    close(fd);
    buf[len] = '\0';
    return (ssize_t)len;
}

/* "pid (comm) S ppid ...": the name between the first '(' and the last ')', then fields 1-based as in proc(5). */
static int parse_stat(const char *s, struct task_info *t) {
    t->tid = strtol(s, NULL, 10);
    const char *lparen = strchr(s, '(');
    const char *rparen = strrchr(s, ')');
    if (lparen == NULL || rparen == NULL || rparen < lparen || rparen[1] != ' ') return -1;
    size_t name_len = (size_t)(rparen - lparen - 1);
    if (name_len >= sizeof t->name) name_len = sizeof t->name - 1;
    memcpy(t->name, lparen + 1, name_len);
    t->name[name_len] = '\0';
    const char *p = rparen + 2;
    t->state = *p++;
    unsigned long long f[42] = {0};
    int field = 4;
    while (field <= 41 && *p == ' ') {
        char *end;
        f[field] = strtoull(p + 1, &end, 10);
        if (end == p + 1) break;
        p = end;
        field++;
    }
    if (field <= 41) return -1; /* too short: not a stat line we understand */
    t->ppid = (long)f[4];
    t->tty = (long)f[7];
    t->kernel_thread = (f[9] & PF_KTHREAD) != 0;
    t->utime = f[14];
    t->stime = f[15];
    t->priority = (long)f[18];
    t->nice = (long)f[19];
    t->threads = (long)f[20];
    t->start_time = f[22];
    t->last_cpu = (long)f[39];
    t->rt_priority = (long)f[40];
    t->policy = (long)f[41];
    return 0;
}

/* Up to max whitespace-separated integers after a status key; returns how many. */
static int parse_longs(const char *p, long *out, int max) {
    int n = 0;
    while (n < max) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p) break;
        out[n++] = v;
        p = end;
    }
    return n;
}

static void parse_status(char *s, struct task_info *t) {
    for (char *line = s; line != NULL && *line != '\0';) {
        char *nl = strchr(line, '\n');
        if (nl != NULL) *nl = '\0';
        char *colon = strchr(line, ':');
        if (colon != NULL) {
            *colon = '\0';
            const char *v = colon + 1;
            if (strcmp(line, "Tgid") == 0) t->tgid = strtol(v, NULL, 10);
            else if (strcmp(line, "Uid") == 0) parse_longs(v, t->uid, 2);
            else if (strcmp(line, "NSpid") == 0) t->nspid_len = parse_longs(v, t->nspid, MAX_NSPID);
            else if (strcmp(line, "Cpus_allowed_list") == 0) {
                v += strspn(v, " \t");
                snprintf(t->cpus_allowed, sizeof t->cpus_allowed, "%s", v);
            } else if (strcmp(line, "voluntary_ctxt_switches") == 0) t->voluntary_switches = strtol(v, NULL, 10);
            else if (strcmp(line, "nonvoluntary_ctxt_switches") == 0) t->involuntary_switches = strtol(v, NULL, 10);
        }
        line = nl == NULL ? NULL : nl + 1;
    }
}

enum mode { MODE_LIST, MODE_SAMPLE, MODE_SAMPLE_STATUS, MODE_STAT };
static enum mode mode = MODE_LIST;

/* One task: 0 when read, -1 when it went away mid-read (skipped). */
static int read_task(const char *task_dir, long tid, struct task_info *t) {
    char path[96], buf[4096];
    memset(t, 0, sizeof *t);
    snprintf(path, sizeof path, "%s/%ld/stat", task_dir, tid);
    if (read_small_file(path, buf, sizeof buf) < 0 || parse_stat(buf, t) < 0) return -1;
    if (mode == MODE_STAT) return 0;
    if (mode != MODE_SAMPLE) {
        snprintf(path, sizeof path, "%s/%ld/status", task_dir, tid);
        if (read_small_file(path, buf, sizeof buf) < 0) return -1;
        parse_status(buf, t);
    }
    if (mode == MODE_SAMPLE || mode == MODE_SAMPLE_STATUS) {
        snprintf(path, sizeof path, "%s/%ld/schedstat", task_dir, tid);
        if (read_small_file(path, buf, sizeof buf) < 0) return -1;
        char *e;
        unsigned long long run = strtoull(buf, &e, 10);
        unsigned long long delay = strtoull(e, &e, 10);
        unsigned long long switched_in = strtoull(e, NULL, 10);
        t->utime += run + delay + switched_in; /* kept, so the parse is not optimised away */
    }
    return 0;
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static volatile unsigned long long sink;

/* One full listing, sorted by TID; returns the number of tasks read, or -errno when the process cannot be listed. */
static long list_tasks(long pid) {
    char task_dir[64];
    snprintf(task_dir, sizeof task_dir, "/proc/%ld/task", pid);
    DIR *dir = opendir(task_dir);
    if (dir == NULL) return -errno;
    size_t cap = 256, n = 0;
    long *tids = malloc(cap * sizeof *tids);
    if (tids == NULL) {
        closedir(dir);
        return -ENOMEM;
    }
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (!isdigit((unsigned char)e->d_name[0])) continue;
        if (n == cap) {
            cap *= 2;
            long *grown = realloc(tids, cap * sizeof *tids);
            if (grown == NULL) {
                free(tids);
                closedir(dir);
                return -ENOMEM;
            }
            tids = grown;
        }
        tids[n++] = strtol(e->d_name, NULL, 10);
    }
    closedir(dir);
    if (mode == MODE_LIST) qsort(tids, n, sizeof *tids, cmp_long);
    if (mode == MODE_SAMPLE || mode == MODE_SAMPLE_STATUS) {
        char path[64], buf[4096];
        struct task_info whole;
        if (read_small_file("/proc/uptime", buf, sizeof buf) >= 0) sink += (unsigned long long)strtod(buf, NULL);
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        if (read_small_file(path, buf, sizeof buf) >= 0 && parse_stat(buf, &whole) == 0) sink += whole.utime;
    }

    struct task_info *tasks = malloc((n ? n : 1) * sizeof *tasks);
    if (tasks == NULL) {
        free(tids);
        return -ENOMEM;
    }
    size_t got = 0;
    for (size_t i = 0; i < n; i++) {
        if (read_task(task_dir, tids[i], &tasks[got]) == 0) got++;
    }
    unsigned long long acc = 0;
    for (size_t i = 0; i < got; i++) acc += (unsigned long long)tasks[i].tid + tasks[i].utime + (unsigned)tasks[i].name[0];
    sink = acc;
    free(tasks);
    free(tids);
    return (long)got;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_proc_reader PID [--rounds N] [--warmup N]\n");
        return 2;
    }
    char *end;
    long pid = strtol(argv[1], &end, 10);
    if (*end != '\0' || pid <= 0) {
        fprintf(stderr, "bench_proc_reader: PID must be a positive integer, not '%s'\n", argv[1]);
        return 2;
    }
    long rounds = 15, warmup = 2;
    bk_rounds(argc, argv, &rounds, &warmup);
    const char *name = "list.c";
    for (int i = 2; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--mode") == 0) {
            if (strcmp(argv[i + 1], "sample") == 0) {
                mode = MODE_SAMPLE;
                name = "sample.c";
            } else if (strcmp(argv[i + 1], "sample-status") == 0) {
                mode = MODE_SAMPLE_STATUS;
                name = "sample-status.c";
            } else if (strcmp(argv[i + 1], "stat") == 0) {
                mode = MODE_STAT;
                name = "stat.c";
            } else if (strcmp(argv[i + 1], "list") != 0) {
                fprintf(stderr, "bench_proc_reader: --mode list|sample|sample-status|stat, not '%s'\n", argv[i + 1]);
                return 2;
            }
        }
    }
    bk_print_env();

    double ms[BK_MAX_ROUNDS];
    long tasks = 0;
    for (long r = -warmup; r < rounds; r++) {
        double t0 = bk_now_ns();
        tasks = list_tasks(pid);
        double t1 = bk_now_ns();
        if (tasks < 0) {
            fprintf(stderr, "bench_proc_reader: cannot list /proc/%ld/task: %s\n", pid, strerror((int)-tasks));
            return 1;
        }
        if (r >= 0) ms[r] = (t1 - t0) / 1e6;
    }
    char extra[48];
    snprintf(extra, sizeof extra, ",\"tasks\":%ld", tasks);
    bk_report(name, "ms/op", ms, (int)rounds, extra);
    return 0;
}
