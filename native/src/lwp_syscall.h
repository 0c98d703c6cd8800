/*
 * The raw syscall layer: inline asm per arch, returning the kernel's own result (>= 0, or -errno).
 *
 * Why not glibc's syscall(): it is variadic, it sets errno (thread-local state a raw clone()d task must never
 * touch, ARCHITECTURE.md §3 rule 2), and it is a PLT call away. These helpers are static inline, touch no memory but
 * their arguments, and so are safe on a raw task. One asm statement per arch (lwp_sys6); the shorter forms pass
 * zeros in the unused argument registers, which the kernel ignores.
 *
 * Syscall numbers come from <sys/syscall.h> of the toolchain that compiles this file — the kernel headers of
 * the target arch — never from a hand-typed table; so do the other constants (<errno.h>, <asm/prctl.h>...).
 */
#ifndef LWP_SYSCALL_H
#define LWP_SYSCALL_H

#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
#include <asm/prctl.h>
#include "lwp_syscall_x86_64.h"
#elif defined(__aarch64__)
#include "lwp_syscall_aarch64.h"
#else
#error "lwp4j: unsupported architecture (x86_64 and aarch64 only)"
#endif

static inline long lwp_sys0(long n) {
    return lwp_sys6(n, 0, 0, 0, 0, 0, 0);
}

static inline long lwp_sys1(long n, long a) {
    return lwp_sys6(n, a, 0, 0, 0, 0, 0);
}

static inline long lwp_sys2(long n, long a, long b) {
    return lwp_sys6(n, a, b, 0, 0, 0, 0);
}

static inline long lwp_sys3(long n, long a, long b, long c) {
    return lwp_sys6(n, a, b, c, 0, 0, 0);
}

static inline long lwp_sys4(long n, long a, long b, long c, long d) {
    return lwp_sys6(n, a, b, c, d, 0, 0);
}

static inline long lwp_sys5(long n, long a, long b, long c, long d, long e) {
    return lwp_sys6(n, a, b, c, d, e, 0);
}

#endif /* LWP_SYSCALL_H */
