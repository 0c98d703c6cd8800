package io.lwp4j.bench;

import io.lwp4j.Lwp4j;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.openjdk.jmh.util.Version;

/**
 * The side-by-side runner (ARCHITECTURE.md §10): in one invocation it runs the C reference programs of {@code native/bench},
 * the JMH benchmarks of this module and the peer tools, then writes {@code bench-report.md} (medians, spreads,
 * ratios, targets) and {@code bench-results.tsv} (every raw figure).
 *
 * <pre>
 * Runner [NAME...] [--quick] [--sizes N,N] [--pin CPU] [--prof PROFILER]... [--out DIR] [--native-dir DIR]
 *   NAME   a group of {@link #GROUPS}: {@link TidGroup tid}, {@link BackendsGroup backends}, {@link ListGroup list},
 *          {@link PthreadGroup pthread}, {@link TasksGroup tasks}, {@link FutexGroup futex}, {@link TopGroup top},
 *          {@link IpcGroup ipc} (none: all)
 * </pre>
 * The runner is the registry of the groups, the command line and the report's header; each {@link Group} is one
 * class with its own steps and rows.
 * Exit status: 0 when every selected benchmark ran (a missed target is a result, shown in the report), 1 when one
 * could not run, 2 on a usage error.
 */
public final class Runner {
    /** The groups, in the order "all" runs them. A new group is one {@link Group} class added here. */
    static final List<Group> GROUPS = List.of(new TidGroup(), new BackendsGroup(), new ListGroup(),
            new PthreadGroup(), new TasksGroup(), new FutexGroup(), new TopGroup(), new IpcGroup(), new StartupGroup());
    private static final String USAGE = usage();

    private final Set<String> names;
    private final BenchRun run;
    private final Path out;

    private Runner(Set<String> names, BenchRun run, Path out) {
        this.names = names;
        this.run = run;
        this.out = out;
    }

    /** The {@code --help} text: the options, and every group with its {@link Group#help()} lines. */
    static String usage() {
        StringBuilder b = new StringBuilder("""
                usage: lwp4j bench [NAME...] [options]      (or java/bench/run [NAME...] [options])
                """);
        b.append("  NAME              ").append(String.join(" | ", names(GROUPS))).append("   (default: all)\n");
        for (Group g : GROUPS) {
            List<String> help = g.help();
            b.append(String.format(Locale.ROOT, "%22s%-10s%s%n", "", g.name(), help.get(0)));
            help.subList(1, help.size()).forEach(line -> b.append(" ".repeat(32)).append(line).append('\n'));
        }
        return b.append("""
                  --quick           smoke run: fewer rounds and iterations (figures are rough)
                  --sizes N,N       thread counts of the listing targets (default 2000,10000)
                  --pin CPU         pin the C programs, ps and the JMH fork to CPU (taskset)
                  --prof P          add a JMH profiler, e.g. gc, stack, "stack:lines=5" (repeatable)
                  --out DIR         where the report goes (default java/bench/target/bench)
                  --native-dir DIR  the C programs (default java/core/target/native/host)
                """).toString();
    }

    /** The registered group of that name. */
    static Group group(String name) {
        return GROUPS.stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown benchmark " + name));
    }

    private static List<String> names(List<Group> groups) {
        return groups.stream().map(Group::name).toList();
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
                    if (!a.equals("all") && !names(GROUPS).contains(a)) {
                        throw new IllegalArgumentException("unknown benchmark " + a + " (known: " + names(GROUPS)
                                + ")");
                    }
                    names.addAll(a.equals("all") ? names(GROUPS) : List.of(a));
                }
            }
        }
        if (names.isEmpty()) {
            names.addAll(names(GROUPS));
        }
        out = out.toAbsolutePath();
        return new Runner(names, new BenchRun(quick, sizes, pin, new NativeBench(nativeDir.toAbsolutePath(), pin),
                new JmhBench(quick, pin, profilers, out)), out);
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
        run.progress("lwp4j bench " + names + (run.quick() ? " (quick)" : "") + run.pin().stream()
                .mapToObj(cpu -> ", pinned to CPU " + cpu).findFirst().orElse("") + "; report in " + out);
        for (String name : names) {
            group(name).run(run);
            if (Thread.currentThread().isInterrupted()) {
                return 1;
            }
        }
        header(loadBefore);
        Report report = run.report();
        try {
            report.write(out);
        } catch (IOException e) {
            System.err.println("lwp4j bench: cannot write the report to " + out + ": " + e);
            return 1;
        }
        System.out.println();
        System.out.print(report.markdown());
        run.progress("done: " + out.resolve("bench-report.md") + " and bench-results.tsv");
        return run.failed() ? 1 : 0;
    }

    private void header(double loadBefore) {
        double loadAfter = Machine.load();
        Report report = run.report();
        boolean quick = run.quick();
        OptionalInt pin = run.pin();
        report.header("Run: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", " + (quick ? "quick (smoke) run"
                : "full run") + ", " + String.format(Locale.ROOT, "%.0f s", run.elapsed()) + ", benchmarks " + names
                + pin.stream().mapToObj(cpu -> ", pinned to CPU " + cpu).findFirst().orElse(", not pinned"
                        + (names.contains("tasks") || names.contains("futex") ? " (the " + (names.contains("tasks") ? "tasks"
                                : "futex") + " group: CPU " + Machine.lastAllowedCpu() + ")" : "")));
        report.header("JDK: " + Machine.jdk() + "; JMH " + Version.getPlainVersion() + ", 1 fork per benchmark");
        report.header("lwp4j backend (tid, list): " + (Lwp4j.isAvailable() ? Lwp4j.backendName()
                : "unavailable: " + Lwp4j.unavailabilityCause()) + " (force one with -Dlwp4j.backend=ffm|jnr|jna in "
                + "LWP4J_BENCH_JAVA_OPTS)");
        report.header("Kernel: " + Machine.kernel());
        report.header("CPU: " + Machine.cpu() + "; " + Machine.mitigations());
        Map<String, String> cEnv = run.c().env();
        report.header("C: gcc " + cEnv.getOrDefault("cc", "?") + " -O2, glibc " + cEnv.getOrDefault("libc", "?"));
        report.header(String.format(Locale.ROOT, "Load average (1 min): %.2f before, %.2f after%s", loadBefore, loadAfter,
                Math.max(loadBefore, loadAfter) > 0.5
                        ? " — the machine was busy: trust the ratios (measured side by side) more than the absolute figures"
                        : ""));
    }
}
