package io.lwp4j.ffm;

import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.Symbol;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The FFM backend: binds {@code liblwp4j.so} with the Foreign Function &amp; Memory API, driven by the SPI's own
 * table. Every downcall handle is made by {@link #link} from the {@link NativeBackend} method of the same name: the
 * C symbol and the two facts come from its {@link Symbol}, the {@link FunctionDescriptor} from its signature (the
 * SPI passes only {@code int} = {@code int32_t} and {@code long} = {@code int64_t}, which {@code SymbolContractTest}
 * checks against {@code lwp4j.h}), and {@link Linker.Option#critical critical} linking exactly when the header says
 * the function never blocks. No handle states a descriptor or a linking choice of its own, so the binding cannot
 * drift from the header: what is left per function is what Java needs to call it fast — a {@code static final}
 * handle (a constant to the JIT, so a downcall costs what the linker costs) and the method that calls it with
 * {@code invokeExact}.
 *
 * <p>The library is bound once per class loader ({@link #bind}) before the handles' holder initialises; the
 * holder resolves every symbol at once, so a missing one fails in {@code bind}, not on first use.
 */
public final class FfmBackend implements NativeBackend {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option[] CRITICAL = {Linker.Option.critical(false)};
    private static final Linker.Option[] NOT_CRITICAL = {};
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
        H.abiVersion.type(); // initialises the holder: every handle, every symbol
        return new FfmBackend();
    }

    /**
     * The downcall handle of the SPI method {@code name}: its symbol, a descriptor of its signature, and
     * {@code critical} (no thread-state transition: a safepoint waits for the call) when it never blocks.
     */
    static MethodHandle link(String name) {
        Method m = spiMethod(name);
        Symbol symbol = m.getAnnotation(Symbol.class);
        MemorySegment address = lookup.find(symbol.value())
                .orElseThrow(() -> new UnsatisfiedLinkError("liblwp4j.so has no symbol " + symbol.value()));
        return LINKER.downcallHandle(address, descriptorOf(m), linkOptions(symbol));
    }

    /** {@code critical} exactly for the functions lwp4j.h says never block. */
    static Linker.Option[] linkOptions(Symbol symbol) {
        return symbol.blocks() ? NOT_CRITICAL : CRITICAL;
    }

    static FunctionDescriptor descriptorOf(Method m) {
        MemoryLayout[] args = Arrays.stream(m.getParameterTypes()).map(FfmBackend::layoutOf)
                .toArray(MemoryLayout[]::new);
        return m.getReturnType() == void.class ? FunctionDescriptor.ofVoid(args)
                : FunctionDescriptor.of(layoutOf(m.getReturnType()), args);
    }

    private static MemoryLayout layoutOf(Class<?> type) {
        if (type == long.class) {
            return ValueLayout.JAVA_LONG;
        }
        if (type == int.class) {
            return ValueLayout.JAVA_INT;
        }
        throw new IllegalStateException("the SPI passes int and long only, not " + type);
    }

    static Method spiMethod(String name) {
        Method found = null;
        for (Method m : NativeBackend.class.getMethods()) {
            if (m.getName().equals(name)) {
                if (found != null) {
                    throw new IllegalStateException("NativeBackend overloads " + name + ": the table needs one per name");
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalStateException("NativeBackend has no method " + name);
        }
        return found;
    }

    /** One handle per SPI method, named as the method (BackendBindingTest checks there is one for each). */
    static final class H {
        static final MethodHandle abiVersion = link("abiVersion");
        static final MethodHandle gettid = link("gettid");
        static final MethodHandle getpid = link("getpid");
        static final MethodHandle getcpu = link("getcpu");
        static final MethodHandle pageSize = link("pageSize");
        static final MethodHandle memMap = link("memMap");
        static final MethodHandle memUnmap = link("memUnmap");
        static final MethodHandle taskSpawn = link("taskSpawn");
        static final MethodHandle taskReap = link("taskReap");
        static final MethodHandle taskKill = link("taskKill");
        static final MethodHandle threadPointer = link("threadPointer");
        static final MethodHandle pipe = link("pipe");
        static final MethodHandle write = link("write");
        static final MethodHandle close = link("close");
        static final MethodHandle futexPacked = link("futexPacked");
        static final MethodHandle futexWaitv = link("futexWaitv");
        static final MethodHandle shmOpen = link("shmOpen");
        static final MethodHandle shmUnlink = link("shmUnlink");
        static final MethodHandle fdTruncate = link("fdTruncate");
        static final MethodHandle fdSize = link("fdSize");
        static final MethodHandle fdStat = link("fdStat");
        static final MethodHandle memMapFd = link("memMapFd");
        static final MethodHandle pthreadStart = link("pthreadStart");
        static final MethodHandle pthreadJoin = link("pthreadJoin");
        static final MethodHandle pthreadStack = link("pthreadStack");
        static final MethodHandle schedGetaffinity = link("schedGetaffinity");
        static final MethodHandle schedSetaffinity = link("schedSetaffinity");
        static final MethodHandle schedSetscheduler = link("schedSetscheduler");
        static final MethodHandle schedGetscheduler = link("schedGetscheduler");
        static final MethodHandle schedGetparam = link("schedGetparam");
        static final MethodHandle schedPriorityRange = link("schedPriorityRange");
        static final MethodHandle getpriority = link("getpriority");
        static final MethodHandle setpriority = link("setpriority");
        static final MethodHandle pthreadSizes = link("pthreadSizes");
        static final MethodHandle mutexInit = link("mutexInit");
        static final MethodHandle mutexLock = link("mutexLock");
        static final MethodHandle mutexTrylock = link("mutexTrylock");
        static final MethodHandle mutexUnlock = link("mutexUnlock");
        static final MethodHandle mutexConsistent = link("mutexConsistent");
        static final MethodHandle mutexDestroy = link("mutexDestroy");
        static final MethodHandle condInit = link("condInit");
        static final MethodHandle condWait = link("condWait");
        static final MethodHandle condSignal = link("condSignal");
        static final MethodHandle condDestroy = link("condDestroy");
        static final MethodHandle barrierInit = link("barrierInit");
        static final MethodHandle barrierWait = link("barrierWait");
        static final MethodHandle barrierDestroy = link("barrierDestroy");
        static final MethodHandle rwlockInit = link("rwlockInit");
        static final MethodHandle rwlockLock = link("rwlockLock");
        static final MethodHandle rwlockUnlock = link("rwlockUnlock");
        static final MethodHandle rwlockDestroy = link("rwlockDestroy");
    }

    @Override
    public int abiVersion() {
        try {
            return (int) H.abiVersion.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long gettid() {
        try {
            return (long) H.gettid.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long getpid() {
        try {
            return (long) H.getpid.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long getcpu() {
        try {
            return (long) H.getcpu.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pageSize() {
        try {
            return (long) H.pageSize.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long memMap(long len, int shared, int guard) {
        try {
            return (long) H.memMap.invokeExact(len, shared, guard);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long memUnmap(long addr, long len) {
        try {
            return (long) H.memUnmap.invokeExact(addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long taskSpawn(long flags, int exitSignal, long stackLo, long block, int tryClone3) {
        try {
            return (long) H.taskSpawn.invokeExact(flags, exitSignal, stackLo, block, tryClone3);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long taskReap(long pid, int nohang) {
        try {
            return (long) H.taskReap.invokeExact(pid, nohang);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long taskKill(long pid, int sig) {
        try {
            return (long) H.taskKill.invokeExact(pid, sig);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long threadPointer() {
        try {
            return (long) H.threadPointer.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pipe(long fds) {
        try {
            return (long) H.pipe.invokeExact(fds);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long write(int fd, long addr, long len) {
        try {
            return (long) H.write.invokeExact(fd, addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long close(int fd) {
        try {
            return (long) H.close.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long futexPacked(long uaddr, long opVal3, int val, long timeoutNs, long uaddr2) {
        try {
            return (long) H.futexPacked.invokeExact(uaddr, opVal3, val, timeoutNs, uaddr2);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long futexWaitv(long waiters, int count, long timeoutNs) {
        try {
            return (long) H.futexWaitv.invokeExact(waiters, count, timeoutNs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long shmOpen(long path, int create) {
        try {
            return (long) H.shmOpen.invokeExact(path, create);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long shmUnlink(long path) {
        try {
            return (long) H.shmUnlink.invokeExact(path);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long fdTruncate(int fd, long len) {
        try {
            return (long) H.fdTruncate.invokeExact(fd, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long fdSize(int fd) {
        try {
            return (long) H.fdSize.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long fdStat(int fd, long out) {
        try {
            return (long) H.fdStat.invokeExact(fd, out);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long memMapFd(int fd, long len, long offset) {
        try {
            return (long) H.memMapFd.invokeExact(fd, len, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pthreadStart(long block, long fn, long arg) {
        try {
            return (long) H.pthreadStart.invokeExact(block, fn, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pthreadJoin(long thread) {
        try {
            return (long) H.pthreadJoin.invokeExact(thread);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pthreadStack(long out) {
        try {
            return (long) H.pthreadStack.invokeExact(out);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedGetaffinity(long tid, long mask, long size) {
        try {
            return (long) H.schedGetaffinity.invokeExact(tid, mask, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedSetaffinity(long tid, long mask, long size) {
        try {
            return (long) H.schedSetaffinity.invokeExact(tid, mask, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedSetscheduler(long tid, int policy, int priority) {
        try {
            return (long) H.schedSetscheduler.invokeExact(tid, policy, priority);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedGetscheduler(long tid) {
        try {
            return (long) H.schedGetscheduler.invokeExact(tid);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedGetparam(long tid) {
        try {
            return (long) H.schedGetparam.invokeExact(tid);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long schedPriorityRange(int policy) {
        try {
            return (long) H.schedPriorityRange.invokeExact(policy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long getpriority(long tid) {
        try {
            return (long) H.getpriority.invokeExact(tid);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long setpriority(long tid, int nice) {
        try {
            return (long) H.setpriority.invokeExact(tid, nice);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pthreadSizes(int which) {
        try {
            return (long) H.pthreadSizes.invokeExact(which);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexInit(long mutex, int shared, int robust) {
        try {
            return (long) H.mutexInit.invokeExact(mutex, shared, robust);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexLock(long mutex, long timeoutNs) {
        try {
            return (long) H.mutexLock.invokeExact(mutex, timeoutNs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexTrylock(long mutex) {
        try {
            return (long) H.mutexTrylock.invokeExact(mutex);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexUnlock(long mutex) {
        try {
            return (long) H.mutexUnlock.invokeExact(mutex);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexConsistent(long mutex) {
        try {
            return (long) H.mutexConsistent.invokeExact(mutex);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mutexDestroy(long mutex) {
        try {
            return (long) H.mutexDestroy.invokeExact(mutex);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long condInit(long cond, int shared) {
        try {
            return (long) H.condInit.invokeExact(cond, shared);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long condWait(long cond, long mutex, long timeoutNs) {
        try {
            return (long) H.condWait.invokeExact(cond, mutex, timeoutNs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long condSignal(long cond, int all) {
        try {
            return (long) H.condSignal.invokeExact(cond, all);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long condDestroy(long cond) {
        try {
            return (long) H.condDestroy.invokeExact(cond);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long barrierInit(long barrier, int count, int shared) {
        try {
            return (long) H.barrierInit.invokeExact(barrier, count, shared);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long barrierWait(long barrier) {
        try {
            return (long) H.barrierWait.invokeExact(barrier);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long barrierDestroy(long barrier) {
        try {
            return (long) H.barrierDestroy.invokeExact(barrier);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rwlockInit(long rwlock, int shared) {
        try {
            return (long) H.rwlockInit.invokeExact(rwlock, shared);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rwlockLock(long rwlock, int write, long timeoutNs) {
        try {
            return (long) H.rwlockLock.invokeExact(rwlock, write, timeoutNs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rwlockUnlock(long rwlock) {
        try {
            return (long) H.rwlockUnlock.invokeExact(rwlock);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rwlockDestroy(long rwlock) {
        try {
            return (long) H.rwlockDestroy.invokeExact(rwlock);
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
