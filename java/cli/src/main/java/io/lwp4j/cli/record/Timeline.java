package io.lwp4j.cli.record;

import io.lwp4j.proc.ProcessSample;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.ThreadSample;
import io.lwp4j.proc.ThreadSampler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording of threads over time, built from successive {@link ThreadSampler} samples: per task a track of state
 * slices (running, runnable, sleeping, D, …), per process CPU% and run-delay% counters, and instants where tasks
 * started and ended. Times are nanoseconds from the recording's start. Not thread-safe: one recorder fills it.
 */
public final class Timeline {

    /** What a task did over a slice, from its CPU and run-queue delay over the interval and its kernel state. */
    public enum State {
        /** On a CPU at least half the interval. */
        RUNNING("running"),
        /** Wanting a CPU (on one or waiting on a run queue) at least half the interval, waiting more than running. */
        RUNNABLE("runnable"),
        /** Asleep (S, I): blocked, waiting, parked. */
        SLEEPING("sleeping"),
        /** Uninterruptible sleep (D): usually I/O. */
        DISK("uninterruptible (D)"),
        /** Stopped or traced (T, t). */
        STOPPED("stopped"),
        /** Zombie or dead (Z, X). */
        DEAD("dead");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The slice name in the trace. */
        public String label() {
            return label;
        }

        /** The state of an interval: {@code cpu} and {@code delay} are percentages of the interval. */
        public static State of(double cpu, double delay, char kernelState) {
            double d = Double.isNaN(delay) ? 0 : delay;
            if (cpu >= 50) {
                return RUNNING;
            }
            if (cpu + d >= 50) {
                return d > cpu ? RUNNABLE : RUNNING;
            }
            switch (kernelState) {
                case 'R':
                    // Runnable now with little CPU: waiting on a run queue. (schedstat adds a wait to run_delay only
                    // when the wait ends, so a wait longer than the interval is not yet in `delay`.)
                    return RUNNABLE;
                case 'D':
                    return DISK;
                case 'T':
                case 't':
                    return STOPPED;
                case 'Z':
                case 'X':
                    return DEAD;
                default:
                    return SLEEPING;
            }
        }
    }

    /** One slice of a track: {@code [start, end)} in one state, with the mean CPU% and delay% over it. */
    public record Slice(long start, long end, State state, double cpu, double delay, char kernelState) {}

    /** A point in a process's CPU% and run-delay% counters (the interval ending at {@code at}). */
    public record Counter(long at, int pid, double cpu, double delay) {}

    /** A task that started or ended. */
    public record Instant(long at, int pid, int tid, String name) {}

    /** One task's lane. */
    public static final class Track {
        final int pid;
        final int tid;
        String comm;
        String javaName;
        String kind = "thread";
        final List<Slice> slices = new ArrayList<>();

        Track(int pid, int tid, String comm) {
            this.pid = pid;
            this.tid = tid;
            this.comm = comm;
        }

        public int pid() {
            return pid;
        }

        public int tid() {
            return tid;
        }

        public String comm() {
            return comm;
        }

        public String javaName() {
            return javaName;
        }

        /** {@code thread}, {@code raw task} or {@code native thread}. */
        public String kind() {
            return kind;
        }

        public List<Slice> slices() {
            return slices;
        }

        /** The track's name: {@code comm [tid] Java-name}. */
        public String title() {
            return comm + " [" + tid + "]" + (javaName == null ? "" : " " + javaName);
        }
    }

    private final long intervalNanos;
    private final Map<Long, Track> tracks = new LinkedHashMap<>();
    private final Map<Integer, String> processes = new LinkedHashMap<>();
    private final List<Counter> counters = new ArrayList<>();
    private final List<Instant> instants = new ArrayList<>();
    private final Map<Integer, String> javaProblems = new LinkedHashMap<>();
    private long end;

    /** An empty recording sampled every {@code intervalNanos}. */
    public Timeline(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    private static long key(int pid, int tid) {
        return (long) pid << 32 | (tid & 0xffffffffL);
    }

    /** Adds a sample whose interval ended {@code at} nanoseconds after the recording's start. */
    public void add(ThreadSampler.Sample s, long at) {
        long start = Math.max(0, at - s.intervalNanos());
        end = Math.max(end, at);
        for (ThreadSample t : s.threads()) {
            Track track = tracks.computeIfAbsent(key(t.pid(), t.tid()), k -> new Track(t.pid(), t.tid(),
                    t.task().name()));
            track.comm = t.task().name();
            if (t.java() != null && track.javaName == null) {
                track.javaName = t.java().name();
            }
            long from = start;
            if (t.started()) {
                from = Math.max(start, at - Math.round(s.intervalNanos() * t.lifetimeShare()));
                instants.add(new Instant(from, t.pid(), t.tid(), "started"));
            }
            State st = State.of(t.cpu(), t.delay(), t.task().state());
            append(track, new Slice(from, at, st, t.cpu(), Double.isNaN(t.delay()) ? 0 : t.delay(),
                    t.task().state()));
        }
        for (TaskInfo gone : s.ended()) {
            instants.add(new Instant(at, gone.tgid(), gone.tid(), "ended"));
        }
        for (ProcessSample p : s.processes()) {
            processes.putIfAbsent(p.pid(), p.name());
            counters.add(new Counter(at, p.pid(), p.cpu(), Double.isNaN(p.delay()) ? 0 : p.delay()));
        }
    }

    /** Extends the last slice when the state is the same and the slices touch; else starts a new one. */
    private static void append(Track t, Slice s) {
        if (!t.slices.isEmpty()) {
            Slice last = t.slices.get(t.slices.size() - 1);
            if (last.state() == s.state() && last.end() >= s.start() && last.kernelState() == s.kernelState()) {
                double a = last.end() - last.start();
                double b = s.end() - s.start();
                double w = a + b <= 0 ? 0.5 : a / (a + b);
                t.slices.set(t.slices.size() - 1, new Slice(last.start(), s.end(), s.state(),
                        last.cpu() * w + s.cpu() * (1 - w), last.delay() * w + s.delay() * (1 - w), s.kernelState()));
                return;
            }
        }
        t.slices.add(s);
    }

    /** Sets what a task is, and its Java name when the recording's samples did not give one. */
    public void describe(int pid, int tid, String kind, String javaName) {
        Track t = tracks.get(key(pid, tid));
        if (t != null) {
            if (kind != null) {
                t.kind = kind;
            }
            if (javaName != null && t.javaName == null) {
                t.javaName = javaName;
            }
        }
    }

    /** Notes why a process's Java names could not be read. */
    public void javaProblem(int pid, String why) {
        javaProblems.putIfAbsent(pid, why);
    }

    /** Why Java names are missing, by process. */
    public Map<Integer, String> javaProblems() {
        return javaProblems;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** The recording's length: the end of its last interval. */
    public long end() {
        return end;
    }

    /** Tracks by process, then TID. */
    public List<Track> tracks() {
        List<Track> l = new ArrayList<>(tracks.values());
        l.sort((a, b) -> a.pid != b.pid ? Integer.compare(a.pid, b.pid) : Integer.compare(a.tid, b.tid));
        return l;
    }

    public Map<Integer, String> processes() {
        return processes;
    }

    public Collection<Counter> counters() {
        return counters;
    }

    public List<Instant> instants() {
        return instants;
    }
}
