/*
 * lwp4j.h — THE ABI contract between liblwp4j.so and every Java backend (FFM, JNA, jnr-ffi).
 *
 * Conventions (ARCHITECTURE.md §2), true of every function below:
 *  - fixed arity, no varargs (variadic calls differ per backend and per arch);
 *  - arguments are integers and raw addresses only;
 *  - the result is >= 0 on success or -errno on failure; nothing ever reads or writes errno for the caller;
 *  - each entry says whether it BLOCKS (may sleep in the kernel) and whether it is SAFE ON A RAW TASK
 *    (callable from a task made by clone() that has no libc thread state: raw syscalls only, no TLS, no errno):
 *    in its row of the LWP4J_FUNCTIONS table at the end, which tools and tests read (ARCHITECTURE.md §8).
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

#define LWP4J_ABI_VERSION 4

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
 * futex(2) with its six arguments in five: op (FUTEX_* including FUTEX_PRIVATE_FLAG / FUTEX_CLOCK_REALTIME as the
 * caller chose) in the low 32 bits of op_val3 and val3 in the high 32 bits (jnr-ffi 2.2.17 corrupts the sixth
 * argument of a call, jnr/jnr-ffi#181, so no function here takes six). For the wait operations timeout_ns is the
 * timeout in nanoseconds (relative for FUTEX_WAIT, absolute for FUTEX_WAIT_BITSET), or -1 for none; for the requeue
 * and wake-op operations it is val2. Returns the kernel's result or -errno. BLOCKS in the wait operations. Safe on a
 * raw task.
 */
LWP4J_EXPORT int64_t lwp_futex_packed(int64_t uaddr, int64_t op_val3, int32_t val, int64_t timeout_ns,
                                      int64_t uaddr2);

/** lwp_futex_packed with op and val3 apart, for C callers (inline: not an exported symbol). Same results. */
static inline int64_t lwp_futex(int64_t uaddr, int32_t op, int32_t val, int64_t timeout_ns, int64_t uaddr2,
                                int32_t val3) {
    return lwp_futex_packed(uaddr, (int64_t)(uint32_t)op | ((int64_t)val3 << 32), val, timeout_ns, uaddr2);
}

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
 * fstat(2) of fd: writes four int64 at out — the owner's uid, the group's gid, st_mode (type and permission bits)
 * and the size in bytes. Returns 0 or -errno. Never blocks. On the open fd, not the name: what was checked is what
 * is mapped (no check-then-open race).
 */
LWP4J_EXPORT int64_t lwp_fd_stat(int32_t fd, int64_t out);

/**
 * mmap(2) of len bytes of fd from offset (a page multiple), PROT_READ | PROT_WRITE, MAP_SHARED. Returns the address
 * or -errno. The mapping outlives the fd (close it after). Never blocks.
 */
LWP4J_EXPORT int64_t lwp_mem_map_fd(int32_t fd, int64_t len, int64_t offset);

/* ---- raw tasks (ARCHITECTURE.md §3) -------------------------------------------------------------------------------- */

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

/* The task block: the first 64 bytes are the contract (offsets below); then LWP_TASK_TLS_SIZE bytes of private
 * TLS (CLONE_SETTLS points here, so the task can never write its parent's TLS); the program follows. */
#define LWP_TASK_OFF_TID 0          /* int32: CLONE_PARENT_SETTID/CLONE_CHILD_CLEARTID word; 0 once the task is gone */
#define LWP_TASK_OFF_STATE 4        /* int32: LWP_TASK_STARTED, then LWP_TASK_FINISHED (release stores by the task) */
#define LWP_TASK_OFF_EXIT_CODE 8    /* int32: the code the task exits with */
#define LWP_TASK_OFF_FAULT 12       /* int32: 1 + index of an op the interpreter refused, or 0 */
#define LWP_TASK_OFF_LAST_RESULT 16 /* int64: result of the last syscall op (>= 0 or -errno) */
#define LWP_TASK_OFF_TLS_SEEN 24    /* int64: the thread pointer the task saw (proof of its private TLS) */
#define LWP_TASK_OFF_PROGRAM 32     /* int64: address of the first op */
#define LWP_TASK_OFF_OP_COUNT 40    /* int64: number of ops */
#define LWP_TASK_OFF_METHOD 48      /* int32: written by lwp_task_spawn, also on failure: LWP_TASK_METHOD_* */
#define LWP_TASK_OFF_DEATH_SIGNAL 52 /* int32: set by Java; != 0: the task's first act is prctl(PR_SET_PDEATHSIG) */
#define LWP_TASK_OFF_PARENT 56      /* int32: set by Java; the getppid() the task must see after that prctl, else it
                                       exits at once (its parent died before the death signal was armed) */
