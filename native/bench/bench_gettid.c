/*
 * bench_gettid: the cost of the gettid(2) syscall from C, the physical limit of JavaThreads.uncachedTid() and of
 * each backend's shim call (BackendCallBench).
 *
 *   gettid.raw   lwp_sys0(SYS_gettid): the inline-asm syscall of native/src/lwp_syscall.h, inlined in the loop
 *   gettid.libc  glibc's syscall(SYS_gettid): variadic, sets errno, a PLT call away
 *   gettid.call  the inline-asm syscall inside a function of this program (a direct call, no PLT): with the
 *                kernel's RSB filling / Safe RET mitigations the first `ret` after a syscall mispredicts, and
 *                this variant shows that cost apart from the PLT's
 *   gettid.shim  lwp_gettid() from liblwp4j.so through the PLT: the very function the Java backends call
 *   getcpu.shim  lwp_getcpu() from liblwp4j.so: the other identity call (getcpu(2) entered as a raw syscall, not
 *                through the vDSO), the C reference of the backends' getcpu
 *
 * Usage: bench_gettid [--rounds N] [--warmup N] [--ops N]    (ns/op; each round times --ops calls)
 * The variants are interleaved round by round, so noise from a shared machine falls on all of them alike.
 */
#include <sys/syscall.h>
#include <unistd.h>

#include "bench_kit.h"
#include "lwp4j.h"
#include "lwp_syscall.h"

/* Results go here so that no call can be proven useless. */
static volatile long sink;

/* One loop per variant, written out so that the raw syscall is inlined into its loop (no call at all). */
#define TIMED_LOOP(fn, expr)                                                                                   \
    static double fn(long ops) {                                                                               \
        long acc = 0;                                                                                          \
        double t0 = bk_now_ns();                                                                               \
        for (long i = 0; i < ops; i++) acc += (expr);                                                          \
        double t1 = bk_now_ns();                                                                               \
        sink = acc;                                                                                            \
        return (t1 - t0) / (double)ops;                                                                        \
    }

__attribute__((noinline)) static long call_gettid(void) {
    return lwp_sys0(SYS_gettid);
}

TIMED_LOOP(loop_raw, lwp_sys0(SYS_gettid))
TIMED_LOOP(loop_call, call_gettid())
TIMED_LOOP(loop_libc, syscall(SYS_gettid))
TIMED_LOOP(loop_shim, lwp_gettid())
TIMED_LOOP(loop_getcpu, lwp_getcpu())

int main(int argc, char **argv) {
    long rounds = 21, warmup = 3, ops = 200000;
    bk_rounds(argc, argv, &rounds, &warmup);
    bk_arg_long(argc, argv, "--ops", 1, &ops);

    /* All three must agree with glibc's gettid(), or the benchmark measures something else. */
    if (lwp_sys0(SYS_gettid) != gettid() || call_gettid() != gettid() || syscall(SYS_gettid) != gettid() || lwp_gettid() != gettid()) {
        fprintf(stderr, "bench_gettid: the variants disagree on the TID\n");
        return 1;
    }
    if (lwp_getcpu() < 0) {
        fprintf(stderr, "bench_gettid: lwp_getcpu failed: %s\n", strerror((int)-lwp_getcpu()));
        return 1;
    }
    bk_print_env();

    double raw[BK_MAX_ROUNDS], call[BK_MAX_ROUNDS], libc[BK_MAX_ROUNDS], shim[BK_MAX_ROUNDS], cpu[BK_MAX_ROUNDS];
    for (long r = -warmup; r < rounds; r++) {
        double a = loop_raw(ops), b = loop_call(ops), c = loop_libc(ops), d = loop_shim(ops), e = loop_getcpu(ops);
        if (r >= 0) {
            raw[r] = a;
            call[r] = b;
            libc[r] = c;
            shim[r] = d;
            cpu[r] = e;
        }
    }
    bk_report("gettid.raw", "ns/op", raw, (int)rounds, "");
    bk_report("gettid.call", "ns/op", call, (int)rounds, "");
    bk_report("gettid.libc", "ns/op", libc, (int)rounds, "");
    bk_report("gettid.shim", "ns/op", shim, (int)rounds, "");
    bk_report("getcpu.shim", "ns/op", cpu, (int)rounds, "");
    return 0;
}
