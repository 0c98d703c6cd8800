package io.lwp4j.spi;

/**
 * The functions of {@code liblwp4j.so} (its contract is {@code native/include/lwp4j.h}), bound by one backend:
 * FFM, JNA or jnr-ffi. A backend holds no logic: each method calls the C function its {@link Symbol} names and returns
 * its result untouched — {@code >= 0} on success, {@code -errno} on failure. Core turns results into values and
 * exceptions; the same contract tests run against every backend.
 *
 * <p>Implementations are thread-safe and never read {@code errno}. Each method names its C function with
 * {@link Symbol}; a method takes and returns only primitives ({@code long} for an address), so every backend binds it
 * without conversions.
 */
public interface NativeBackend {

    /** {@code int32_t lwp_abi_version(void)}. */
    @Symbol(value = "lwp_abi_version", blocks = false, rawSafe = true)
    int abiVersion();

    /** {@code int64_t lwp_gettid(void)}: the calling thread's kernel TID. */
    @Symbol(value = "lwp_gettid", blocks = false, rawSafe = true)
    long gettid();

    /** {@code int64_t lwp_getpid(void)}: the calling thread's TGID. */
    @Symbol(value = "lwp_getpid", blocks = false, rawSafe = true)
    long getpid();

    /** {@code int64_t lwp_getcpu(void)}: {@code cpu | (node << 32)}, or {@code -errno}. */
    @Symbol(value = "lwp_getcpu", blocks = false, rawSafe = true)
    long getcpu();

    /** {@code int64_t lwp_page_size(void)}. */
    @Symbol(value = "lwp_page_size", blocks = false, rawSafe = false)
    long pageSize();

    /** {@code int64_t lwp_mem_map(int64_t len, int32_t shared, int32_t guard)}: an address or {@code -errno}. */
    @Symbol(value = "lwp_mem_map", blocks = false, rawSafe = false)
    long memMap(long len, int shared, int guard);

    /** {@code int64_t lwp_mem_unmap(int64_t addr, int64_t len)}. */
    @Symbol(value = "lwp_mem_unmap", blocks = false, rawSafe = false)
    long memUnmap(long addr, long len);

    /**
     * {@code int64_t lwp_task_spawn(int64_t flags, int32_t exit_signal, int64_t stack_lo, int64_t block,
     * int32_t try_clone3)}: a raw task's TID or {@code -errno}.
     */
    @Symbol(value = "lwp_task_spawn", blocks = false, rawSafe = false)
    long taskSpawn(long flags, int exitSignal, long stackLo, long block, int tryClone3);

    /** {@code int64_t lwp_task_reap(int64_t pid, int32_t nohang)}. Blocks unless {@code nohang}. */
    @Symbol(value = "lwp_task_reap", blocks = true, rawSafe = true)
    long taskReap(long pid, int nohang);

    /** {@code int64_t lwp_task_kill(int64_t pid, int32_t sig)}: 0 or {@code -errno}. Never blocks. */
    @Symbol(value = "lwp_task_kill", blocks = false, rawSafe = true)
    long taskKill(long pid, int sig);

    /** {@code int64_t lwp_thread_pointer(void)}. */
    @Symbol(value = "lwp_thread_pointer", blocks = false, rawSafe = true)
    long threadPointer();

    /** {@code int64_t lwp_pipe(int64_t fds)}. */
    @Symbol(value = "lwp_pipe", blocks = false, rawSafe = true)
    long pipe(long fds);

    /** {@code int64_t lwp_write(int32_t fd, int64_t addr, int64_t len)}. May block. */
    @Symbol(value = "lwp_write", blocks = true, rawSafe = true)
    long write(int fd, long addr, long len);

    /** {@code int64_t lwp_close(int32_t fd)}. */
    @Symbol(value = "lwp_close", blocks = false, rawSafe = true)
    long close(int fd);

    /**
     * {@code int64_t lwp_futex_packed(int64_t uaddr, int64_t op_val3, int32_t val, int64_t timeout_ns,
     * int64_t uaddr2)}: futex(2) with {@code op & 0xffffffffL | (long) val3 << 32} in one argument (five arguments: jnr-ffi
     * corrupts a sixth, so the SPI has no six-argument futex). Blocks in the wait operations.
     */
    @Symbol(value = "lwp_futex_packed", blocks = true, rawSafe = true)
    long futexPacked(long uaddr, long opVal3, int val, long timeoutNs, long uaddr2);

    /** {@code int64_t lwp_futex_waitv(int64_t waiters, int32_t count, int64_t timeout_ns)}. Blocks. */
    @Symbol(value = "lwp_futex_waitv", blocks = true, rawSafe = true)
    long futexWaitv(long waiters, int count, long timeoutNs);