#define LWP_TASK_OFF_TLS 64         /* the task's private TLS block (its thread pointer points here) */
#define LWP_TASK_STARTED 1
#define LWP_TASK_FINISHED 2
#define LWP_TASK_METHOD_CLONE 2     /* the task was made (or refused) by clone(2) */
#define LWP_TASK_METHOD_CLONE3 3    /* ... by clone3(2) */
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
 * Returns 0 when nohang and it has not ended, LWP_REAPED | (si_code << 8) | si_status once reaped, or -errno.
 * BLOCKS unless nohang.
 */
LWP4J_EXPORT int64_t lwp_task_reap(int64_t pid, int32_t nohang);
#define LWP_REAPED 0x10000 /* lwp_task_reap: the task was reaped; si_code and si_status below this bit */

/**
 * kill(pid, sig) through a raw syscall, for a process-like task (its PID is its TID). The caller guarantees that
 * pid is its own unreaped child (so the PID cannot have been reused). Returns 0 or -errno. Never blocks.
 */
LWP4J_EXPORT int64_t lwp_task_kill(int64_t pid, int32_t sig);

/** The calling thread's thread pointer (x86_64: the FS base; aarch64: TPIDR_EL0). Never blocks. */
LWP4J_EXPORT int64_t lwp_thread_pointer(void);

/* ---- file descriptors (for the experiments) ------------------------------------------------------------- */

/** pipe2(fds, O_CLOEXEC) into two int32 at fds. Returns 0 or -errno. */
LWP4J_EXPORT int64_t lwp_pipe(int64_t fds);

/** write(2). Returns the bytes written or -errno. May block. */
LWP4J_EXPORT int64_t lwp_write(int32_t fd, int64_t addr, int64_t len);

/** close(2). Returns 0 or -errno. */
LWP4J_EXPORT int64_t lwp_close(int32_t fd);

/* ---- native threads that run Java (ARCHITECTURE.md §6) ------------------------------------------------------------- */

/*
 * The thread block: Java's memory, at least LWP_PT_OFF_CPUSET + the CPU set's size bytes, 8-byte aligned, alive
 * until the thread's DONE word is 1 (and, for a joinable thread, until lwp_pthread_join returned).
 */
#define LWP_PT_OFF_STACK_SIZE 0   /* int64 in: exact stack size in bytes (whole pages), 0 = glibc allocates it */
#define LWP_PT_OFF_GUARD_SIZE 8   /* int64 in: guard size in bytes, -1 = glibc's default (one page) */
#define LWP_PT_OFF_POLICY 16      /* int32 in: SCHED_* (OTHER, FIFO, RR: PTHREAD_EXPLICIT_SCHED; BATCH, IDLE, which
                                     glibc's attributes refuse: sched_setscheduler by the thread before the upcall),
                                     -1 = inherit the creator's */
#define LWP_PT_OFF_PRIORITY 20    /* int32 in: sched_priority for the policy */
#define LWP_PT_OFF_DETACHED 24    /* int32 in: 1 = PTHREAD_CREATE_DETACHED */
#define LWP_PT_OFF_CPUSET_SIZE 28 /* int32 in: bytes of the CPU mask at LWP_PT_OFF_CPUSET, 0 = inherit */
#define LWP_PT_OFF_NAME 32        /* LWP_PT_NAME_SIZE bytes in: NUL-terminated name set with PR_SET_NAME before the
                                     upcall */
