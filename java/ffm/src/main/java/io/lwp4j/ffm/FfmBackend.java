package io.lwp4j.ffm;

import io.lwp4j.spi.NativeBackend;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The FFM backend: binds {@code liblwp4j.so} with the Foreign Function &amp; Memory API, in the shape jextract
 * generates — one private holder class per C function with a {@code static final MethodHandle} called with
 * {@code invokeExact}. Static finals are constants to the JIT, so a downcall costs what the linker costs and nothing
 * more; the library is bound once per class loader ({@link #bind}) before any holder initialises.
 *
 * <p>Short calls that never block are linked {@link Linker.Option#critical critical} (no thread-state
 * transition: safe only for calls that return promptly, which the header promises for them).
 */
public final class FfmBackend implements NativeBackend {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option[] CRITICAL = {Linker.Option.critical(false)};
    private static volatile SymbolLookup lookup;
    private static Path boundPath;

    private FfmBackend() {}

    /**
     * Opens {@code library} for the life of the JVM (the global arena: a library is never unloaded while code may
     * still call it) and resolves every symbol now, so a missing one fails here, not on first use.
     */
    static synchronized NativeBackend bind(Path library) {
        if (lookup == null) {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
            boundPath = library;
        } else if (!boundPath.equals(library)) {
            // Class-level handles: one library per class loader, which is what the loader gives us.
            throw new IllegalStateException("the FFM backend is already bound to " + boundPath);
        }
        // Touch every holder: resolution errors surface at bind time.
        abi_version.HANDLE.type();
        gettid.HANDLE.type();
        getpid.HANDLE.type();
        getcpu.HANDLE.type();
        page_size.HANDLE.type();
        mem_map.HANDLE.type();
        mem_unmap.HANDLE.type();
        futex.HANDLE.type();
        task_spawn.HANDLE.type();
        task_reap.HANDLE.type();
        thread_pointer.HANDLE.type();
        pipe.HANDLE.type();
        write.HANDLE.type();
        close.HANDLE.type();
        pthread_start.HANDLE.type();
        pthread_join.HANDLE.type();
        pthread_stack.HANDLE.type();
        sched_getaffinity.HANDLE.type();
        sched_setaffinity.HANDLE.type();
        sched_setscheduler.HANDLE.type();
        sched_getscheduler.HANDLE.type();
        sched_getparam.HANDLE.type();
        sched_priority_range.HANDLE.type();
        getpriority.HANDLE.type();
        setpriority.HANDLE.type();
        pthread_sizes.HANDLE.type();
        mutex_init.HANDLE.type();
        mutex_lock.HANDLE.type();
        mutex_trylock.HANDLE.type();
        mutex_unlock.HANDLE.type();
        mutex_consistent.HANDLE.type();
        mutex_destroy.HANDLE.type();
        cond_init.HANDLE.type();
        cond_wait.HANDLE.type();
        cond_signal.HANDLE.type();
        cond_destroy.HANDLE.type();
        barrier_init.HANDLE.type();
        barrier_wait.HANDLE.type();
        barrier_destroy.HANDLE.type();
        rwlock_init.HANDLE.type();
        rwlock_lock.HANDLE.type();
        rwlock_unlock.HANDLE.type();
        rwlock_destroy.HANDLE.type();
        futex_packed.HANDLE.type();
        futex_waitv.HANDLE.type();
        shm_open.HANDLE.type();
        shm_unlink.HANDLE.type();
        fd_truncate.HANDLE.type();
        fd_size.HANDLE.type();
        fd_stat.HANDLE.type();
        mem_map_fd.HANDLE.type();
        return new FfmBackend();
    }

    static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("liblwp4j.so has no symbol " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** {@snippet lang=c : int32_t lwp_abi_version(void); } */
    private static final class abi_version {
        static final MethodHandle HANDLE = downcall("lwp_abi_version", FunctionDescriptor.of(ValueLayout.JAVA_INT),
                CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_gettid(void); } */
    private static final class gettid {
        static final MethodHandle HANDLE = downcall("lwp_gettid", FunctionDescriptor.of(ValueLayout.JAVA_LONG),
                CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_getpid(void); } */
    private static final class getpid {
        static final MethodHandle HANDLE = downcall("lwp_getpid", FunctionDescriptor.of(ValueLayout.JAVA_LONG),
                CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_getcpu(void); } */
    private static final class getcpu {
        static final MethodHandle HANDLE = downcall("lwp_getcpu", FunctionDescriptor.of(ValueLayout.JAVA_LONG),
                CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_page_size(void); } */
    private static final class page_size {
        static final MethodHandle HANDLE = downcall("lwp_page_size", FunctionDescriptor.of(ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_mem_map(int64_t len, int32_t shared, int32_t guard); } */
    private static final class mem_map {
        static final MethodHandle HANDLE = downcall("lwp_mem_map", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_mem_unmap(int64_t addr, int64_t len); } */
    private static final class mem_unmap {
        static final MethodHandle HANDLE = downcall("lwp_mem_unmap", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_futex(int64_t uaddr, int32_t op, int32_t val, int64_t timeoutNs, int64_t uaddr2, int32_t val3); } */
    private static final class futex {
        static final MethodHandle HANDLE = downcall("lwp_futex", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_task_spawn(int64_t flags, int32_t exitSignal, int64_t stackLo, int64_t block, int32_t tryClone3); } */
    private static final class task_spawn {
        static final MethodHandle HANDLE = downcall("lwp_task_spawn", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_task_reap(int64_t pid, int32_t nohang); } */
    private static final class task_reap {
        static final MethodHandle HANDLE = downcall("lwp_task_reap", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_thread_pointer(void); } */
    private static final class thread_pointer {
        static final MethodHandle HANDLE = downcall("lwp_thread_pointer", FunctionDescriptor.of(ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_pipe(int64_t fds); } */
    private static final class pipe {
        static final MethodHandle HANDLE = downcall("lwp_pipe", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_write(int32_t fd, int64_t addr, int64_t len); } */
    private static final class write {
        static final MethodHandle HANDLE = downcall("lwp_write", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_close(int32_t fd); } */
    private static final class close {
        static final MethodHandle HANDLE = downcall("lwp_close", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_futex_packed(int64_t uaddr, int64_t opVal3, int32_t val, int64_t timeoutNs, int64_t uaddr2); } */
    private static final class futex_packed {
        static final MethodHandle HANDLE = downcall("lwp_futex_packed", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_futex_waitv(int64_t waiters, int32_t count, int64_t timeoutNs); } */
    private static final class futex_waitv {
        static final MethodHandle HANDLE = downcall("lwp_futex_waitv", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_shm_open(int64_t path, int32_t create); } */
    private static final class shm_open {
        static final MethodHandle HANDLE = downcall("lwp_shm_open", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_shm_unlink(int64_t path); } */
    private static final class shm_unlink {
        static final MethodHandle HANDLE = downcall("lwp_shm_unlink", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_fd_truncate(int32_t fd, int64_t len); } */
    private static final class fd_truncate {
        static final MethodHandle HANDLE = downcall("lwp_fd_truncate", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_fd_size(int32_t fd); } */
    private static final class fd_size {
        static final MethodHandle HANDLE = downcall("lwp_fd_size", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_fd_stat(int32_t fd, int64_t out); } */
    private static final class fd_stat {
        static final MethodHandle HANDLE = downcall("lwp_fd_stat", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_mem_map_fd(int32_t fd, int64_t len, int64_t offset); } */
    private static final class mem_map_fd {
        static final MethodHandle HANDLE = downcall("lwp_mem_map_fd", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_pthread_start(int64_t block, int64_t fn, int64_t arg); } */
    private static final class pthread_start {
        static final MethodHandle HANDLE = downcall("lwp_pthread_start", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_pthread_join(int64_t thread); } */
    private static final class pthread_join {
        static final MethodHandle HANDLE = downcall("lwp_pthread_join", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_pthread_stack(int64_t out); } */
    private static final class pthread_stack {
        static final MethodHandle HANDLE = downcall("lwp_pthread_stack", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_sched_getaffinity(int64_t tid, int64_t mask, int64_t size); } */
    private static final class sched_getaffinity {
        static final MethodHandle HANDLE = downcall("lwp_sched_getaffinity", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_sched_setaffinity(int64_t tid, int64_t mask, int64_t size); } */
    private static final class sched_setaffinity {
        static final MethodHandle HANDLE = downcall("lwp_sched_setaffinity", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_sched_setscheduler(int64_t tid, int32_t policy, int32_t priority); } */
    private static final class sched_setscheduler {
        static final MethodHandle HANDLE = downcall("lwp_sched_setscheduler", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_sched_getscheduler(int64_t tid); } */
    private static final class sched_getscheduler {
        static final MethodHandle HANDLE = downcall("lwp_sched_getscheduler", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_sched_getparam(int64_t tid); } */
    private static final class sched_getparam {
        static final MethodHandle HANDLE = downcall("lwp_sched_getparam", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_sched_priority_range(int32_t policy); } */
    private static final class sched_priority_range {
        static final MethodHandle HANDLE = downcall("lwp_sched_priority_range", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_getpriority(int64_t tid); } */
    private static final class getpriority {
        static final MethodHandle HANDLE = downcall("lwp_getpriority", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_setpriority(int64_t tid, int32_t nice); } */
    private static final class setpriority {
        static final MethodHandle HANDLE = downcall("lwp_setpriority", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_pthread_sizes(int32_t which); } */
    private static final class pthread_sizes {
        static final MethodHandle HANDLE = downcall("lwp_pthread_sizes", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_mutex_init(int64_t mutex, int32_t shared, int32_t robust); } */
    private static final class mutex_init {
        static final MethodHandle HANDLE = downcall("lwp_mutex_init", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_mutex_lock(int64_t mutex, int64_t timeoutNs); } */
    private static final class mutex_lock {
        static final MethodHandle HANDLE = downcall("lwp_mutex_lock", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_mutex_trylock(int64_t mutex); } */
    private static final class mutex_trylock {
        static final MethodHandle HANDLE = downcall("lwp_mutex_trylock", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_mutex_unlock(int64_t mutex); } */
    private static final class mutex_unlock {
        static final MethodHandle HANDLE = downcall("lwp_mutex_unlock", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_mutex_consistent(int64_t mutex); } */
    private static final class mutex_consistent {
        static final MethodHandle HANDLE = downcall("lwp_mutex_consistent", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_mutex_destroy(int64_t mutex); } */
    private static final class mutex_destroy {
        static final MethodHandle HANDLE = downcall("lwp_mutex_destroy", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_cond_init(int64_t cond, int32_t shared); } */
    private static final class cond_init {
        static final MethodHandle HANDLE = downcall("lwp_cond_init", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_cond_wait(int64_t cond, int64_t mutex, int64_t timeoutNs); } */
    private static final class cond_wait {
        static final MethodHandle HANDLE = downcall("lwp_cond_wait", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_cond_signal(int64_t cond, int32_t all); } */
    private static final class cond_signal {
        static final MethodHandle HANDLE = downcall("lwp_cond_signal", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_cond_destroy(int64_t cond); } */
    private static final class cond_destroy {
        static final MethodHandle HANDLE = downcall("lwp_cond_destroy", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_barrier_init(int64_t barrier, int32_t count, int32_t shared); } */
    private static final class barrier_init {
        static final MethodHandle HANDLE = downcall("lwp_barrier_init", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_barrier_wait(int64_t barrier); } */
    private static final class barrier_wait {
        static final MethodHandle HANDLE = downcall("lwp_barrier_wait", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_barrier_destroy(int64_t barrier); } */
    private static final class barrier_destroy {
        static final MethodHandle HANDLE = downcall("lwp_barrier_destroy", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_rwlock_init(int64_t rwlock, int32_t shared); } */
    private static final class rwlock_init {
        static final MethodHandle HANDLE = downcall("lwp_rwlock_init", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), CRITICAL);
    }

    /** {@snippet lang=c : int64_t lwp_rwlock_lock(int64_t rwlock, int32_t write, int64_t timeoutNs); } */
    private static final class rwlock_lock {
        static final MethodHandle HANDLE = downcall("lwp_rwlock_lock", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_rwlock_unlock(int64_t rwlock); } */
    private static final class rwlock_unlock {
        static final MethodHandle HANDLE = downcall("lwp_rwlock_unlock", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)); // may block or take long: not critical
    }

    /** {@snippet lang=c : int64_t lwp_rwlock_destroy(int64_t rwlock); } */
    private static final class rwlock_destroy {
        static final MethodHandle HANDLE = downcall("lwp_rwlock_destroy", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CRITICAL);
    }

    @Override
    public int abiVersion() {
        try {
            return (int) abi_version.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long gettid() {
        try {
            return (long) gettid.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long getpid() {
        try {
            return (long) getpid.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long getcpu() {
        try {
            return (long) getcpu.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pageSize() {
        try {
            return (long) page_size.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long memMap(long len, int shared, int guard) {
        try {
            return (long) mem_map.HANDLE.invokeExact(len, shared, guard);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long memUnmap(long addr, long len) {
        try {
            return (long) mem_unmap.HANDLE.invokeExact(addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long futex(long uaddr, int op, int val, long timeoutNs, long uaddr2, int val3) {
        try {
            return (long) futex.HANDLE.invokeExact(uaddr, op, val, timeoutNs, uaddr2, val3);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long taskSpawn(long flags, int exitSignal, long stackLo, long block, int tryClone3) {
        try {
            return (long) task_spawn.HANDLE.invokeExact(flags, exitSignal, stackLo, block, tryClone3);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long taskReap(long pid, int nohang) {
        try {
            return (long) task_reap.HANDLE.invokeExact(pid, nohang);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long threadPointer() {
        try {
            return (long) thread_pointer.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pipe(long fds) {
        try {
            return (long) pipe.HANDLE.invokeExact(fds);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long write(int fd, long addr, long len) {
        try {
            return (long) write.HANDLE.invokeExact(fd, addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long close(int fd) {
        try {
            return (long) close.HANDLE.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long futexPacked(long uaddr, long opVal3, int val, long timeoutNs, long uaddr2) {
        try {
            return (long) futex_packed.HANDLE.invokeExact(uaddr, opVal3, val, timeoutNs, uaddr2);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long futexWaitv(long waiters, int count, long timeoutNs) {
        try {
            return (long) futex_waitv.HANDLE.invokeExact(waiters, count, timeoutNs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long shmOpen(long path, int create) {
        try {
            return (long) shm_open.HANDLE.invokeExact(path, create);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long shmUnlink(long path) {
        try {
            return (long) shm_unlink.HANDLE.invokeExact(path);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long fdTruncate(int fd, long len) {
        try {
            return (long) fd_truncate.HANDLE.invokeExact(fd, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long fdSize(int fd) {
        try {
            return (long) fd_size.HANDLE.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long fdStat(int fd, long out) {
        try {
            return (long) fd_stat.HANDLE.invokeExact(fd, out);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long memMapFd(int fd, long len, long offset) {
        try {
            return (long) mem_map_fd.HANDLE.invokeExact(fd, len, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pthreadStart(long block, long fn, long arg) {
        try {
            return (long) pthread_start.HANDLE.invokeExact(block, fn, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pthreadJoin(long thread) {
        try {
            return (long) pthread_join.HANDLE.invokeExact(thread);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pthreadStack(long out) {
        try {
            return (long) pthread_stack.HANDLE.invokeExact(out);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedGetaffinity(long tid, long mask, long size) {
        try {
            return (long) sched_getaffinity.HANDLE.invokeExact(tid, mask, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedSetaffinity(long tid, long mask, long size) {
        try {
            return (long) sched_setaffinity.HANDLE.invokeExact(tid, mask, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedSetscheduler(long tid, int policy, int priority) {
        try {
            return (long) sched_setscheduler.HANDLE.invokeExact(tid, policy, priority);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedGetscheduler(long tid) {
        try {
            return (long) sched_getscheduler.HANDLE.invokeExact(tid);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedGetparam(long tid) {
        try {
            return (long) sched_getparam.HANDLE.invokeExact(tid);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedPriorityRange(int policy) {
        try {
            return (long) sched_priority_range.HANDLE.invokeExact(policy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long getpriority(long tid) {
        try {
            return (long) getpriority.HANDLE.invokeExact(tid);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long setpriority(long tid, int nice) {
        try {
            return (long) setpriority.HANDLE.invokeExact(tid, nice);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pthreadSizes(int which) {
        try {
            return (long) pthread_sizes.HANDLE.invokeExact(which);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexInit(long mutex, int shared, int robust) {
        try {
            return (long) mutex_init.HANDLE.invokeExact(mutex, shared, robust);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexLock(long mutex, long timeoutNs) {
        try {
            return (long) mutex_lock.HANDLE.invokeExact(mutex, timeoutNs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexTrylock(long mutex) {
        try {
            return (long) mutex_trylock.HANDLE.invokeExact(mutex);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexUnlock(long mutex) {
        try {
            return (long) mutex_unlock.HANDLE.invokeExact(mutex);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexConsistent(long mutex) {
        try {
            return (long) mutex_consistent.HANDLE.invokeExact(mutex);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexDestroy(long mutex) {
        try {
            return (long) mutex_destroy.HANDLE.invokeExact(mutex);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long condInit(long cond, int shared) {
        try {
            return (long) cond_init.HANDLE.invokeExact(cond, shared);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long condWait(long cond, long mutex, long timeoutNs) {
        try {
            return (long) cond_wait.HANDLE.invokeExact(cond, mutex, timeoutNs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long condSignal(long cond, int all) {
        try {
            return (long) cond_signal.HANDLE.invokeExact(cond, all);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long condDestroy(long cond) {
        try {
            return (long) cond_destroy.HANDLE.invokeExact(cond);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long barrierInit(long barrier, int count, int shared) {
        try {
            return (long) barrier_init.HANDLE.invokeExact(barrier, count, shared);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long barrierWait(long barrier) {
        try {
            return (long) barrier_wait.HANDLE.invokeExact(barrier);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long barrierDestroy(long barrier) {
        try {
            return (long) barrier_destroy.HANDLE.invokeExact(barrier);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rwlockInit(long rwlock, int shared) {
        try {
            return (long) rwlock_init.HANDLE.invokeExact(rwlock, shared);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rwlockLock(long rwlock, int write, long timeoutNs) {
        try {
            return (long) rwlock_lock.HANDLE.invokeExact(rwlock, write, timeoutNs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rwlockUnlock(long rwlock) {
        try {
            return (long) rwlock_unlock.HANDLE.invokeExact(rwlock);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rwlockDestroy(long rwlock) {
        try {
            return (long) rwlock_destroy.HANDLE.invokeExact(rwlock);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A downcall throws only what the Java side throws (nothing here); keep the type system honest. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