    /** {@code int64_t lwp_shm_open(int64_t path, int32_t create)}: an fd or {@code -errno}. */
    @Symbol(value = "lwp_shm_open", blocks = false, rawSafe = true)
    long shmOpen(long path, int create);

    /** {@code int64_t lwp_shm_unlink(int64_t path)}. */
    @Symbol(value = "lwp_shm_unlink", blocks = false, rawSafe = true)
    long shmUnlink(long path);

    /** {@code int64_t lwp_fd_truncate(int32_t fd, int64_t len)}. */
    @Symbol(value = "lwp_fd_truncate", blocks = false, rawSafe = true)
    long fdTruncate(int fd, long len);

    /** {@code int64_t lwp_fd_size(int32_t fd)}. */
    @Symbol(value = "lwp_fd_size", blocks = false, rawSafe = true)
    long fdSize(int fd);

    /** {@code int64_t lwp_fd_stat(int32_t fd, int64_t out)}: uid, gid, st_mode, size as four int64 at {@code out}. */
    @Symbol(value = "lwp_fd_stat", blocks = false, rawSafe = true)
    long fdStat(int fd, long out);

    /** {@code int64_t lwp_mem_map_fd(int32_t fd, int64_t len, int64_t offset)}: an address or {@code -errno}. */
    @Symbol(value = "lwp_mem_map_fd", blocks = false, rawSafe = false)
    long memMapFd(int fd, long len, long offset);

    /**
     * {@code int64_t lwp_pthread_start(int64_t block, int64_t fn, int64_t arg)}: a native thread that calls the
     * upcall stub {@code fn} (from {@link NativeBackendProvider#upcallStub}) with {@code arg}.
     */
    @Symbol(value = "lwp_pthread_start", blocks = false, rawSafe = false)
    long pthreadStart(long block, long fn, long arg);

    /** {@code int64_t lwp_pthread_join(int64_t thread)}. Blocks until the thread ended. */
    @Symbol(value = "lwp_pthread_join", blocks = true, rawSafe = false)
    long pthreadJoin(long thread);

    /** {@code int64_t lwp_pthread_stack(int64_t out)}: the caller's stack low address, size and guard size. */
    @Symbol(value = "lwp_pthread_stack", blocks = false, rawSafe = false)
    long pthreadStack(long out);

    /** {@code int64_t lwp_sched_getaffinity(int64_t tid, int64_t mask, int64_t size)}. */
    @Symbol(value = "lwp_sched_getaffinity", blocks = false, rawSafe = true)
    long schedGetaffinity(long tid, long mask, long size);

    /** {@code int64_t lwp_sched_setaffinity(int64_t tid, int64_t mask, int64_t size)}. */
    @Symbol(value = "lwp_sched_setaffinity", blocks = false, rawSafe = true)
    long schedSetaffinity(long tid, long mask, long size);

    /** {@code int64_t lwp_sched_setscheduler(int64_t tid, int32_t policy, int32_t priority)}. */
    @Symbol(value = "lwp_sched_setscheduler", blocks = false, rawSafe = true)
    long schedSetscheduler(long tid, int policy, int priority);

    /** {@code int64_t lwp_sched_getscheduler(int64_t tid)}. */
    @Symbol(value = "lwp_sched_getscheduler", blocks = false, rawSafe = true)
    long schedGetscheduler(long tid);

    /** {@code int64_t lwp_sched_getparam(int64_t tid)}. */
    @Symbol(value = "lwp_sched_getparam", blocks = false, rawSafe = true)
    long schedGetparam(long tid);

    /** {@code int64_t lwp_sched_priority_range(int32_t policy)}: {@code min | (max << 32)}. */
    @Symbol(value = "lwp_sched_priority_range", blocks = false, rawSafe = true)
    long schedPriorityRange(int policy);

    /** {@code int64_t lwp_getpriority(int64_t tid)}: nice + 20. */
    @Symbol(value = "lwp_getpriority", blocks = false, rawSafe = true)
    long getpriority(long tid);

    /** {@code int64_t lwp_setpriority(int64_t tid, int32_t nice)}. */
    @Symbol(value = "lwp_setpriority", blocks = false, rawSafe = true)
    long setpriority(long tid, int nice);

    /** {@code int64_t lwp_pthread_sizes(int32_t which)}: {@code sizeof} a pthread type (LWP_SIZE_*). */
    @Symbol(value = "lwp_pthread_sizes", blocks = false, rawSafe = true)
    long pthreadSizes(int which);