#define LWP_PT_NAME_SIZE 16       /* the kernel's TASK_COMM_LEN */
#define LWP_PT_OFF_THREAD 48      /* int64 out: the pthread_t */
#define LWP_PT_OFF_DONE 56        /* int32 out: 1 (release store, then FUTEX_WAKE_PRIVATE) once the upcall returned */
#define LWP_PT_OFF_FAILED_STEP 60 /* int32 out: LWP_PT_STEP_* of the call that failed */
#define LWP_PT_OFF_FN 64          /* int64: the upcall (written by lwp_pthread_start) */
#define LWP_PT_OFF_ARG 72         /* int64: its argument */
#define LWP_PT_OFF_STACK_MAP 80   /* int64 out: with STACK_SIZE > 0, the stack mapping (guard + size bytes) this
                                     call made; the caller unmaps it after lwp_pthread_join */
#define LWP_PT_OFF_START_ERROR 88 /* int32 out: -errno when the thread could not set its policy; it then stores
                                     DONE without calling the upcall */
#define LWP_PT_OFF_CPUSET 128     /* the CPU mask (unsigned longs, as sched_setaffinity takes it) */
#define LWP_PT_STEP_STACK 1       /* pthread_attr_setstacksize */
#define LWP_PT_STEP_GUARD 2       /* pthread_attr_setguardsize */
#define LWP_PT_STEP_AFFINITY 3    /* pthread_attr_setaffinity_np */
#define LWP_PT_STEP_POLICY 4      /* pthread_attr_setinheritsched / setschedpolicy / setschedparam */
#define LWP_PT_STEP_CREATE 5      /* pthread_create (EPERM here: the policy needs CAP_SYS_NICE) */

/**
 * pthread_create with the attributes of the thread block; the new thread sets its name (and a BATCH/IDLE policy),
 * then calls fn(arg) (void (*)(int64_t): the backend's upcall stub), then stores DONE. With STACK_SIZE > 0 the
 * stack is mapped here (pthread_attr_setstack: exactly that size, where glibc's own allocation may hand out a
 * cached stack up to 4 times larger) with GUARD_SIZE bytes PROT_NONE below it, and the thread must be joinable.
 * The attribute object is destroyed before this returns. Returns 0 (pthread_t at LWP_PT_OFF_THREAD) or -errno (the failed call at
 * LWP_PT_OFF_FAILED_STEP). Never blocks.
 */
LWP4J_EXPORT int64_t lwp_pthread_start(int64_t block, int64_t fn, int64_t arg);

/** pthread_join of a joinable thread from lwp_pthread_start. Returns 0 or -errno. BLOCKS until it ended. */
LWP4J_EXPORT int64_t lwp_pthread_join(int64_t thread);

/**
 * pthread_getattr_np of the calling thread: writes its stack's lowest address, its size and its guard size as
 * three int64 at out. Returns 0 or -errno. Never blocks.
 */
LWP4J_EXPORT int64_t lwp_pthread_stack(int64_t out);

/* ---- scheduling of any thread by TID ----------------------------------------------------------------------- */

/** sched_getaffinity(2) into size bytes at mask: returns the bytes the kernel wrote (its mask size) or -errno. */
LWP4J_EXPORT int64_t lwp_sched_getaffinity(int64_t tid, int64_t mask, int64_t size);

/** sched_setaffinity(2) from size bytes at mask. Returns 0 or -errno. */
LWP4J_EXPORT int64_t lwp_sched_setaffinity(int64_t tid, int64_t mask, int64_t size);

/** sched_setscheduler(2) of one thread. Returns 0 or -errno (EPERM without CAP_SYS_NICE for FIFO/RR). */
LWP4J_EXPORT int64_t lwp_sched_setscheduler(int64_t tid, int32_t policy, int32_t priority);

/** sched_getscheduler(2): the policy (SCHED_RESET_ON_FORK may be or-ed in) or -errno. */
LWP4J_EXPORT int64_t lwp_sched_getscheduler(int64_t tid);

/** sched_getparam(2): the thread's sched_priority or -errno. */
LWP4J_EXPORT int64_t lwp_sched_getparam(int64_t tid);

/** sched_get_priority_min/max(2): min | (max << 32), or -errno (EINVAL for an unknown policy). */
LWP4J_EXPORT int64_t lwp_sched_priority_range(int32_t policy);

/** getpriority(PRIO_PROCESS, tid): the thread's nice + 20 (0..39), or -errno. */
LWP4J_EXPORT int64_t lwp_getpriority(int64_t tid);

