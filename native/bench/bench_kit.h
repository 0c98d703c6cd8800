/*
 * The timing kit of the C reference benchmarks (ARCHITECTURE.md §10): monotonic time, repeated rounds, quantiles, and one
 * machine-readable line per result that the Java runner (io.lwp4j.bench.Runner) parses.
 *
 * Output: one flat JSON object per line on stdout.
 *   {"env":1,"cc":"12.2.0","libc":"2.36"}                                 first line: how this program was built
 *   {"name":"gettid.raw","unit":"ns/op","median":117.2,"p25":..,"p75":..,"min":..,"max":..,"rounds":21}
 * A program may add integer fields to a result (for example "tasks" for the /proc reader). Progress and errors
 * go to stderr.
 *
 * Quantiles use the estimator of commons-math's Percentile (position p*(n+1), linear interpolation), the one
 * JMH reports, so a C median and a JMH median over the same number of rounds mean the same thing.
 */
#ifndef LWP_BENCH_KIT_H
#define LWP_BENCH_KIT_H

#include <gnu/libc-version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/** Upper bound on rounds: results are kept on the stack. */
#define BK_MAX_ROUNDS 1000

/** CLOCK_MONOTONIC in nanoseconds (vDSO: no syscall). */
static inline double bk_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline int bk_cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/** The p-quantile (0 < p <= 1) of sorted[0..n): commons-math "legacy" estimator, as JMH prints. */
static inline double bk_quantile(const double *sorted, int n, double p) {
    double pos = p * (n + 1);
    if (pos < 1) return sorted[0];
    if (pos >= n) return sorted[n - 1];
    int lower = (int)pos; /* pos >= 1 here: truncation is floor */
    double d = pos - lower;
    return sorted[lower - 1] + d * (sorted[lower] - sorted[lower - 1]);
}

/** The first output line: compiler and C library, for the report's environment lines. */
static inline void bk_print_env(void) {
    printf("{\"env\":1,\"cc\":\"%s\",\"libc\":\"%s\"}\n", __VERSION__, gnu_get_libc_version());
    fflush(stdout);
}

/**
 * Prints one result line for samples[0..n) (sorted in place). extra is "" or more JSON members starting with a
 * comma, e.g. ",\"tasks\":10001".
 */
static inline void bk_report(const char *name, const char *unit, double *samples, int n, const char *extra) {
    qsort(samples, (size_t)n, sizeof samples[0], bk_cmp_double);
    printf("{\"name\":\"%s\",\"unit\":\"%s\",\"median\":%.4f,\"p25\":%.4f,\"p75\":%.4f,\"min\":%.4f,\"max\":%.4f,"
           "\"rounds\":%d%s}\n",
           name, unit, bk_quantile(samples, n, 0.5), bk_quantile(samples, n, 0.25), bk_quantile(samples, n, 0.75),
           samples[0], samples[n - 1], n, extra);
    fflush(stdout);
}

/**
 * Reads "--key N" from argv into *out (an integer >= min); leaves *out alone when key is absent. Exits with a
 * usage message on a bad value.
 */
static inline void bk_arg_long(int argc, char **argv, const char *key, long min, long *out) {
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], key) == 0) {
            char *end;
            long v = strtol(argv[i + 1], &end, 10);
            if (end == argv[i + 1] || *end != '\0' || v < min) {
                fprintf(stderr, "%s: %s needs an integer >= %ld, not '%s'\n", argv[0], key, min, argv[i + 1]);
                exit(2);
            }
            *out = v;
        }
    }
}

/** Reads --rounds and --warmup, bounding rounds by BK_MAX_ROUNDS. */
static inline void bk_rounds(int argc, char **argv, long *rounds, long *warmup) {
    bk_arg_long(argc, argv, "--rounds", 1, rounds);
    bk_arg_long(argc, argv, "--warmup", 0, warmup);
    if (*rounds > BK_MAX_ROUNDS) {
        fprintf(stderr, "%s: at most %d rounds\n", argv[0], BK_MAX_ROUNDS);
        exit(2);
    }
}

#endif /* LWP_BENCH_KIT_H */
