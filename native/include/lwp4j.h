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

#define LWP4J_ABI_VERSION 2

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

/* ---- memory ------------------------------------------------------------------------------------------- */

/** The page size (getauxval(AT_PAGESZ)). Never fails. */
LWP4J_EXPORT int64_t lwp_page_size(void);

/**
 * mmap(2) of an anonymous, read-write region of len bytes (rounded up to pages). shared != 0 gives MAP_SHARED
 * (seen by tasks made without CLONE_VM and by forked children), else MAP_PRIVATE. guard != 0 makes the lowest page
 * PROT_NONE: a stack guard. Returns the address or -errno. Never blocks.
 */
LWP4J_EXPORT int64_t lwp_mem_map(int64_t len, int32_t shared, int32_t guard);

/** munmap(2). Returns 0 or -errno. Never blocks. */
LWP4J_EXPORT int64_t lwp_mem_unmap(int64_t addr, int64_t len);

/* ---- futex ---------------------------------------------------------------------------------------------- */

/**
 * futex(2): op is FUTEX_* including FUTEX_PRIVATE_FLAG / FUTEX_CLOCK_REALTIME as the caller chose. For the wait
 * operations timeout_ns is the timeout in nanoseconds (relative for FUTEX_WAIT, absolute for FUTEX_WAIT_BITSET),
 * or -1 for none; for the requeue and wake-op operations it is val2. Returns the kernel's result or -errno.
 * BLOCKS in the wait operations. Safe on a raw task.
 */
LWP4J_EXPORT int64_t lwp_futex(int64_t uaddr, int32_t op, int32_t val, int64_t timeout_ns, int64_t uaddr2,
                               int32_t val3);

/**
 * lwp_futex with five arguments: op in the low 32 bits of op_val3 and val3 in the high 32 bits. jnr-ffi 2.2.17
 * corrupts the sixth argument of a call (jnr/jnr-ffi#181: lwp_futex's val3 arrives wrong, which breaks the bitset
 * and cmp-requeue operations), so core calls this one. Same results as lwp_futex. BLOCKS in the wait operations.
 * Safe on a raw task.
 */
LWP4J_EXPORT int64_t lwp_futex_packed(int64_t uaddr, int64_t op_val3, int32_t val, int64_t timeout_ns,
                                      int64_t uaddr2);

/**
 * futex_waitv(2) (Linux 5.16+): waits until one of count struct futex_waitv at waiters (24 bytes each: u64 val,
 * u64 uaddr, u32 flags = FUTEX2_SIZE_U32 [| FUTEX2_PRIVATE], u32 reserved 0) is woken, at most timeout_ns
 * nanoseconds of CLOCK_MONOTONIC (-1: no timeout). Returns the index of the woken futex or -errno (-EAGAIN: a
 * value differed, -ETIMEDOUT, -EINTR, -ENOSYS on an older kernel). BLOCKS. Safe on a raw task.
 */
LWP4J_EXPORT int64_t lwp_futex_waitv(int64_t waiters, int32_t count, int64_t timeout_ns);

/* ---- named shared memory (shm_open(3) semantics, without librt) --------------------------------------------- */

/**
 * openat(2) of the NUL-terminated path at path, O_RDWR | O_CLOEXEC | O_NOFOLLOW; create != 0 adds O_CREAT | O_EXCL
 * with mode 0600 (fails with -EEXIST when the name exists). Returns the fd or -errno. Never blocks.
 */
LWP4J_EXPORT int64_t lwp_shm_open(int64_t path, int32_t create);

/** unlinkat(2) of the NUL-terminated path at path. Returns 0 or -errno. */
LWP4J_EXPORT int64_t lwp_shm_unlink(int64_t path);

/** ftruncate(2). Returns 0 or -errno. */
LWP4J_EXPORT int64_t lwp_fd_truncate(int32_t fd, int64_t len);

/** The size of the file fd refers to (lseek(fd, 0, SEEK_END)), or -errno. */
LWP4J_EXPORT int64_t lwp_fd_size(int32_t fd);

/**
 * mmap(2) of len bytes of fd from offset (a page multiple), PROT_READ | PROT_WRITE, MAP_SHARED. Returns the address
 * or -errno. The mapping outlives the fd (close it after). Never blocks.
 */
LWP4J_EXPORT int64_t lwp_mem_map_fd(int32_t fd, int64_t len, int64_t offset);

/* ---- raw tasks (DESIGN §3) -------------------------------------------------------------------------------- */

/*
 * A raw task runs only the op interpreter below, on a stack and with a task block that Java owns (one mapping:
 * a guard page, the stack, then the block and the program). Every op is four int64 words: {code, a, b, c}.
 */