    /** {@code int64_t lwp_mutex_init(int64_t mutex, int32_t shared, int32_t robust)}: pthread_mutex_init, process-shared and/or robust. */
    @Symbol(value = "lwp_mutex_init", blocks = false, rawSafe = false)
    long mutexInit(long mutex, int shared, int robust);

    /** {@code int64_t lwp_mutex_lock(int64_t mutex, int64_t timeoutNs)}: Blocks: 0, 1 (EOWNERDEAD) or -errno. */
    @Symbol(value = "lwp_mutex_lock", blocks = true, rawSafe = false)
    long mutexLock(long mutex, long timeoutNs);

    /** {@code int64_t lwp_mutex_trylock(int64_t mutex)}: 0, 1 (EOWNERDEAD) or -errno. */
    @Symbol(value = "lwp_mutex_trylock", blocks = false, rawSafe = false)
    long mutexTrylock(long mutex);

    /** {@code int64_t lwp_mutex_unlock(int64_t mutex)}: pthread_mutex_unlock. */
    @Symbol(value = "lwp_mutex_unlock", blocks = false, rawSafe = false)
    long mutexUnlock(long mutex);

    /** {@code int64_t lwp_mutex_consistent(int64_t mutex)}: pthread_mutex_consistent. */
    @Symbol(value = "lwp_mutex_consistent", blocks = false, rawSafe = false)
    long mutexConsistent(long mutex);

    /** {@code int64_t lwp_mutex_destroy(int64_t mutex)}: pthread_mutex_destroy. */
    @Symbol(value = "lwp_mutex_destroy", blocks = false, rawSafe = false)
    long mutexDestroy(long mutex);

    /** {@code int64_t lwp_cond_init(int64_t cond, int32_t shared)}: pthread_cond_init on CLOCK_MONOTONIC. */
    @Symbol(value = "lwp_cond_init", blocks = false, rawSafe = false)
    long condInit(long cond, int shared);

    /** {@code int64_t lwp_cond_wait(int64_t cond, int64_t mutex, int64_t timeoutNs)}: Blocks: 0, 1 (EOWNERDEAD) or -errno. */
    @Symbol(value = "lwp_cond_wait", blocks = true, rawSafe = false)
    long condWait(long cond, long mutex, long timeoutNs);

    /** {@code int64_t lwp_cond_signal(int64_t cond, int32_t all)}: pthread_cond_signal / broadcast. */
    @Symbol(value = "lwp_cond_signal", blocks = true, rawSafe = false)
    long condSignal(long cond, int all);

    /** {@code int64_t lwp_cond_destroy(int64_t cond)}: pthread_cond_destroy. */
    @Symbol(value = "lwp_cond_destroy", blocks = true, rawSafe = false)
    long condDestroy(long cond);

    /** {@code int64_t lwp_barrier_init(int64_t barrier, int32_t count, int32_t shared)}: pthread_barrier_init. */
    @Symbol(value = "lwp_barrier_init", blocks = false, rawSafe = false)
    long barrierInit(long barrier, int count, int shared);

    /** {@code int64_t lwp_barrier_wait(int64_t barrier)}: Blocks: 1 for the serial thread, 0, or -errno. */
    @Symbol(value = "lwp_barrier_wait", blocks = true, rawSafe = false)
    long barrierWait(long barrier);

    /** {@code int64_t lwp_barrier_destroy(int64_t barrier)}: pthread_barrier_destroy. */
    @Symbol(value = "lwp_barrier_destroy", blocks = true, rawSafe = false)
    long barrierDestroy(long barrier);

    /** {@code int64_t lwp_rwlock_init(int64_t rwlock, int32_t shared)}: pthread_rwlock_init. */
    @Symbol(value = "lwp_rwlock_init", blocks = false, rawSafe = false)
    long rwlockInit(long rwlock, int shared);

    /** {@code int64_t lwp_rwlock_lock(int64_t rwlock, int32_t write, int64_t timeoutNs)}: Blocks: read or write lock. */
    @Symbol(value = "lwp_rwlock_lock", blocks = true, rawSafe = false)
    long rwlockLock(long rwlock, int write, long timeoutNs);

    /** {@code int64_t lwp_rwlock_unlock(int64_t rwlock)}: pthread_rwlock_unlock. */
    @Symbol(value = "lwp_rwlock_unlock", blocks = false, rawSafe = false)
    long rwlockUnlock(long rwlock);

    /** {@code int64_t lwp_rwlock_destroy(int64_t rwlock)}: pthread_rwlock_destroy. */
    @Symbol(value = "lwp_rwlock_destroy", blocks = false, rawSafe = false)
    long rwlockDestroy(long rwlock);
}
