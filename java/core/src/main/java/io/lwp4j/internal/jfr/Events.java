package io.lwp4j.internal.jfr;

import io.lwp4j.Errno;
import io.lwp4j.sched.CpuSet;
import io.lwp4j.sched.SchedPolicy;
import io.lwp4j.sched.SchedSetting;
import io.lwp4j.sched.Scheduling;
import io.lwp4j.sched.StackBounds;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * lwp4j's JFR emission points: one static call per event, placed at the end of the operation it reports. Internal
 * (applications read the events; {@link io.lwp4j.jfr.Lwp4jJfr} is their API).
 *
 * <p>Zero cost when an event is off: each call first asks the event type through a shared probe instance
 * ({@code Event.isEnabled()} reads only the event class's static state, which JFR's instrumentation keeps), so a
 * disabled event costs one static load and a branch, and allocates nothing; without a recording the event classes
 * are not instrumented at all and {@code isEnabled()} is a constant {@code false}. The probes are never committed.
 * A runtime without the {@code jdk.jfr} module never loads an event class.
 */
public final class Events {
    private Events() {}

    /** Event names (the {@code @Name} of each event; {@code jfr print --events 'lwp4j.*'} matches them all). */
    public static final String RAW_TASK_SPAWN = "lwp4j.RawTaskSpawn";
    public static final String RAW_TASK_EXIT = "lwp4j.RawTaskExit";
    public static final String NATIVE_THREAD_START = "lwp4j.NativeThreadStart";
    public static final String NATIVE_THREAD_END = "lwp4j.NativeThreadEnd";
    public static final String FUTEX_WAIT = "lwp4j.FutexWait";
    public static final String THREAD_CPU = "lwp4j.ThreadCpu";

    private static final boolean JFR = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    /** Shared, never-committed instances whose {@code isEnabled()} answers for their event type. */
    private static final class Probes {
        static final RawTaskSpawnEvent SPAWN = new RawTaskSpawnEvent();
        static final RawTaskExitEvent EXIT = new RawTaskExitEvent();
        static final NativeThreadStartEvent START = new NativeThreadStartEvent();
        static final NativeThreadEndEvent END = new NativeThreadEndEvent();
        static final FutexWaitEvent FUTEX = new FutexWaitEvent();
    }

    /** Spawn times (System.nanoTime) of raw tasks spawned while their spawn or exit event was on, by TID. */
    private static final Map<Integer, Long> SPAWNED_AT = new ConcurrentHashMap<>();
    /** Bound on SPAWNED_AT (tasks dropped unjoined leave their entry): past it, lifetimes read N/A. */
    private static final int MAX_TRACKED = 65_536;
    private static final AtomicInteger NATIVE_THREADS_ALIVE = new AtomicInteger();

    // ---- raw tasks ---------------------------------------------------------------------------------------------

    /** After a successful spawn, on the spawning thread. */
    public static void rawTaskSpawned(RawTask task, long stackSize) {
        if (!JFR) {
            return;
        }
        boolean spawnOn = Probes.SPAWN.isEnabled();
        if (spawnOn || Probes.EXIT.isEnabled()) {
            if (SPAWNED_AT.size() < MAX_TRACKED) {
                SPAWNED_AT.put(task.tid(), System.nanoTime());
            }
            if (spawnOn) {
                RawTaskSpawnEvent e = new RawTaskSpawnEvent();
                e.tid = task.tid();
                e.flags = flagNames(task.flags());
                e.threadLike = task.flags().contains(CloneFlag.CLONE_THREAD);
                e.cloneMethod = task.cloneMethod();
                e.stackSize = stackSize;
                e.commit();
            }
        }
    }

    /** Once a raw task is known to have ended and is released (exactly once per task), on the thread that saw it. */
    public static void rawTaskExited(int tid, int exitCode, boolean threadLike) {
        if (!JFR) {
            return;
        }
        Long at = SPAWNED_AT.isEmpty() ? null : SPAWNED_AT.remove(tid);
        if (Probes.EXIT.isEnabled()) {
            RawTaskExitEvent e = new RawTaskExitEvent();
            e.tid = tid;
            e.exitCode = exitCode;
            e.threadLike = threadLike;
            e.lifetime = at == null ? Long.MIN_VALUE : System.nanoTime() - at;
            e.commit();
        }
    }

    private static String flagNames(java.util.Set<CloneFlag> flags) {
        StringBuilder b = new StringBuilder();
        for (CloneFlag f : flags) {
            b.append(b.length() == 0 ? "" : "|").append(f.name());
        }
        return b.length() == 0 ? "(none)" : b.toString();
    }

    // ---- native threads ----------------------------------------------------------------------------------------

