package io.lwp4j;

import io.lwp4j.internal.Native;
import io.lwp4j.internal.attach.JavaThreadIds;
import io.lwp4j.internal.attach.RemoteJvm;
import io.lwp4j.internal.attach.ThreadDump;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import io.lwp4j.task.RawTask;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Java threads as the kernel sees them: the kernel TID (the LWP column of {@code ps -eLf}) of the current thread
 * and of any live platform thread of this JVM, the {@link Thread} behind a TID, and one snapshot joining the two.
 *
 * <p>TIDs are reused after a thread ends, so every answer beyond {@link #currentTid()} is a {@link TidObservation}
 * that says where it came from and when it was seen.
 */
public final class JavaThreads {
    private JavaThreads() {}

    /** {@code Thread::isVirtual} on Java 21+, or {@code null} on 17 (where no thread is virtual). */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /**
     * The TID cache of platform threads. A platform thread keeps its kernel task for life, so the first
     * {@code gettid} is the answer until it ends. Virtual threads never use it: they move between carriers.
     */
    private static final ThreadLocal<int[]> CACHED_TID = ThreadLocal.withInitial(() -> new int[] {uncachedTid()});

    /** True when {@code t} is a virtual thread (Java 21+). */
    public static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The kernel TID of the calling thread. For a platform thread this is cached after the first call (a plain
     * thread-local read); a virtual thread gets its carrier's TID at this instant, through {@code gettid(2)} every
     * time, since it may run on another carrier a moment later.
     *
     * @throws Lwp4jException when the native library is unavailable
     */
    public static int currentTid() {
        Thread t = Thread.currentThread();
        if (isVirtual(t)) {
            return uncachedTid();
        }
        return CACHED_TID.get()[0];
    }

    /** The kernel TID of the calling thread through {@code gettid(2)}, never cached. */
    public static int uncachedTid() {
        return (int) Native.backend().gettid();
    }

    /** The calling thread's TID as an observation: cached for a platform thread, the carrier's for a virtual one. */
    public static TidObservation current() {
        Thread t = Thread.currentThread();
        boolean virtual = isVirtual(t);
        int tid = virtual ? uncachedTid() : CACHED_TID.get()[0];
        TidObservation.Source source = virtual ? TidObservation.Source.CARRIER_GETTID
                : TidObservation.Source.CACHED_GETTID;
        return new TidObservation(tid, JavaThreadIds.idOf(t), t.getName(), source, Instant.now());
    }

    /**
     * The kernel TID of {@code thread}, a thread of this JVM. The calling thread answers itself; any other platform
     * thread is looked up in the JVM's thread dump; a virtual thread answers the TID of the carrier it is mounted on.
     *
     * @return empty when the thread is not alive, or is a virtual thread not mounted at this moment
     */
    public static Optional<TidObservation> tidOf(Thread thread) {
        Objects.requireNonNull(thread, "thread");
        if (thread == Thread.currentThread()) {
            return Optional.of(current());
        }
        if (!thread.isAlive()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        String dump = ThreadDump.threadPrint();
        long id = JavaThreadIds.idOf(thread);
        if (isVirtual(thread)) {
            for (ThreadDump.Entry e : ThreadDump.parse(dump, livePlatformThreads()).values()) {
                if (e.carriedVirtualId() == id) {
                    return Optional.of(new TidObservation(e.tid(), id, thread.getName(),
                            TidObservation.Source.CARRIER_THREAD_DUMP, now));
                }
            }
            return Optional.empty();
        }
        ThreadDump.Entry e = ThreadDump.parse(dump, List.of(thread)).get(id);
        return e == null ? Optional.empty()
                : Optional.of(new TidObservation(e.tid(), id, thread.getName(), TidObservation.Source.THREAD_DUMP,
                        now));
    }

    /**
     * The platform {@link Thread} of this JVM whose kernel task is {@code tid}.
     *
     * @return empty when the task is not a Java thread (a GC or compiler thread, a native or raw task)
     * @throws IllegalArgumentException when {@code tid <= 0}
     * @throws NoSuchTaskException when {@code tid} is not a task of this process
     */
    public static Optional<Thread> threadOf(int tid) {
        if (tid <= 0) {
            throw new IllegalArgumentException("threadOf(tid=" + tid + "): a TID is a positive number");
        }
        if (!Files.exists(Paths.get("/proc/self/task/" + tid))) {
            throw (NoSuchTaskException) ErrnoException.of("threadOf", "tid=" + tid, Errno.ESRCH.number(),
                    "no task " + tid + " in this process (pid " + ProcessHandle.current().pid() + ")");
        }
        if (tid == currentTid()) {
            return Optional.of(Thread.currentThread());
        }
        List<Thread> threads = livePlatformThreads();
        Map<Long, ThreadDump.Entry> entries = ThreadDump.parse(ThreadDump.threadPrint(), threads);
        for (Thread t : threads) {
            ThreadDump.Entry e = entries.get(JavaThreadIds.idOf(t));
            if (e != null && e.tid() == tid) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Every task of this process joined with the Java thread on it: one {@code /proc/self/task} listing and one
     * thread dump, taken back to back. A thread that starts or ends between the two reads appears without its Java
     * side, or not at all.
     */
    public static List<ThreadView> snapshot() {
        Instant now = Instant.now();
        List<Thread> threads = livePlatformThreads();
        Map<Long, ThreadDump.Entry> entries = ThreadDump.parse(ThreadDump.threadPrint(), threads);
        Map<Integer, Thread> byTid = new HashMap<>();
        Map<Integer, ThreadDump.Entry> entryByTid = new HashMap<>();
        for (Thread t : threads) {
            ThreadDump.Entry e = entries.get(JavaThreadIds.idOf(t));
            if (e != null) {
                byTid.put(e.tid(), t);
                entryByTid.put(e.tid(), e);
            }
        }
        List<ThreadView> out = new ArrayList<>();
        for (TaskInfo task : Tasks.self()) {
            Thread t = byTid.get(task.tid());
            ThreadView.JavaThreadInfo info = t == null ? null
                    : new ThreadView.JavaThreadInfo(JavaThreadIds.idOf(t), t.getName(), t.getState(), t.isDaemon(),
                            entryByTid.get(task.tid()).carriedVirtualId());
            out.add(new ThreadView(task, info, RawTask.isLive(task.tid()), now));
        }
        return out;
    }

    /**
     * {@link #snapshot()} for any JVM: this one directly, another through its attach listener ({@link JvmAttach}:
     * same user or root, {@link JvmAttach#DEFAULT_TIMEOUT}). The caller names {@code pid}, so when the JVM's attach
     * listener is not running yet it is started with the JDK's handshake — only if {@code pid} is a JVM by evidence
     * ({@link JvmAttach#sigquitIsSafe}).
     *
     * @throws NoSuchTaskException when there is no process {@code pid}
     * @throws Lwp4jException when {@code pid} is not a JVM lwp4j can attach to, saying why
     *     ({@link JvmAttach.NotAttachableException}), or it did not answer in time ({@link JvmAttach.NoAnswerException})
     */
    public static List<ThreadView> snapshotOf(int pid) {
        return snapshotOf(pid, JvmAttach.DEFAULT_TIMEOUT, true);
    }

    /**
     * {@link #snapshotOf(int)} with a deadline for the whole exchange, and a choice: {@code mayStartListener} false
     * never signals {@code pid} (a JVM whose attach listener is not running then fails with
     * {@link JvmAttach.NotAttachableException}) — what a caller must pass for a process its user did not name.
     */
    public static List<ThreadView> snapshotOf(int pid, java.time.Duration timeout, boolean mayStartListener) {
        if (pid == ProcessHandle.current().pid()) {
            return snapshot();
        }
        List<TaskInfo> tasks = Tasks.of(pid); // first: a missing pid is a NoSuchTaskException, not an attach error
        Instant now = Instant.now();
        Map<Integer, RemoteJvm.RemoteThread> byTid = new HashMap<>();
        for (RemoteJvm.RemoteThread t : RemoteJvm.threads(pid, timeout, mayStartListener)) {
            byTid.put(t.tid(), t);
        }
        List<ThreadView> out = new ArrayList<>();
        for (TaskInfo task : tasks) {
            // The other JVM's dump speaks of TIDs in its own PID namespace (a container's): join on the innermost.
            RemoteJvm.RemoteThread t = byTid.get(task.innermostTid());
            out.add(new ThreadView(task, t == null ? null
                    : new ThreadView.JavaThreadInfo(t.id(), t.name(), t.state(), t.daemon(), t.carriedVirtualId()),
                    false, now)); // another JVM's raw tasks are not known here
        }
        return out;
    }

    /** Every live platform thread of this JVM (virtual threads are not in thread groups). */
    static List<Thread> livePlatformThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all;
        int n;
        do {
            all = new Thread[root.activeCount() * 2 + 16];
            n = root.enumerate(all, true);
        } while (n == all.length);
        return new ArrayList<>(Arrays.asList(all).subList(0, n));
    }
}