/** setpriority(PRIO_PROCESS, tid, nice): one thread's nice (Linux). Returns 0 or -errno (EACCES to lower it). */
LWP4J_EXPORT int64_t lwp_setpriority(int64_t tid, int32_t nice);

/* ---- process-shared, robust pthread objects (ARCHITECTURE.md §6) ---------------------------------------------------- */

/*
 * The objects live in memory the caller owns (for several processes: a MAP_SHARED mapping), 16-byte aligned, of the
 * size lwp_pthread_sizes gives (from glibc's headers: never hand-typed). Timeouts are relative nanoseconds on
 * CLOCK_MONOTONIC, -1 for none. A lock result is 0 (acquired), 1 (acquired, but the previous owner died holding it:
 * EOWNERDEAD; call lwp_mutex_consistent before unlocking, or the mutex becomes unusable) or -errno (ETIMEDOUT,
 * EBUSY, ENOTRECOVERABLE, EDEADLK...). The lock and wait calls BLOCK.
 */
#define LWP_SIZE_MUTEX 0
#define LWP_SIZE_COND 1
#define LWP_SIZE_BARRIER 2
#define LWP_SIZE_RWLOCK 3

/** sizeof(pthread_mutex_t), (pthread_cond_t), (pthread_barrier_t) or (pthread_rwlock_t) for LWP_SIZE_*. */
LWP4J_EXPORT int64_t lwp_pthread_sizes(int32_t which);

/** pthread_mutex_init with PTHREAD_PROCESS_SHARED (shared != 0) and PTHREAD_MUTEX_ROBUST (robust != 0). */
LWP4J_EXPORT int64_t lwp_mutex_init(int64_t mutex, int32_t shared, int32_t robust);

/** pthread_mutex_lock, or pthread_mutex_clocklock(CLOCK_MONOTONIC) with a timeout: a lock result. BLOCKS. */
LWP4J_EXPORT int64_t lwp_mutex_lock(int64_t mutex, int64_t timeout_ns);

/** pthread_mutex_trylock: a lock result (-EBUSY when held). */
LWP4J_EXPORT int64_t lwp_mutex_trylock(int64_t mutex);

/** pthread_mutex_unlock. Returns 0 or -errno (EPERM: not the owner). */
LWP4J_EXPORT int64_t lwp_mutex_unlock(int64_t mutex);

/** pthread_mutex_consistent: after EOWNERDEAD, marks the protected state repaired. */
LWP4J_EXPORT int64_t lwp_mutex_consistent(int64_t mutex);

/** pthread_mutex_destroy. */
LWP4J_EXPORT int64_t lwp_mutex_destroy(int64_t mutex);

/** pthread_cond_init with PTHREAD_PROCESS_SHARED (shared != 0) and CLOCK_MONOTONIC for its timeouts. */
LWP4J_EXPORT int64_t lwp_cond_init(int64_t cond, int32_t shared);

/** pthread_cond_wait / pthread_cond_timedwait on mutex (held by the caller): a lock result. BLOCKS. */
LWP4J_EXPORT int64_t lwp_cond_wait(int64_t cond, int64_t mutex, int64_t timeout_ns);

/** pthread_cond_signal, or pthread_cond_broadcast when all != 0. */
LWP4J_EXPORT int64_t lwp_cond_signal(int64_t cond, int32_t all);

/** pthread_cond_destroy. */
LWP4J_EXPORT int64_t lwp_cond_destroy(int64_t cond);

/** pthread_barrier_init for count threads, PTHREAD_PROCESS_SHARED when shared != 0. */
LWP4J_EXPORT int64_t lwp_barrier_init(int64_t barrier, int32_t count, int32_t shared);

/** pthread_barrier_wait: 1 for the one PTHREAD_BARRIER_SERIAL_THREAD, 0 for the others, or -errno. BLOCKS. */
LWP4J_EXPORT int64_t lwp_barrier_wait(int64_t barrier);

/** pthread_barrier_destroy. */
LWP4J_EXPORT int64_t lwp_barrier_destroy(int64_t barrier);

/** pthread_rwlock_init, PTHREAD_PROCESS_SHARED when shared != 0. */
LWP4J_EXPORT int64_t lwp_rwlock_init(int64_t rwlock, int32_t shared);