    /**
     * On the new native thread, before its code runs. Measures what the thread got (its stack through
     * {@code pthread_getattr_np}, policy, priority, CPUs) only when the event is on. Never throws (it runs in an
     * upcall).
     *
     * @return a start time for {@link #nativeThreadEnded}, or 0 when neither event is on
     */
    public static long nativeThreadStarted(int tid, String name, boolean detached, long stackSizeAsked,
            long guardSizeAsked, SchedPolicy policyAsked, int priorityAsked, CpuSet cpusAsked) {
        NATIVE_THREADS_ALIVE.incrementAndGet();
        if (!JFR) {
            return 0;
        }
        try {
            return nativeThreadStartEvent(tid, name, detached, stackSizeAsked, guardSizeAsked, policyAsked,
                    priorityAsked, cpusAsked);
        } catch (Throwable t) { // this runs in an upcall, which must never throw
            return 0;
        }
    }

    private static long nativeThreadStartEvent(int tid, String name, boolean detached, long stackSizeAsked,
            long guardSizeAsked, SchedPolicy policyAsked, int priorityAsked, CpuSet cpusAsked) {
        boolean startOn = Probes.START.isEnabled();
        if (!startOn && !Probes.END.isEnabled()) {
            return 0;
        }
        long t0 = System.nanoTime();
        if (startOn) {
            NativeThreadStartEvent e = new NativeThreadStartEvent();
            e.tid = tid;
            e.name = name;
            e.detached = detached;
            e.stackSizeAsked = stackSizeAsked;
            e.guardSizeAsked = guardSizeAsked;
            e.policyAsked = policyAsked == null ? null : policyAsked.cName();
            e.priorityAsked = priorityAsked;
            e.cpusAsked = cpusAsked == null ? null : cpusAsked.toString();
            try {
                StackBounds s = StackBounds.current();
                e.stackSize = s.size();
                e.guardSize = s.guard();
                SchedSetting p = Scheduling.policy(tid);
                e.policy = p.policy().cName();
                e.priority = p.priority();
                e.cpus = Scheduling.affinity(tid).toString();
            } catch (RuntimeException ex) {
                // a failed measurement leaves its fields unset; the event still says the thread started
            }
            e.commit();
        }
        return t0;
    }

    /**
     * On the native thread, after its code returned; {@code startedAt} is what {@link #nativeThreadStarted} gave.
     * Never throws (it runs in an upcall).
     */
    public static void nativeThreadEnded(int tid, String name, long startedAt) {
        NATIVE_THREADS_ALIVE.decrementAndGet();
        try {
            if (JFR && Probes.END.isEnabled()) {
                NativeThreadEndEvent e = new NativeThreadEndEvent();
                e.tid = tid;
                e.name = name;
                e.lifetime = startedAt == 0 ? Long.MIN_VALUE : System.nanoTime() - startedAt;
                e.commit();
            }
        } catch (Throwable t) { // this runs in an upcall, which must never throw
        }
    }

    /**
     * Makes {@code lwp4j.ThreadCpu} available to recordings: its periodic hook is added when the flight recorder
     * initialises (at once if it has). Idempotent; does nothing on a runtime without {@code jdk.jfr}.
     */
    public static void registerPeriodic() {
        if (JFR) {
            ThreadCpuHook.install();
        }
    }

    /** Native threads whose code is running now (started, not yet returned). */
    public static int nativeThreadsAlive() {
        return NATIVE_THREADS_ALIVE.get();
    }

    // ---- futex -------------------------------------------------------------------------------------------------

    /**
     * Before a futex wait: the event to pass to {@link #futexWaitEnd}, or {@code null} (no allocation) when the
     * event is off.
     */
    public static Object futexWaitBegin() {
        if (JFR && Probes.FUTEX.isEnabled()) {
            FutexWaitEvent e = new FutexWaitEvent();
            e.begin();
            return e;
        }
        return null;
    }

    /**
     * After the wait that {@link #futexWaitBegin} began, with the wait engine's result ({@code >= 0}, or
     * {@code -errno}); commits it when it lasted the threshold or longer.
     */
    public static void futexWaitEnd(Object event, long address, boolean isPrivate, boolean futexWord, int words,
            String waiter, long result) {
        FutexWaitEvent e = (FutexWaitEvent) event;
        e.end();
        if (e.shouldCommit()) {
            e.address = address;
            e.scope = !futexWord ? "object" : isPrivate ? "private" : "shared";
            e.words = words;
            e.waiter = waiter;
            e.outcome = result >= 0 ? "WOKEN" : Errno.EAGAIN.is(result) ? "VALUE_MISMATCH"
                    : Errno.EINTR.is(result) ? "INTERRUPTED"
                    : Errno.ETIMEDOUT.is(result) ? "TIMED_OUT" : Long.toString(result);
            e.commit();
        }
    }

}
