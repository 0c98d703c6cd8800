package io.lwp4j.proc;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.JvmAttach;
import io.lwp4j.internal.proc.ProcFile;
import io.lwp4j.internal.proc.ProcSystem;
import io.lwp4j.internal.proc.TaskParser;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Samples the kernel tasks of one process, several, or all, and answers what each did over the interval between
 * two samples: CPU (user and system), run-queue delay, context switches, state and last CPU — what {@code top -H}
 * shows, plus the wait for a CPU that no Java tool shows — optionally joined with the Java threads of the JVMs
 * among them, with the stacks of the busiest.
 *
 * {@snippet :
 * ThreadSampler sampler = ThreadSampler.builder().processes(pid).javaThreads(true).stacks(3, 8).build();
 * while (running) {
 *     Thread.sleep(1000);
 *     ThreadSampler.Sample s = sampler.sample();          // the deltas since the previous call
 *     ThreadSample busiest = s.threads().get(0);          // busiest first
 *     System.out.printf("%d %s %.1f%% cpu, %.1f%% waiting for a CPU%n", busiest.tid(),
 *             busiest.java() == null ? busiest.task().name() : busiest.java().name(), busiest.cpu(), busiest.delay());
 * }
 * }
 *
 * <p><b>What it reads.</b> Per task {@code /proc/<pid>/task/<tid>/stat} (ticks, state, last CPU, start time),
 * {@code schedstat} (nanoseconds on CPU and waiting on a run queue, times switched in) and {@code status} (voluntary
 * and involuntary switches, NSpid; every sample, or only when a task is first seen: see
 * {@link ThreadSamplerBuilder#contextSwitchTypes(boolean)});
 * per process {@code /proc/<pid>/stat} (its CPU including threads that ended); per sample {@code /proc/uptime}. With
 * {@link ThreadSamplerBuilder#javaThreads(boolean)}, one thread dump per JVM per sample: this JVM's through its own
 * diagnostic command, another's through {@link JvmAttach} ({@code jcmd <pid> Thread.print} over its attach socket, with
 * a deadline; the JVM must be of this user, or the caller root). Sampling every process, only JVMs that show an attach
 * socket are asked and nothing is signalled; a process named to {@link ThreadSamplerBuilder#processes} may have its
 * attach listener started by the JDK's handshake, and only when it is a JVM by evidence ({@link JvmAttach#jcmd}).
 *
 * <p><b>Intervals.</b> The builder takes the first reading; each {@link #sample()} answers the deltas since the
 * previous reading and makes its own the next baseline. The caller chooses the interval by when it calls; the
 * sampler has no thread of its own unless {@link #every} asks for one.
 *
 * <p><b>Thread safety.</b> {@link #sample()} may be called from any thread; calls are serialised (each is one
 * interval). The buffers and the per-task state are reused from sample to sample; the returned objects are
 * immutable.
 *
 * <p>Races are normal: a task that ends between the listing and the read is counted as ended, one that starts is
 * counted from its start. A TID reused by a new task within one interval is told apart by its start time.
 */
public final class ThreadSampler {

    private final int[] pids;          // empty: every process
    private final boolean javaThreads;
    private final boolean switchTypes;
    private final int stackThreads;
    private final int stackDepth;
    private final long selfPid = ProcessHandle.current().pid();
    private final int hertz = ProcSystem.hertz();

    private final ProcFile stat = new ProcFile(1024);
    private final ProcFile schedstat = new ProcFile(128);
    private final ProcFile status = new ProcFile(4096);
    private final StringBuilder path = new StringBuilder(64);

    /** Per task (keyed by TID) and per process (keyed by pid): the counters of the previous reading. */
    private final HashMap<Integer, TaskCounters> tasks = new HashMap<>();
    private final HashMap<Integer, TaskCounters> processes = new HashMap<>();
    private final JavaAttribution attribution;
    private long lastNanos;

    ThreadSampler(ThreadSamplerBuilder b) {
        this.pids = b.pids.clone();
        this.javaThreads = b.javaThreads;
        this.switchTypes = b.switchTypes;
        this.stackThreads = b.stackThreads;
        this.stackDepth = b.stackDepth;
        this.attribution = javaThreads ? new JavaAttribution(selfPid, pids.length > 0, b.attachTimeout) : null;
        for (int pid : pids) {
            if (!new File("/proc/" + pid + "/task").isDirectory()) {
                throw ErrnoException.of("ThreadSampler", "pid=" + pid, Errno.ESRCH.number(), "no process " + pid);
            }
        }
        synchronized (this) {
            collect(false);
        }
    }

    /** A sampler of this process's tasks, without Java attribution; it has taken its first reading. */
    public static ThreadSampler self() {
        return builder().processes((int) ProcessHandle.current().pid()).build();
    }

    /**
     * A sampler of the tasks of {@code pids}, without Java attribution; it has taken its first reading.
     *
     * @throws IllegalArgumentException for no pid or a pid that is not positive
     * @throws io.lwp4j.NoSuchTaskException (ESRCH) for a process that does not exist
     */
    public static ThreadSampler of(int... pids) {
        return builder().processes(pids).build();
    }

    /** A sampler of every process {@code /proc} shows us, without Java attribution. */
    public static ThreadSampler all() {
        return builder().allProcesses().build();
    }

    /** A builder: which processes (default: this one), whether to join Java threads, how many stacks. */
    public static ThreadSamplerBuilder builder() {
        return new ThreadSamplerBuilder();
    }

    /** The processes this sampler reads, ascending; empty when it reads every process. */
    public int[] pids() {
        return pids.clone();
    }

    /**
     * Reads every task now and answers what each did since the previous reading (the builder's, or the previous
     * call's). Blocks only for the file reads and, with Java attribution, the thread dumps.
     */
    public synchronized Sample sample() {
        return collect(true);
    }

    /**
     * Samples every {@code interval} on a daemon thread of its own ({@code lwp4j-sampler}) and hands each sample to
     * {@code consumer} on that thread, until {@link PeriodicSampler#close()}. A sample or consumer that throws ends it
     * (see {@link PeriodicSampler#failure()}).
     *
     * @throws IllegalArgumentException when {@code interval} is not positive
     */
    public PeriodicSampler every(Duration interval, Consumer<? super Sample> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("ThreadSampler.every: the interval must be positive: " + interval);
        }
        return new PeriodicSampler(this, interval, consumer);
    }

    // ---------------------------------------------------------------------------------------------------------

    private Sample collect(boolean emit) {
        long now = System.nanoTime();
        double uptime = ProcSystem.uptimeSeconds();
        long intervalNanos = Math.max(1, now - lastNanos);
        double seconds = intervalNanos / 1e9;
        double intervalStart = uptime - seconds; // in seconds after boot, the clock of a task's start time
        List<ThreadSample> out = new ArrayList<>();
        List<ProcessSample> procs = new ArrayList<>();
        List<TaskInfo> ended = new ArrayList<>();
        for (TaskCounters c : tasks.values()) {
            c.seen = false;
        }
        for (TaskCounters c : processes.values()) {
            c.seen = false;
        }
        int[] which = pids.length > 0 ? pids : Tasks.pids();
        for (int pid : which) {
            readProcess((int) pid, emit, seconds, intervalStart, uptime, out, procs);
        }
        // Tasks not seen again have ended (their process too, when its stat is gone).
        Map<Integer, Integer> endedByPid = new HashMap<>();
        for (Iterator<TaskCounters> it = tasks.values().iterator(); it.hasNext(); ) {
            TaskCounters c = it.next();
            if (!c.seen) {
                ended.add(c.task);
                endedByPid.merge(c.task.tgid(), 1, Integer::sum);
                it.remove();
            }
        }
        for (Iterator<Map.Entry<Integer, TaskCounters>> it = processes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, TaskCounters> e = it.next();
            if (!e.getValue().seen) {
                if (emit) {
                    int n = endedByPid.getOrDefault(e.getKey(), 0);
                    procs.add(new ProcessSample(e.getKey(), e.getValue().task.name(), 0, Map.of(), 0, n, 0, 0, 0,
                            0, true, false, null));
                }
                it.remove();
            }
        }
        lastNanos = now;
        if (!emit) {
            return null;
        }
        out.sort(BUSIEST_FIRST);
        if (attribution != null) {
            out = attribution.join(out, procs, stackThreads, stackDepth, now);
        }
        List<ProcessSample> fixed = new ArrayList<>(procs.size());
        for (ProcessSample p : procs) {
            int n = endedByPid.getOrDefault(p.pid(), 0);
            fixed.add(n == p.ended() || p.exited() ? p : new ProcessSample(p.pid(), p.name(), p.threads(),
                    p.threadsByState(), p.started(), n, p.cpu(), p.user(), p.sys(), p.delay(), p.exited(), p.java(),
                    p.javaProblem()));
        }
        fixed.sort(Comparator.comparingDouble(ProcessSample::cpu).reversed()
                .thenComparingInt(ProcessSample::pid));
        return new Sample(Instant.now(), intervalNanos, List.copyOf(out), List.copyOf(fixed), List.copyOf(ended));
    }

    /** Busiest first, then by TID: the order of {@code top -H}. */
    static final Comparator<ThreadSample> BUSIEST_FIRST =
            Comparator.comparingDouble(ThreadSample::cpu).reversed().thenComparingInt(ThreadSample::tid);

    private void readProcess(int pid, boolean emit, double seconds, double intervalStart, double uptime,
            List<ThreadSample> out, List<ProcessSample> procs) {
        String dir = "/proc/" + pid + "/task/";
        String[] names = new File(dir).list();
        if (names == null) {
            return; // gone (or hidden): its tasks count as ended
        }
        path.setLength(0);
        path.append("/proc/").append(pid).append("/stat");
        if (!stat.read(path.toString(), 1024, "ThreadSampler", "pid=" + pid)) {
            return;
        }
        TaskInfo whole;
        try {
            whole = TaskParser.parse(stat.bytes(), stat.length(), status.bytes(), 0, pid, -1);
        } catch (IllegalArgumentException e) {
            return;
        }
        TaskCounters pc = processes.get(pid);
        boolean newProcess = pc == null || pc.start != whole.startTimeTicks();
        if (newProcess) {
            pc = new TaskCounters();
            processes.put(pid, pc);
        }
        boolean processStartedNow = newProcess && whole.startTimeTicks() / (double) hertz >= intervalStart;
        // A process first seen now counts from its start if it started in the interval, else from now on.
        long pu = newProcess ? (processStartedNow ? whole.utimeTicks() : 0) : whole.utimeTicks() - pc.utime;
        long ps = newProcess ? (processStartedNow ? whole.stimeTicks() : 0) : whole.stimeTicks() - pc.stime;
        pc.set(whole);
        pc.seen = true;

        int started = 0;
        long delaySum = 0;
        boolean haveSchedstat = false;
        TreeMap<Character, Integer> byState = new TreeMap<>();
        for (String s : names) {
            long id = Tasks.parseId(s);
            if (id <= 0) {
                continue;
            }
            int tid = (int) id;
            path.setLength(0);
            path.append(dir).append(tid).append('/');
            int base = path.length();
            String detail = "pid=" + pid;
            try {
                if (!stat.read(path.append("stat").toString(), 1024, "ThreadSampler", detail)) {
                    continue;
                }
                path.setLength(base);
                boolean sched = schedstat.read(path.append("schedstat").toString(), 128, "ThreadSampler", detail);
                long runNs = -1;
                long delayNs = 0;
                long pcount = 0;
                if (sched) {
                    byte[] b = schedstat.bytes();
                    int len = schedstat.length();
                    int sp = TaskParser.indexOf(b, 0, len, (byte) ' ');
                    int sp2 = sp < 0 ? -1 : TaskParser.indexOf(b, sp + 1, len, (byte) ' ');
                    if (sp2 > 0) {
                        int end = sp2 + 1;
                        while (end < len && b[end] >= '0' && b[end] <= '9') {
                            end++;
                        }
                        runNs = TaskParser.parseLong(b, 0, sp);
                        delayNs = TaskParser.parseLong(b, sp + 1, sp2);
                        pcount = TaskParser.parseLong(b, sp2 + 1, end);
                        haveSchedstat = true;
                    }
                }
                TaskInfo t = TaskParser.parse(stat.bytes(), stat.length(), status.bytes(), 0, pid, -1);
                TaskCounters known = tasks.get(tid);
                boolean seenBefore = known != null && known.start == t.startTimeTicks() && known.task.tgid() == pid;
                // status is the costliest file by far: read it every time only for the split of switches (or
                // without schedstat), else once per task for what it alone has (NSpid, uids, allowed CPUs).
                if (switchTypes || runNs < 0 || !seenBefore) {
                    path.setLength(base);
                    if (!status.read(path.append("status").toString(), 1 << 20, "ThreadSampler", detail)) {
                        continue;
                    }
                    t = TaskParser.parse(stat.bytes(), stat.length(), status.bytes(), status.length(), pid, -1);
                } else {
                    t = TaskParser.withStatusOf(t, known.task);
                }
                byState.merge(t.state(), 1, Integer::sum);
                TaskCounters c = tasks.get(tid);
                boolean fresh = c == null || c.start != t.startTimeTicks() || c.task.tgid() != pid;
                double startSeconds = t.startTimeTicks() / (double) hertz;
                boolean startedNow = fresh && (startSeconds >= intervalStart || processStartedNow);
                if (fresh) {
                    c = new TaskCounters();
                    tasks.put(tid, c);
                }
                if (emit && (!fresh || startedNow)) {
                    long du = t.utimeTicks() - (fresh ? 0 : c.utime);
                    long ds = t.stimeTicks() - (fresh ? 0 : c.stime);
                    long cpuNs = runNs >= 0 ? runNs - (fresh ? 0 : c.runNs) : (du + ds) * 1_000_000_000L / hertz;
                    long dd = runNs >= 0 ? delayNs - (fresh ? 0 : c.delayNs) : 0;
                    boolean split = switchTypes || runNs < 0;
                    long dv = t.voluntaryContextSwitches() - (fresh ? 0 : c.vcs);
                    long di = t.involuntaryContextSwitches() - (fresh ? 0 : c.ivcs);
                    long dp = pcount - (fresh ? 0 : c.pcount);
                    double share = startedNow ? Math.max(0, Math.min(1, (uptime - startSeconds) / seconds)) : 1;
                    if (startedNow) {
                        started++;
                    }
                    delaySum += dd;
                    out.add(new ThreadSample(t, pct(cpuNs / 1e9, seconds), pct(du / (double) hertz, seconds),
                            pct(ds / (double) hertz, seconds), runNs >= 0 ? pct(dd / 1e9, seconds) : Double.NaN,
                            Math.max(0, cpuNs), Math.max(0, dd),
                            (split ? Math.max(0, dv) + Math.max(0, di) : Math.max(0, dp)) / seconds,
                            split ? Math.max(0, dv) / seconds : Double.NaN,
                            split ? Math.max(0, di) / seconds : Double.NaN,
                            startedNow, share, ThreadSample.Role.UNKNOWN, null));
                } else if (emit) {
                    // First seen now but started before the interval (listed late): a baseline, no figures yet.
                    out.add(new ThreadSample(t, 0, 0, 0, runNs >= 0 ? 0 : Double.NaN, 0, 0, 0,
                            switchTypes ? 0 : Double.NaN, switchTypes ? 0 : Double.NaN, false, 1,
                            ThreadSample.Role.UNKNOWN, null));
                }
                c.set(t);
                c.runNs = runNs;
                c.delayNs = delayNs;
                c.pcount = pcount;
                c.seen = true;
            } catch (ErrnoException e) {
                return; // hidden from us (hidepid, another user's restricted files): left out, as top does
            } catch (IllegalArgumentException e) {
                continue; // a stat line we cannot parse: never seen, but not worth failing a sample for
            }
        }
        if (emit) {
            double user = pct(pu / (double) hertz, seconds);
            double sys = pct(ps / (double) hertz, seconds);
            procs.add(new ProcessSample(pid, whole.name(), whole.numThreads(), byState, started, 0, user + sys, user,
                    sys, haveSchedstat ? pct(delaySum / 1e9, seconds) : Double.NaN, false, false, null));
        }
    }

    private static double pct(double part, double whole) {
        return Math.max(0, part * 100 / whole);
    }


    /**
     * What a sample saw.
     *
     * @param time when it was taken (the end of the interval)
     * @param intervalNanos the interval since the previous reading, in nanoseconds
     * @param threads every task alive at the end of the interval, busiest ({@link ThreadSample#cpu()}) first
     * @param processes each process's totals, busiest first; a process that ended is reported once, as exited
     * @param ended the tasks that ended during the interval, as the previous reading saw them (their figures
     *     since are gone with them; their process's {@link ProcessSample#cpu()} still counts them)
     */
    public record Sample(Instant time, long intervalNanos, List<ThreadSample> threads,
            List<ProcessSample> processes, List<TaskInfo> ended) {

        /** The interval in seconds. */
        public double intervalSeconds() {
            return intervalNanos / 1e9;
        }

        /** The sample of task {@code tid}, if it was alive at the end of the interval. */
        public Optional<ThreadSample> thread(int tid) {
            for (ThreadSample t : threads) {
                if (t.tid() == tid) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }


}