/** Read (write == 0) or write lock: timeout -1 blocks, 0 tries, > 0 waits that long (clock*lock). BLOCKS. */
LWP4J_EXPORT int64_t lwp_rwlock_lock(int64_t rwlock, int32_t write, int64_t timeout_ns);

/** pthread_rwlock_unlock. */
LWP4J_EXPORT int64_t lwp_rwlock_unlock(int64_t rwlock);

/** pthread_rwlock_destroy. */
LWP4J_EXPORT int64_t lwp_rwlock_destroy(int64_t rwlock);

/* ---- the facts, machine-readable ------------------------------------------------------------------------------ */

/*
 * Every exported function as one row FN(result, name, (parameters), blocks, raw_safe), and every constant above as
 * one row K(name). The prose above explains; these rows are what tools read:
 *  - LWP_BLOCKS: the call may sleep in the kernel for as long as another thread, another process or a timeout
 *    decides. LWP_NEVER_BLOCKS: it returns promptly whatever other tasks do. The FFM backend links exactly the
 *    LWP_NEVER_BLOCKS functions Linker.Option.critical (no thread-state transition: a safepoint waits for them).
 *  - LWP_RAW_SAFE: the function makes raw syscalls only (no libc call, no errno, no TLS beyond the stack canary the
 *    raw task's own TLS block answers), so a task made by clone() without libc thread state may call it.
 * native/tools/lwp4j_abi_facts.c checks at compile time that each FN row is the prototype above, and prints every
 * row, the constants' values and <errno.h>'s names and numbers as TSV; CTest checks that the library exports
 * exactly the FN rows, and the Java contract tests (SymbolContractTest, AbiContractTest) compare the TSV with the
 * SPI (io.lwp4j.spi.NativeBackend), io.lwp4j.internal.ShimLayout and io.lwp4j.Errno.
 */
#define LWP_BLOCKS 1
#define LWP_NEVER_BLOCKS 0
#define LWP_RAW_SAFE 1
#define LWP_NOT_RAW_SAFE 0

#define LWP4J_FUNCTIONS(FN) \
    FN(int32_t, lwp_abi_version, (void), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_gettid, (void), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_getpid, (void), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_getcpu, (void), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_page_size, (void), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_mem_map, (int64_t len, int32_t shared, int32_t guard), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_mem_unmap, (int64_t addr, int64_t len), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_futex_packed, (int64_t uaddr, int64_t op_val3, int32_t val, int64_t timeout_ns, int64_t uaddr2), \
       LWP_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_futex_waitv, (int64_t waiters, int32_t count, int64_t timeout_ns), LWP_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_shm_open, (int64_t path, int32_t create), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_shm_unlink, (int64_t path), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_fd_truncate, (int32_t fd, int64_t len), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_fd_size, (int32_t fd), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_fd_stat, (int32_t fd, int64_t out), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_mem_map_fd, (int32_t fd, int64_t len, int64_t offset), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_task_spawn, (int64_t flags, int32_t exit_signal, int64_t stack_lo, int64_t block, \
                                 int32_t try_clone3), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_task_reap, (int64_t pid, int32_t nohang), LWP_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_task_kill, (int64_t pid, int32_t sig), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_thread_pointer, (void), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_pipe, (int64_t fds), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_write, (int32_t fd, int64_t addr, int64_t len), LWP_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_close, (int32_t fd), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_pthread_start, (int64_t block, int64_t fn, int64_t arg), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_pthread_join, (int64_t thread), LWP_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_pthread_stack, (int64_t out), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_sched_getaffinity, (int64_t tid, int64_t mask, int64_t size), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_sched_setaffinity, (int64_t tid, int64_t mask, int64_t size), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_sched_setscheduler, (int64_t tid, int32_t policy, int32_t priority), LWP_NEVER_BLOCKS, \
       LWP_RAW_SAFE) \
    FN(int64_t, lwp_sched_getscheduler, (int64_t tid), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_sched_getparam, (int64_t tid), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_sched_priority_range, (int32_t policy), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_getpriority, (int64_t tid), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_setpriority, (int64_t tid, int32_t nice), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_pthread_sizes, (int32_t which), LWP_NEVER_BLOCKS, LWP_RAW_SAFE) \
    FN(int64_t, lwp_mutex_init, (int64_t mutex, int32_t shared, int32_t robust), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_mutex_lock, (int64_t mutex, int64_t timeout_ns), LWP_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_mutex_trylock, (int64_t mutex), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_mutex_unlock, (int64_t mutex), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_mutex_consistent, (int64_t mutex), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_mutex_destroy, (int64_t mutex), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_cond_init, (int64_t cond, int32_t shared), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_cond_wait, (int64_t cond, int64_t mutex, int64_t timeout_ns), LWP_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_cond_signal, (int64_t cond, int32_t all), LWP_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_cond_destroy, (int64_t cond), LWP_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_barrier_init, (int64_t barrier, int32_t count, int32_t shared), LWP_NEVER_BLOCKS, \
       LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_barrier_wait, (int64_t barrier), LWP_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_barrier_destroy, (int64_t barrier), LWP_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_rwlock_init, (int64_t rwlock, int32_t shared), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_rwlock_lock, (int64_t rwlock, int32_t write, int64_t timeout_ns), LWP_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_rwlock_unlock, (int64_t rwlock), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE) \
    FN(int64_t, lwp_rwlock_destroy, (int64_t rwlock), LWP_NEVER_BLOCKS, LWP_NOT_RAW_SAFE)

