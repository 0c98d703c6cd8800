package io.lwp4j.bench;

import io.lwp4j.Lwp4j;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.util.Version;

/**
 * The side-by-side runner (ARCHITECTURE.md §10): in one invocation it runs the C reference programs of {@code native/bench},
 * the JMH benchmarks of this module and the peer tools, then writes {@code bench-report.md} (medians, spreads,
 * ratios, targets) and {@code bench-results.tsv} (every raw figure).
 *
 * <pre>
 * Runner [NAME...] [--quick] [--sizes N,N] [--pin CPU] [--prof PROFILER]... [--out DIR] [--native-dir DIR]
 *   NAME   tid   current TID, cached and uncached, against the C gettid syscall
 *          backends  one shim call (gettid, getcpu) through each backend, against C calling the same function
 *          pthread   NativeThread start + join against C pthread_create and java.lang.Thread; the robust
 *                    process-shared PthreadMutex against C and against FutexMutex
 *          list  listing the tasks of a thread_farm process (2,000 and 10,000 threads) against the C /proc
 *                reader and `ps -L -p PID`
 *          tasks raw tasks (issue 4): spawn+join against C and Java threads, memory per blocked task, how many
 *                can be alive at once; pinned to one CPU even without --pin (see {@link TasksGroup})
 *          futex futexes (issue 5): ping-pong between threads and between JVMs, uncontended and contended mutex,
 *                against C, park/unpark, a pipe, ReentrantLock and synchronized (see {@link FutexGroup})
 *          (none: all)
 * </pre>
 * Exit status: 0 when every selected benchmark ran (a missed target is a result, shown in the report), 1 when one
 * could not run, 2 on a usage error.
 */
public final class Runner {
    private static final List<String> GROUPS = List.of("tid", "backends", "list", "pthread", "tasks", "futex", "top",
            "ipc", StartupBench.NAME);
    private static final String USAGE = """
            usage: lwp4j bench [NAME...] [options]      (or java/bench/run [NAME...] [options])
              NAME              tid | backends | list | pthread | tasks | futex | top | ipc | startup   (default: all)
                                  tid       current TID, cached and uncached (JMH) vs the gettid syscall in C
                                  backends  one shim call (gettid, getcpu) through FFM, jnr-ffi and JNA vs C
                                  pthread   NativeThread start+join vs C pthread_create and Thread;
                                            robust PthreadMutex lock+unlock vs C and FutexMutex
                                  list      Tasks.of(pid) on a thread_farm process (JMH) vs a C /proc reader
                                            and ps -L -p
                                  tasks     RawTask spawn+join (JMH) vs C (the shim, clone, pthread_create),
                                            Thread and virtual threads; memory per blocked task vs C pthreads;
                                            blocked raw tasks alive at once (aim 20,000). Pinned to one CPU
                                            (the last one allowed) unless --pin says which
                                  futex     Futex ping-pong between threads (vs C, park/unpark) and between
                                            JVMs (vs C processes, a pipe); FutexMutex uncontended (vs C,
                                            ReentrantLock, synchronized) and contended with 2, 4, 8 threads.
                                            Pinned like tasks, except the contended step (pinned only by --pin)
                                  top       ThreadSampler.sample() of 10,000 threads vs C and top -H -b -n 1;
                                            lwp4j ps's listing vs ps -L -p; the sampler's own CPU at 1 s
                                  ipc       MessageChannel between two JVMs (round trip, one way) vs C on the
                                            same layout, a Unix socket and a pipe; Aeron IPC (unpinned); idle
                                            receiver CPU. Pinned like futex
                                  startup   whole-process start-up: lwp4j ps PID (with and without the AOT
                                            cache) vs a Hello World JVM and ps -L -p PID -f
              --quick           smoke run: fewer rounds and iterations (figures are rough)
              --sizes N,N       thread counts of the listing targets (default 2000,10000)
              --pin CPU         pin the C programs, ps and the JMH fork to CPU (taskset)
              --prof P          add a JMH profiler, e.g. gc, stack, "stack:lines=5" (repeatable)
              --out DIR         where the report goes (default java/bench/target/bench)
              --native-dir DIR  the C programs (default java/core/target/native/host)
            """;

    private final Set<String> names;
    private final boolean quick;
    private final List<Integer> sizes;
    private final NativeBench c;
    private final JmhBench jmh;
    private final OptionalInt pin;
    private final Path out;
    private final Report report = new Report();
    private final long t0 = System.nanoTime();
    private boolean failed;
    private Map<String, Figure> gettidFigures;

