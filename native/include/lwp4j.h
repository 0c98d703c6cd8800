/*
 * lwp4j.h — THE ABI contract between liblwp4j.so and every Java backend (FFM, JNA, jnr-ffi).
 *
 * Conventions (DESIGN §2), true of every function below:
 *  - fixed arity, no varargs (variadic calls differ per backend and per arch);
 *  - arguments are integers and raw addresses only;
 *  - the result is >= 0 on success or -errno on failure; nothing ever reads or writes errno for the caller;
 *  - each entry says whether it BLOCKS (may sleep in the kernel) and whether it is SAFE ON A RAW TASK
 *    (callable from a task made by clone() that has no libc thread state: raw syscalls only, no TLS, no errno).
 *
 * Changing a signature or a meaning bumps LWP4J_ABI_VERSION; the Java loader refuses a library whose
 * lwp_abi_version() differs from the version it was built against.
 */
#ifndef LWP4J_H
#define LWP4J_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LWP4J_ABI_VERSION 1

#if defined(LWP4J_BUILDING)
#define LWP4J_EXPORT __attribute__((visibility("default")))
#else
#define LWP4J_EXPORT
#endif

/* ---- identity ------------------------------------------------------------------------------------------ */

/** The ABI version this library implements (LWP4J_ABI_VERSION). Never blocks. Safe on a raw task. */
LWP4J_EXPORT int32_t lwp_abi_version(void);

/** gettid(2) through a raw syscall: the calling task's kernel TID. Never fails, never blocks. Safe on a raw task. */
LWP4J_EXPORT int64_t lwp_gettid(void);

/** getpid(2) through a raw syscall: the calling task's TGID. Never fails, never blocks. Safe on a raw task. */
LWP4J_EXPORT int64_t lwp_getpid(void);

/**
 * getcpu(2) through a raw syscall: the CPU the caller was running on when the kernel answered, and its NUMA node.
 * Returns cpu | (node << 32), both non-negative, or -errno. Never blocks. Safe on a raw task.
 */
LWP4J_EXPORT int64_t lwp_getcpu(void);

#ifdef __cplusplus
}
#endif

#endif /* LWP4J_H */
