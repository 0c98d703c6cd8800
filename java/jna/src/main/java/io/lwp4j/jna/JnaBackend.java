package io.lwp4j.jna;

import com.sun.jna.FunctionMapper;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.Symbol;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;

/**
 * The JNA backend: binds {@code liblwp4j.so} through JNA's <em>direct mapping</em> ({@link Native#register}), which
 * links each {@code native} method below straight to its C function with JNI's {@code RegisterNatives}. With only
 * primitive arguments and results JNA takes its fast path (no argument conversion, no reflection, no proxy): a call
 * costs one JNI transition plus libffi's dispatch. JNA's interface mapping (a {@link java.lang.reflect.Proxy}) costs
 * several times more and is not used.
 *
 * <p>The methods are the {@link NativeBackend} methods themselves, declared {@code native}; the C name comes from the
 * SPI's {@link Symbol} through a {@link FunctionMapper}. Adding a function to the SPI is therefore one line here:
 * {@code @Override public native long foo(long a);}. A missing symbol fails in {@link #bind}, not on first use.
 *
 * <p>Upcalls (pthread creation, ARCHITECTURE.md §6) are not methods here: the SPI passes function pointers as {@code long},
 * and {@link JnaBackendProvider#upcallStub} makes one from a JNA {@code Callback}.
 */
public final class JnaBackend implements NativeBackend {

    private static final JnaBackend INSTANCE = new JnaBackend();
    private static Path boundPath;

    private JnaBackend() {}

    /**
     * Opens {@code library} (for the life of the JVM: JNA never closes a library that has registered natives) and
     * registers every {@code native} method of this class against it. Direct mapping binds a class, not an
     * instance, so a class loader binds one library; binding a second, different file is refused.
     */
    static synchronized NativeBackend bind(Path library) {
        if (boundPath == null) {
            NativeLibrary lib = NativeLibrary.getInstance(library.toString(),
                    Map.of(Library.OPTION_FUNCTION_MAPPER, (FunctionMapper) JnaBackend::symbolOf));
            Native.register(JnaBackend.class, lib);
            boundPath = library;
        } else if (!boundPath.equals(library)) {
            throw new IllegalStateException("the JNA backend is already bound to " + boundPath);
        }
        return INSTANCE;
    }

    /** The C name of one of this class's native methods: the {@link Symbol} of the SPI method it implements. */
    private static String symbolOf(NativeLibrary library, Method method) {
        try {
            return NativeBackend.class.getMethod(method.getName(), method.getParameterTypes())
                    .getAnnotation(Symbol.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(method + " implements no NativeBackend method", e);
        }
    }

    @Override
    public native int abiVersion();

    @Override
    public native long gettid();

    @Override
    public native long getpid();

    @Override
    public native long getcpu();

    @Override
    public native long pageSize();

    @Override
    public native long memMap(long len, int shared, int guard);

    @Override
    public native long memUnmap(long addr, long len);

    @Override
    public native long futexPacked(long uaddr, long opVal3, int val, long timeoutNs, long uaddr2);

    @Override
    public native long futexWaitv(long waiters, int count, long timeoutNs);

    @Override
    public native long shmOpen(long path, int create);

    @Override
    public native long shmUnlink(long path);

    @Override
    public native long fdTruncate(int fd, long len);

    @Override
    public native long fdSize(int fd);

    @Override
    public native long fdStat(int fd, long out);

    @Override
    public native long memMapFd(int fd, long len, long offset);

    @Override
    public native long taskSpawn(long flags, int exitSignal, long stackLo, long block, int tryClone3);

    @Override
    public native long taskReap(long pid, int nohang);

    @Override
    public native long taskKill(long pid, int sig);

    @Override
    public native long threadPointer();

    @Override
    public native long pipe(long fds);

    @Override
    public native long write(int fd, long addr, long len);

    @Override
    public native long close(int fd);

    @Override
    public native long pthreadStart(long block, long fn, long arg);

    @Override
    public native long pthreadJoin(long thread);

    @Override
    public native long pthreadStack(long out);

    @Override
    public native long schedGetaffinity(long tid, long mask, long size);

    @Override
    public native long schedSetaffinity(long tid, long mask, long size);

    @Override
    public native long schedSetscheduler(long tid, int policy, int priority);

    @Override
    public native long schedGetscheduler(long tid);

    @Override
    public native long schedGetparam(long tid);

    @Override
    public native long schedPriorityRange(int policy);

    @Override
    public native long getpriority(long tid);

    @Override
    public native long setpriority(long tid, int nice);

    @Override
    public native long pthreadSizes(int which);

    @Override
    public native long mutexInit(long mutex, int shared, int robust);

    @Override
    public native long mutexLock(long mutex, long timeoutNs);

    @Override
    public native long mutexTrylock(long mutex);

    @Override
    public native long mutexUnlock(long mutex);

    @Override
    public native long mutexConsistent(long mutex);

    @Override
    public native long mutexDestroy(long mutex);

    @Override
    public native long condInit(long cond, int shared);

    @Override
    public native long condWait(long cond, long mutex, long timeoutNs);

    @Override
    public native long condSignal(long cond, int all);

    @Override
    public native long condDestroy(long cond);

    @Override
    public native long barrierInit(long barrier, int count, int shared);

    @Override
    public native long barrierWait(long barrier);

    @Override
    public native long barrierDestroy(long barrier);

    @Override
    public native long rwlockInit(long rwlock, int shared);

    @Override
    public native long rwlockLock(long rwlock, int write, long timeoutNs);

    @Override
    public native long rwlockUnlock(long rwlock);

    @Override
    public native long rwlockDestroy(long rwlock);
}