    private Runner(Set<String> names, boolean quick, List<Integer> sizes, OptionalInt pin, List<String> profilers,
            Path out, Path nativeDir) {
        this.names = names;
        this.quick = quick;
        this.sizes = sizes;
        this.pin = pin;
        this.out = out;
        this.c = new NativeBench(nativeDir, pin);
        this.jmh = new JmhBench(quick, pin, profilers, out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the benchmarks that {@code args} select; returns the exit status. */
    public static int run(String... args) {
        Runner r;
        try {
            r = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("lwp4j bench: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        if (r == null) {
            System.out.print(USAGE);
            return 0;
        }
        return r.runAll();
    }

    private static Runner parse(String[] args) {
        Set<String> names = new LinkedHashSet<>();
        boolean quick = false;
        List<Integer> sizes = List.of(2000, 10000);
        OptionalInt pin = OptionalInt.empty();
        List<String> profilers = new ArrayList<>();
        Path root = repositoryRoot();
        Path out = root.resolve("java/bench/target/bench");
        Path nativeDir = Path.of(System.getProperty("lwp4j.bench.nativeDir",
                root.resolve("java/core/target/native/host").toString()));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--quick" -> quick = true;
                case "--sizes" -> sizes = parseSizes(value(args, ++i, a));
                case "--pin" -> pin = OptionalInt.of(nonNegative(value(args, ++i, a), a));
                case "--prof" -> profilers.add(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--native-dir" -> nativeDir = Path.of(value(args, ++i, a));
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    if (!a.equals("all") && !GROUPS.contains(a)) {
                        throw new IllegalArgumentException("unknown benchmark " + a + " (known: " + GROUPS + ")");
                    }
                    names.addAll(a.equals("all") ? GROUPS : List.of(a));
                }
            }
        }
        if (names.isEmpty()) {
            names.addAll(GROUPS);
        }
        return new Runner(names, quick, sizes, pin, profilers, out.toAbsolutePath(), nativeDir.toAbsolutePath());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int nonNegative(String s, String option) {
        try {
            int v = Integer.parseInt(s);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(option + " needs a non-negative integer, not '" + s + "'");
    }

    private static List<Integer> parseSizes(String s) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : s.split(",")) {
            int n = nonNegative(part.strip(), "--sizes");
            if (n == 0) {
                throw new IllegalArgumentException("--sizes needs positive thread counts, not 0");
            }
            sizes.add(n);
        }
        return List.copyOf(sizes);
    }

    /**
     * {@code -Dlwp4j.root}, else the checkout that holds this class: its jar (or classes directory) sits in
     * {@code <root>/java/bench/target/}.
     */
    static Path repositoryRoot() {
        String prop = System.getProperty("lwp4j.root");
        if (prop != null) {
            return Path.of(prop);
        }
        try {
            Path here = Path.of(Runner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return here.getParent().getParent().getParent().getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private int runAll() {
        double loadBefore = Machine.load();
        progress("lwp4j bench " + names + (quick ? " (quick)" : "") + pin.stream()
                .mapToObj(cpu -> ", pinned to CPU " + cpu).findFirst().orElse("") + "; report in " + out);
        for (String name : names) {
            if (name.equals("tid")) {
                attempt("tid", this::tid);
            } else if (name.equals("backends")) {
                attempt("backends", this::backends);
            } else if (name.equals("pthread")) {
                attempt("pthread", this::pthread);
            } else if (name.equals("tasks")) {
                tasks();
            } else if (name.equals("futex")) {
                futex();
            } else if (name.equals("top")) {
                TopGroup g = new TopGroup(report, c, jmh, quick, this::progress, this::record);
                attempt("top sample and ps", g::sampleAndPs);
                attempt("top sampler CPU", g::samplerCpu);
            } else if (name.equals("ipc")) {
                ipc();
            } else if (name.equals(StartupBench.NAME)) {
                attempt(StartupBench.NAME, () -> StartupBench.run(report, repositoryRoot(), quick ? 5 : 15,
                        this::progress).forEach(this::record));
            } else {
                for (int size : sizes) {
                    attempt("list " + size, () -> list(size));
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                return 1;
            }
        }
        header(loadBefore);
        try {
            report.write(out);
        } catch (IOException e) {
            System.err.println("lwp4j bench: cannot write the report to " + out + ": " + e);
            return 1;
        }
        System.out.println();
        System.out.print(report.markdown());
        progress("done: " + out.resolve("bench-report.md") + " and bench-results.tsv");
        return failed ? 1 : 0;
    }

    /** One benchmark step; a failure is reported and the run goes on with the next step. */
    private interface Step {
        void run() throws IOException, InterruptedException, RunnerException;
    }

    private void attempt(String name, Step step) {
        try {
            step.run();
        } catch (IOException | RunnerException | RuntimeException e) {
            failed = true;
            progress("FAILED " + name + ": " + e);
            report.note("**" + name + " failed**: " + String.valueOf(e.getMessage()).strip().replace('\n', ' '));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void header(double loadBefore) {
        double loadAfter = Machine.load();
        report.header("Run: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", " + (quick ? "quick (smoke) run"
                : "full run") + ", " + String.format(Locale.ROOT, "%.0f s", elapsed()) + ", benchmarks " + names
                + pin.stream().mapToObj(cpu -> ", pinned to CPU " + cpu).findFirst().orElse(", not pinned"
                        + (names.contains("tasks") || names.contains("futex") ? " (the " + (names.contains("tasks") ? "tasks"
                                : "futex") + " group: CPU " + Machine.lastAllowedCpu() + ")" : "")));
        report.header("JDK: " + Machine.jdk() + "; JMH " + Version.getPlainVersion() + ", 1 fork per benchmark");
        report.header("lwp4j backend (tid, list): " + (Lwp4j.isAvailable() ? Lwp4j.backendName()
                : "unavailable: " + Lwp4j.unavailabilityCause()) + " (force one with -Dlwp4j.backend=ffm|jnr|jna in "
                + "LWP4J_BENCH_JAVA_OPTS)");
        report.header("Kernel: " + Machine.kernel());
        report.header("CPU: " + Machine.cpu() + "; " + Machine.mitigations());
        Map<String, String> cEnv = c.env();
        report.header("C: gcc " + cEnv.getOrDefault("cc", "?") + " -O2, glibc " + cEnv.getOrDefault("libc", "?"));
        report.header(String.format(Locale.ROOT, "Load average (1 min): %.2f before, %.2f after%s", loadBefore, loadAfter,
                Math.max(loadBefore, loadAfter) > 0.5
                        ? " — the machine was busy: trust the ratios (measured side by side) more than the absolute figures"
                        : ""));
    }

    /** Current TID: JMH cached/uncached against bench_gettid. */
    private void tid() throws IOException, InterruptedException, RunnerException {
        Map<String, Figure> f = new HashMap<>(cGettid());
        progress("[tid] JMH CurrentTidBenchmark (cached, uncached)");
        for (JmhBench.Outcome o : jmh.run(CurrentTidBenchmark.class, "tid.", Map.of(), "jmh-tid")) {
            f.put(o.figure().name(), record(o.figure()));
            report.profile(o.figure().name(), o.secondary());
        }
        String raw = "C gettid, inline asm syscall";
        report.row(new Report.Row("current TID, cached (`JavaThreads.currentTid()`)", f.get("tid.cached"),
                f.get("gettid.raw"), raw, null, null, Target.atMostNanos(5), null));
        report.row(new Report.Row("current TID, uncached (`JavaThreads.uncachedTid()`: gettid downcall)",
                f.get("tid.uncached"), f.get("gettid.raw"), raw, null, null, Target.atMostTimesC(1.15), null));
        // Context for the uncached figure: C paying what the downcall pays (a call into the shim), and glibc.
        report.row(new Report.Row("… uncached, against C calling the same shim function", f.get("tid.uncached"),
                f.get("gettid.shim"), "C → lwp_gettid() (PLT)", null, null, Target.NONE, null));
        report.row(new Report.Row("… uncached, against C glibc `syscall(SYS_gettid)`", f.get("tid.uncached"),
                f.get("gettid.libc"), "C glibc syscall()", null, null, Target.NONE, null));
    }

    /** bench_gettid's figures by name: run once per invocation, shared by the groups that compare with it. */
    private Map<String, Figure> cGettid() throws IOException, InterruptedException {
        if (gettidFigures == null) {
            String rounds = quick ? "7" : "21";
            progress("[C] bench_gettid: " + rounds + " rounds of 200,000 calls per variant");
            Map<String, Figure> f = new HashMap<>();
            for (Figure x : c.run("bench_gettid", "--rounds", rounds, "--warmup", "3")) {
                f.put(x.name(), record(x));
            }
            gettidFigures = f;
        }
        return gettidFigures;
    }

    /** One shim call through each backend (BackendCallBench) against C calling the same function. */
    private void backends() throws IOException, InterruptedException, RunnerException {
        Map<String, Figure> f = new HashMap<>(cGettid());
        progress("[backends] JMH BackendCallBench (gettid, getcpu; one fork per backend)");
        for (JmhBench.Outcome o : jmh.run(BackendCallBench.class, "backend.", Map.of(), "jmh-backends")) {
            f.put(o.figure().name(), record(o.figure()));
            report.profile(o.figure().name(), o.secondary());
        }
        for (String call : List.of("gettid", "getcpu")) {
            for (String backend : List.of("ffm", "jnr", "jna")) {
                report.row(new Report.Row("`" + call + "` through the " + backend + " backend",
                        f.get("backend." + call + "." + backend), f.get(call + ".shim"),
                        "C → lwp_" + call + "() (PLT)", null, null, Target.NONE, null));
            }
        }
    }

    /** NativeThread start + join and the robust mutex, against C (bench_pthread_create) and the Java peers. */
    private void pthread() throws IOException, InterruptedException, RunnerException {
        Map<String, Figure> f = new HashMap<>();
        String rounds = quick ? "5" : "15";
        progress("[C] bench_pthread_create: " + rounds + " rounds (500 threads, 1,000,000 lock+unlock each)");
        for (Figure x : c.run("bench_pthread_create", "--rounds", rounds, "--warmup", "2")) {
            f.put(x.name(), record(x));
        }
        progress("[pthread] JMH ThreadStartBench, RobustMutexBench");
        for (Class<?> bench : List.of(ThreadStartBench.class, RobustMutexBench.class)) {
            for (JmhBench.Outcome o : jmh.run(bench, "pthread.", Map.of(), "jmh-" + bench.getSimpleName())) {
                f.put(o.figure().name(), record(o.figure()));
                report.profile(o.figure().name(), o.secondary());
            }
        }
        report.row(new Report.Row("`NativeThread` start + join (pthread_create + upcall)", f.get("pthread.nativeThread"),
                f.get("pthread.create_join"), "C pthread_create + join", f.get("pthread.javaThread"),
                "java.lang.Thread start + join", Target.NONE, null));
        report.row(new Report.Row("… with an exact 512 KiB stack (`stackSize`)", f.get("pthread.nativeThreadOwnStack"),
                f.get("pthread.create_join.own_stack"), "C, own mmap'd stack", null, null, Target.NONE, null));
        report.row(new Report.Row("robust process-shared `PthreadMutex` lock + unlock", f.get("pthread.robustPthreadMutex"),
                f.get("pthread.robust_mutex"), "C, same glibc mutex", f.get("pthread.futexMutex"),
                "FutexMutex lock + unlock", Target.NONE, null));
    }

    /** Listing a process of {@code size} threads: Tasks.of (JMH) against bench_proc_reader and ps -L -p. */
    private void list(int size) throws IOException, InterruptedException {
        String label = "list " + String.format(Locale.ROOT, "%,d", size) + " threads (`Tasks.of(pid)`)";
        progress("[list " + size + "] starting thread_farm " + size);
        try (ThreadFarm farm = ThreadFarm.start(c.program("thread_farm"), size, Duration.ofMinutes(2))) {
            String pid = Long.toString(farm.pid());
            String prefix = "list." + size + ".";

            progress("[list " + size + "] C bench_proc_reader on pid " + pid);
            Figure cRef = c.run("bench_proc_reader", pid, "--rounds", quick ? "5" : "15", "--warmup", "2").get(0)
                    .named(prefix + "c");
            record(cRef);
            String note = null;
            Long seen = cRef.extra().get("tasks");
            if (seen == null || seen != farm.tasks()) {
                note = "the C reader saw " + seen + " tasks, the farm has " + farm.tasks();
            }

            List<String> ps = c.command(List.of("ps", "-L", "-p", pid));
            Figure peer = null;
            if (!PeerTimer.onPath("ps")) {
                note = "no ps on this machine (procps): the peer was not measured";
            } else {
                long psRows = PeerTimer.output(ps).lines().count() - 1;
                if (psRows != farm.tasks()) {
                    note = "ps printed " + psRows + " rows, the farm has " + farm.tasks() + " tasks";
                }
                int psRounds = quick ? 3 : size > 5000 ? 7 : 11;
                progress("[list " + size + "] ps -L -p " + pid + ": " + psRounds + " runs");
                peer = record(PeerTimer.time(prefix + "ps", ps, 1, psRounds));
            }

            Figure java = null;
            progress("[list " + size + "] JMH TaskListingBenchmark on pid " + pid);
            try {
                for (JmhBench.Outcome o : jmh.run(TaskListingBenchmark.class, prefix,
                        Map.of("pid", pid, "minTasks", Integer.toString(farm.tasks())), "jmh-list-" + size)) {
                    java = record(o.figure().named(prefix + "java"));
                    report.profile(java.name(), o.secondary());
                }
            } catch (IOException | RunnerException | RuntimeException e) {
                // Keep the C and ps figures: report the row, and the failure.
                failed = true;
                progress("FAILED JMH list " + size + ": " + e);
                note = "JMH failed: " + String.valueOf(e.getMessage()).strip().replace('\n', ' ');
            }
            report.row(new Report.Row(label, java, cRef, "C /proc reader", peer, "ps -L -p",
                    size == 10000 ? Target.timesCAndFasterThanPeer(1.3, 3) : Target.NONE, note));
            progress("[list " + size + "] stopping thread_farm");
        }
    }

    /**
     * The raw-task group, pinned to {@code --pin}'s CPU or else to the last CPU this process may use: its figures
     * time wake-ups (a join), and waking an idle vCPU costs tens of microseconds here.
     */
    private void tasks() {
        int cpu = pin.orElseGet(Machine::lastAllowedCpu);
        OptionalInt p = OptionalInt.of(cpu);
        progress("[tasks] pinned to CPU " + cpu + (pin.isPresent() ? "" : " (this group's default)"));
        NativeBench pc = c.pinned(p);
        TasksGroup g = new TasksGroup(report, pc, new JmhBench(jmh.quick(), p, jmh.profilers(), jmh.logDir()), quick,
                this::progress, this::record);
        attempt("tasks spawn", g::spawn);
        attempt("tasks memory", () -> g.memory(TasksGroup.javaCommand()));
        attempt("tasks alive", () -> g.alive(TasksGroup.javaCommand()));
        c.env().putAll(pc.env());
        report.note("The tasks group ran pinned to CPU " + cpu + " (C programs, JMH fork and BlockedTasks JVM)"
                + (pin.isPresent() ? "." : ": its default, since it times wake-ups."));
    }

    /**
     * The futex group: its wake-up steps pinned to {@code --pin}'s CPU or else to the last CPU this process may use
     * (as {@link #tasks}); its contended step pinned only by {@code --pin}.
     */
    private void futex() {
        int cpu = pin.orElseGet(Machine::lastAllowedCpu);
        OptionalInt p = OptionalInt.of(cpu);
        progress("[futex] wake-up steps pinned to CPU " + cpu + (pin.isPresent() ? "" : " (this group's default)"));
        NativeBench pc = c.pinned(p);
        FutexGroup g = new FutexGroup(report, pc, new JmhBench(jmh.quick(), p, jmh.profilers(), jmh.logDir()), c, jmh,
                quick, this::progress, this::record);
        attempt("futex ping-pong", g::pingPong);
        attempt("futex uncontended", g::uncontended);
        attempt("futex contended", g::contended);
        c.env().putAll(pc.env());
        report.note("The futex group's ping-pong and uncontended rows ran pinned to CPU " + cpu + " (C programs, JMH "
                + "fork and the echo JVM)" + (pin.isPresent() ? "; the contended rows too (--pin)." : ": its default, "
                + "since they time wake-ups; the contended rows ran unpinned (contention on one CPU is only "
                + "preemption)."));
    }

    /** The ipc group: pinned like the futex group's wake-up steps. */
    private void ipc() {
        int cpu = pin.orElseGet(Machine::lastAllowedCpu);
        OptionalInt p = OptionalInt.of(cpu);
        progress("[ipc] pinned to CPU " + cpu + (pin.isPresent() ? "" : " (this group's default)"));
        NativeBench pc = c.pinned(p);
        IpcGroup g = new IpcGroup(report, pc, new JmhBench(jmh.quick(), p, jmh.profilers(), jmh.logDir()), jmh,
                quick, this::progress, this::record);
        attempt("ipc messages", g::messages);
        attempt("ipc aeron", g::aeron);
        attempt("ipc idle", g::idle);
        c.env().putAll(pc.env());
        report.note("The ipc group ran pinned to CPU " + cpu + " (C programs, JMH fork and the echo JVMs), except the "
                + "Aeron rows and the channel rows beside them (unpinned: Aeron polls).");
    }

    /** Adds a figure to the report and shows it. */
    private Figure record(Figure f) {
        report.figure(f, Machine.load());
        progress("    " + f.name() + " = " + f.medianText() + String.format(Locale.ROOT, " (±%.1f%%)", f.spreadPercent()));
        return f;
    }

    private double elapsed() {
        return (System.nanoTime() - t0) / 1e9;
    }

    private void progress(String message) {
        System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsed(), message);
        System.out.flush();
    }
}