#define LWP4J_CONSTANTS(K) \
    K(LWP4J_ABI_VERSION) \
    K(LWP_OP_EXIT) K(LWP_OP_AWAIT) K(LWP_OP_SIGNAL) K(LWP_OP_ADD_PLAIN) K(LWP_OP_ADD_ATOMIC) K(LWP_OP_ADD_LOCKED) \
    K(LWP_OP_SPIN) K(LWP_OP_SLEEP) K(LWP_OP_COPY) K(LWP_OP_CLOSE) K(LWP_OP_IDS) K(LWP_OP_PINGPONG) \
    K(LWP_OP_SET_NAME) K(LWP_OP_SIZE) \
    K(LWP_TASK_OFF_TID) K(LWP_TASK_OFF_STATE) K(LWP_TASK_OFF_EXIT_CODE) K(LWP_TASK_OFF_FAULT) \
    K(LWP_TASK_OFF_LAST_RESULT) K(LWP_TASK_OFF_TLS_SEEN) K(LWP_TASK_OFF_PROGRAM) K(LWP_TASK_OFF_OP_COUNT) \
    K(LWP_TASK_OFF_METHOD) K(LWP_TASK_OFF_DEATH_SIGNAL) K(LWP_TASK_OFF_PARENT) K(LWP_TASK_OFF_TLS) \
    K(LWP_TASK_TLS_SIZE) K(LWP_TASK_BLOCK_SIZE) K(LWP_TASK_STARTED) K(LWP_TASK_FINISHED) \
    K(LWP_TASK_METHOD_CLONE) K(LWP_TASK_METHOD_CLONE3) K(LWP_REAPED) \
    K(LWP_PT_OFF_STACK_SIZE) K(LWP_PT_OFF_GUARD_SIZE) K(LWP_PT_OFF_POLICY) K(LWP_PT_OFF_PRIORITY) \
    K(LWP_PT_OFF_DETACHED) K(LWP_PT_OFF_CPUSET_SIZE) K(LWP_PT_OFF_NAME) K(LWP_PT_NAME_SIZE) K(LWP_PT_OFF_THREAD) \
    K(LWP_PT_OFF_DONE) K(LWP_PT_OFF_FAILED_STEP) K(LWP_PT_OFF_FN) K(LWP_PT_OFF_ARG) K(LWP_PT_OFF_STACK_MAP) \
    K(LWP_PT_OFF_START_ERROR) K(LWP_PT_OFF_CPUSET) \
    K(LWP_PT_STEP_STACK) K(LWP_PT_STEP_GUARD) K(LWP_PT_STEP_AFFINITY) K(LWP_PT_STEP_POLICY) K(LWP_PT_STEP_CREATE) \
    K(LWP_SIZE_MUTEX) K(LWP_SIZE_COND) K(LWP_SIZE_BARRIER) K(LWP_SIZE_RWLOCK)

#ifdef __cplusplus
}
#endif

#endif /* LWP4J_H */