#define LWP_OP_EXIT 0        /* a = exit code: end the task now */
#define LWP_OP_AWAIT 1       /* wait while the int32 at a equals b (futex); c = 1: private futex */
#define LWP_OP_SIGNAL 2      /* store b into the int32 at a (release), then wake all its waiters; c = 1: private */
#define LWP_OP_ADD_PLAIN 3   /* add 1 to the int64 at a, b times, with plain loads and stores (races lose updates) */
#define LWP_OP_ADD_ATOMIC 4  /* add 1 to the int64 at a, b times, atomically */
#define LWP_OP_ADD_LOCKED 5  /* add 1 to the int64 at a, b times, each under the futex mutex at c (c|1: private) */
#define LWP_OP_SPIN 6        /* spin a iterations */
#define LWP_OP_SLEEP 7       /* sleep a nanoseconds (clock_nanosleep, CLOCK_MONOTONIC) */
#define LWP_OP_COPY 8        /* copy c bytes from b to a */
#define LWP_OP_CLOSE 9       /* close(fd a); the result goes to the block's last_result */
#define LWP_OP_IDS 10        /* write tid, tgid (getpid), ppid as three int64 at a */
#define LWP_OP_PINGPONG 11   /* b rounds on the int32 at a as player c&1: wait for a == player, store 1 - player,
                                wake; (c >> 8) & 1: private futex */
#define LWP_OP_SET_NAME 12   /* prctl(PR_SET_NAME) from the NUL-terminated 16 bytes at a */
#define LWP_OP_COUNT 13

/* The task block: the first 64 bytes are the contract (offsets below); then LWP_TASK_TLS_SIZE bytes of private
 * TLS (CLONE_SETTLS points here, so the task can never write its parent's TLS); the program follows. */
#define LWP_TASK_OFF_TID 0          /* int32: CLONE_PARENT_SETTID/CLONE_CHILD_CLEARTID word; 0 once the task is gone */
#define LWP_TASK_OFF_STATE 4        /* int32: 1 started, 2 finished (release stores by the task) */
#define LWP_TASK_OFF_EXIT_CODE 8    /* int32: the code the task exits with */
#define LWP_TASK_OFF_FAULT 12       /* int32: 1 + index of an op the interpreter refused, or 0 */
#define LWP_TASK_OFF_LAST_RESULT 16 /* int64: result of the last syscall op (>= 0 or -errno) */
#define LWP_TASK_OFF_TLS_SEEN 24    /* int64: the thread pointer the task saw (proof of its private TLS) */
#define LWP_TASK_OFF_PROGRAM 32     /* int64: address of the first op */
#define LWP_TASK_OFF_OP_COUNT 40    /* int64: number of ops */
#define LWP_TASK_OFF_METHOD 48      /* int32: written by lwp_task_spawn, also on failure: 3 = clone3, 2 = clone */
#define LWP_TASK_OFF_TLS 64
#define LWP_TASK_TLS_SIZE 256
#define LWP_TASK_BLOCK_SIZE (LWP_TASK_OFF_TLS + LWP_TASK_TLS_SIZE)
#define LWP_OP_SIZE 32

/**
 * Starts a raw task. flags are CLONE_* bits without the exit signal (Java validated them); the shim adds
 * CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_SETTLS. The stack is [stack_lo, block) (block is 64-byte
 * aligned, in the same mapping above the stack); the task runs the program the block points to. All signals are
 * blocked in the caller around the call, so the task starts (and stays) with every signal blocked. clone3 is tried
 * first when try_clone3 != 0, clone(2) when clone3 answers ENOSYS. Returns the TID (in the caller's PID namespace)
 * or -errno. Never blocks.
 */
LWP4J_EXPORT int64_t lwp_task_spawn(int64_t flags, int32_t exit_signal, int64_t stack_lo, int64_t block,
                                    int32_t try_clone3);

/**
 * waitid(P_PID, pid, WEXITED | __WALL [| WNOHANG]) for a process-like task (one made without CLONE_THREAD).
 * Returns 0 when nohang and it has not ended, 0x10000 | (si_code << 8) | si_status once reaped, or -errno.
 * BLOCKS unless nohang.
 */
LWP4J_EXPORT int64_t lwp_task_reap(int64_t pid, int32_t nohang);

/** The calling thread's thread pointer (x86_64: the FS base; aarch64: TPIDR_EL0). Never blocks. */
LWP4J_EXPORT int64_t lwp_thread_pointer(void);

/* ---- file descriptors (for the experiments) ------------------------------------------------------------- */

/** pipe2(fds, O_CLOEXEC) into two int32 at fds. Returns 0 or -errno. */
LWP4J_EXPORT int64_t lwp_pipe(int64_t fds);

/** write(2). Returns the bytes written or -errno. May block. */
LWP4J_EXPORT int64_t lwp_write(int32_t fd, int64_t addr, int64_t len);

/** close(2). Returns 0 or -errno. */
LWP4J_EXPORT int64_t lwp_close(int32_t fd);

#ifdef __cplusplus
}
#endif

#endif /* LWP4J_H */
