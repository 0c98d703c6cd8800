package io.lwp4j.micrometer;

import io.lwp4j.proc.ProcessSample;
import io.lwp4j.proc.ThreadSample;
import io.lwp4j.proc.ThreadSampler;
import io.lwp4j.pthread.NativeThread;
import io.lwp4j.task.RawTask;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Threads as the kernel sees them, as Micrometer meters: threads by kernel state, the process's context switches and
 * run-queue delay, CPU time, context switches and run-queue delay <em>per thread group</em> (the name with its pool
 * counter removed, {@link ThreadGroupName}), raw tasks and native threads alive, and, when asked, the CPU of the
 * busiest threads with their TID. Names and units follow Micrometer's and OpenTelemetry's conventions (base units:
 * seconds; counters that Prometheus shows as {@code _total}); the module's README lists every meter.
 *
 * {@snippet :
 * new Lwp4jThreadMetrics().bindTo(registry);                                   // the defaults
 * Lwp4jThreadMetrics.builder().topThreads(5).build().bindTo(registry);         // plus the 5 busiest threads
 * }
 *
 * <p><b>Cardinality is bounded</b>: at most {@link Builder#maxGroups} groups (default {@value #DEFAULT_MAX_GROUPS},
 * {@code other} included: threads of groups past the bound count there), five series each, plus eleven, plus the
 * opt-in top threads — whatever the number of threads. The JVM's own tasks are grouped by what they are:
 * {@code jvm-gc}, {@code jvm-jit}, {@code jvm-vm}, {@code jvm-other} (JFR, monitor deflation, …) and
 * {@code jvm-system} (reference handler, finalizer, cleaner, …). Groups take their slots by size at bind time, then
 * in order of appearance.
 *
 * <p><b>How it reads</b>: one {@link ThreadSampler} of this JVM with Java attribution (one {@code /proc} pass and
 * one thread dump), taken when a meter is read and the last reading is older than {@link Builder#minRefresh}
 * (default 1 s), so a scrape of every meter costs one reading. Counters accumulate the sampler's deltas: they only
 * grow, across threads that come and go. No thread of its own.
 */
public final class Lwp4jThreadMetrics implements MeterBinder {
    /** Threads of this process by kernel state (tag {@code state}: R, S, D, T, Z, I). Gauge. */
    public static final String THREADS = "lwp4j.threads";
    /** Context switches of this process (tag {@code type}: voluntary, involuntary). Counter. */
    public static final String PROCESS_CONTEXT_SWITCHES = "lwp4j.process.context.switches";
    /** Time this process's threads were runnable but waited for a CPU, summed over threads, seconds. Counter. */
    public static final String PROCESS_RUN_DELAY = "lwp4j.process.run.delay";
    /** CPU time of a thread group (tags {@code group}, {@code mode}: user, system), seconds. Counter. */
    public static final String GROUP_CPU = "lwp4j.thread.group.cpu";
    /** Context switches of a thread group (tag {@code group}), voluntary and involuntary. Counter. */
    public static final String GROUP_CONTEXT_SWITCHES = "lwp4j.thread.group.context.switches";
    /** Run-queue delay of a thread group (tag {@code group}), seconds. Counter. */
    public static final String GROUP_RUN_DELAY = "lwp4j.thread.group.run.delay";
    /** Threads of a group alive now (tag {@code group}). Gauge. */
    public static final String GROUP_THREADS = "lwp4j.thread.group.threads";
    /** lwp4j raw clone() tasks alive ({@link RawTask#liveCount()}). Gauge. */
    public static final String RAW_TASKS = "lwp4j.raw.tasks";
    /** lwp4j native (pthread) threads running their code ({@link NativeThread#liveCount()}). Gauge. */
    public static final String NATIVE_THREADS = "lwp4j.native.threads";
    /**
     * Opt-in: CPU of one of the busiest threads over the last reading's interval, as a share of one CPU (tags
     * {@code tid}, {@code thread}, {@code group}); the set follows the busiest. Gauge.
     */
    public static final String TOP_THREAD_CPU = "lwp4j.thread.cpu.usage";

    /** The default bound on groups, {@code other} included. */
    public static final int DEFAULT_MAX_GROUPS = 15;
    /** The group of threads past the bound. */
    public static final String OTHER = "other";

    private static final String SWITCHES = "Context switches of this process's threads: voluntary (it blocked) or "
            + "involuntary (it was preempted)";
    private static final char[] STATES = {'R', 'S', 'D', 'T', 'Z', 'I'};

    private final int maxGroups;
    private final int topThreads;
    private final long minRefreshNanos;
    private final Iterable<Tag> tags;

    // Guarded by this.
    private ThreadSampler sampler;
    private long lastReading;
    private MeterRegistry registry;
    private MultiGauge top;
    private final Map<Character, Integer> byState = new HashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private double processDelaySeconds;
    private double voluntary;
    private double involuntary;

    /** A binder with the defaults: {@value #DEFAULT_MAX_GROUPS} groups, no per-thread series, 1 s refresh. */
    public Lwp4jThreadMetrics() {
        this(builder());
    }

    private Lwp4jThreadMetrics(Builder b) {
        this.maxGroups = b.maxGroups;
        this.topThreads = b.topThreads;
        this.minRefreshNanos = b.minRefresh.toNanos();
        this.tags = b.tags;
    }

    /** A builder of a binder with other bounds. */
    public static Builder builder() {
        return new Builder();
    }

    /** One group's accumulated figures. */
    private static final class Group {
        final String name;
        double userSeconds;
        double systemSeconds;
        double delaySeconds;
        double switches;
        int threads;

        Group(String name) {
            this.name = name;
        }
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (this.registry != null) {
            throw new IllegalStateException("a Lwp4jThreadMetrics binds to one registry (make one per registry)");
        }
        this.registry = registry;
        sampler = ThreadSampler.builder().javaThreads(true).build();
        lastReading = System.nanoTime();
        for (char s : STATES) {
            Gauge.builder(THREADS, this, m -> m.state(s)).tags(tags).tag("state", String.valueOf(s))
                    .description("Threads of this process in kernel state " + s).baseUnit(BaseUnits.THREADS)
                    .register(registry);
        }
        FunctionCounter.builder(PROCESS_CONTEXT_SWITCHES, this, m -> m.read(x -> x.voluntary)).tags(tags)
                .tag("type", "voluntary").description(SWITCHES)
                .register(registry);
        FunctionCounter.builder(PROCESS_CONTEXT_SWITCHES, this, m -> m.read(x -> x.involuntary)).tags(tags)
                .tag("type", "involuntary").description(SWITCHES)
                .register(registry);
        FunctionCounter.builder(PROCESS_RUN_DELAY, this, m -> m.read(x -> x.processDelaySeconds)).tags(tags)
                .description("Time this process's threads were runnable but waited for a CPU (schedstat), summed")
                .baseUnit("seconds").register(registry);
        Gauge.builder(RAW_TASKS, RawTask::liveCount).tags(tags).description("lwp4j raw clone() tasks alive")
                .baseUnit("tasks").register(registry);
        Gauge.builder(NATIVE_THREADS, NativeThread::liveCount).tags(tags)
                .description("lwp4j native (pthread) threads running their code").baseUnit(BaseUnits.THREADS)
                .register(registry);
        if (topThreads > 0) {
            top = MultiGauge.builder(TOP_THREAD_CPU).tags(tags)
                    .description("CPU of one of the busiest threads over the last interval, as a share of one CPU")
                    .register(registry);
        }
        // The first interval: its groups take their slots by size.
        refresh(true);
    }

    private synchronized double state(char s) {
        refresh(false);
        return byState.getOrDefault(s, 0);
    }

    private synchronized double read(ToDoubleFunction<Lwp4jThreadMetrics> f) {
        refresh(false);
        return f.applyAsDouble(this);
    }

    private synchronized double read(Group g, ToDoubleFunction<Group> f) {
        refresh(false);
        return f.applyAsDouble(g);
    }

    /** Takes a reading when the last is older than the refresh bound (or {@code now}), and accumulates it. */
    private void refresh(boolean now) {
        long t = System.nanoTime();
        if (!now && t - lastReading < minRefreshNanos) {
            return;
        }
        lastReading = t;
        ThreadSampler.Sample s = sampler.sample();
        double seconds = s.intervalSeconds();
        byState.clear();
        for (ProcessSample p : s.processes()) {
            for (Map.Entry<Character, Integer> e : p.threadsByState().entrySet()) {
                char c = e.getKey() == 't' ? 'T' : e.getKey();
                byState.merge(c, e.getValue(), Integer::sum);
            }
        }
        Map<String, List<ThreadSample>> byGroup = new LinkedHashMap<>();
        for (ThreadSample ts : s.threads()) {
            byGroup.computeIfAbsent(groupOf(ts), k -> new ArrayList<>()).add(ts);
        }
        List<Map.Entry<String, List<ThreadSample>>> order = new ArrayList<>(byGroup.entrySet());
        order.sort(Comparator.comparingInt((Map.Entry<String, List<ThreadSample>> e) -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey));
        for (Group g : groups.values()) {
            g.threads = 0;
        }
        for (Map.Entry<String, List<ThreadSample>> e : order) {
            Group g = slot(e.getKey());
            for (ThreadSample ts : e.getValue()) {
                double userSeconds = ts.user() / 100 * seconds;
                double systemSeconds = ts.sys() / 100 * seconds;
                double delaySeconds = ts.runDelayNanos() / 1e9;
                double vol = ts.voluntarySwitchesPerSecond() * seconds;
                double invol = ts.involuntarySwitchesPerSecond() * seconds;
                g.userSeconds += userSeconds;
                g.systemSeconds += systemSeconds;
                g.delaySeconds += delaySeconds;
                g.switches += vol + invol;
                g.threads++;
                processDelaySeconds += delaySeconds;
                voluntary += vol;
                involuntary += invol;
            }
        }
        if (top != null) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (ThreadSample ts : s.threads().subList(0, Math.min(topThreads, s.threads().size()))) {
                String name = ts.java() != null ? ts.java().name() : ts.task().name();
                rows.add(MultiGauge.Row.of(Tags.of("tid", Integer.toString(ts.tid()), "thread",
                        ThreadGroupName.clean(name), "group", groupOf(ts)), ts.cpu() / 100));
            }
            top.register(rows, true); // threads that left the top N lose their series
        }
    }

    /** The group of a task: the JVM's own by role, the others by name. */
    private static String groupOf(ThreadSample ts) {
        switch (ts.role()) {
            case GC:
                return "jvm-gc";
            case JIT:
                return "jvm-jit";
            case VM:
                return "jvm-vm";
            case JVM_OTHER:
                return "jvm-other";
            default:
                String g = ThreadGroupName.of(ts.java() != null ? ts.java().name() : ts.task().name());
                return ThreadGroupName.isJvmSystem(g) ? "jvm-system" : g;
        }
    }

    /** The group's meters, registered on first sight; {@code other} past the bound. */
    private Group slot(String name) {
        Group g = groups.get(name);
        if (g != null) {
            return g;
        }
        if (groups.size() >= maxGroups - 1 && !groups.containsKey(OTHER)) {
            name = OTHER;
        } else if (groups.size() >= maxGroups) {
            return groups.get(OTHER);
        }
        Group made = new Group(name);
        groups.put(name, made);
        FunctionCounter.builder(GROUP_CPU, made, x -> read(x, y -> y.userSeconds)).tags(tags).tag("group", name)
                .tag("mode", "user").description("CPU time of the thread group in user mode")
                .baseUnit("seconds").register(registry);
        FunctionCounter.builder(GROUP_CPU, made, x -> read(x, y -> y.systemSeconds)).tags(tags).tag("group", name)
                .tag("mode", "system").description("CPU time of the thread group in kernel mode")
                .baseUnit("seconds").register(registry);
        FunctionCounter.builder(GROUP_RUN_DELAY, made, x -> read(x, y -> y.delaySeconds)).tags(tags)
                .tag("group", name).description("Time the group's threads were runnable but waited for a CPU")
                .baseUnit("seconds").register(registry);
        FunctionCounter.builder(GROUP_CONTEXT_SWITCHES, made, x -> read(x, y -> y.switches)).tags(tags)
                .tag("group", name).description("Context switches of the group's threads, voluntary and involuntary")
                .register(registry);
        Gauge.builder(GROUP_THREADS, made, x -> read(x, y -> y.threads)).tags(tags).tag("group", name)
                .description("Threads of the group alive").baseUnit(BaseUnits.THREADS).register(registry);
        return made;
    }

    /** Configures a {@link Lwp4jThreadMetrics}. */
    public static final class Builder {
        private int maxGroups = DEFAULT_MAX_GROUPS;
        private int topThreads;
        private Duration minRefresh = Duration.ofSeconds(1);
        private Iterable<Tag> tags = Tags.empty();

        private Builder() {}

        /** At most this many groups, {@code other} included (2 to 1,000). */
        public Builder maxGroups(int n) {
            if (n < 2 || n > 1000) {
                throw new IllegalArgumentException("maxGroups=" + n + ": 2 to 1000");
            }
            this.maxGroups = n;
            return this;
        }

        /** Per-thread CPU series (with the TID as a tag) for the {@code n} busiest threads; 0 (the default): none. */
        public Builder topThreads(int n) {
            if (n < 0 || n > 100) {
                throw new IllegalArgumentException("topThreads=" + n + ": 0 to 100");
            }
            this.topThreads = n;
            return this;
        }

        /** The shortest time between two readings (meters read sooner answer the last one); default 1 s. */
        public Builder minRefresh(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("minRefresh=" + d + ": not negative");
            }
            this.minRefresh = d;
            return this;
        }

        /** Tags added to every meter. */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Objects.requireNonNull(tags, "tags");
            return this;
        }

        /** The binder. */
        public Lwp4jThreadMetrics build() {
            return new Lwp4jThreadMetrics(this);
        }
    }
}
