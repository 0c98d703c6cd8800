/*
 * The raw syscall layer: inline asm per arch, returning the kernel's own result (>= 0, or -errno).
 *
 * Why not glibc's syscall(): it is variadic, it sets errno (thread-local state a raw clone()d task must never
 * touch, ARCHITECTURE.md §3 rule 2), and it is a PLT call away. These helpers are static inline, touch no memory but their
 * arguments, and so are safe on a raw task.
 *
 * Syscall numbers come from <sys/syscall.h> of the toolchain that compiles this file — the kernel headers of
 * the target arch — never from a hand-typed table.
 */
#ifndef LWP_SYSCALL_H
#define LWP_SYSCALL_H

#include <sys/syscall.h>

#if defined(__x86_64__)
#include "lwp_syscall_x86_64.h"
#elif defined(__aarch64__)
#include "lwp_syscall_aarch64.h"
#else
#error "lwp4j: unsupported architecture (x86_64 and aarch64 only)"
#endif

#endif /* LWP_SYSCALL_H */
