package io.lwp4j.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.openjdk.jmh.runner.RunnerException;

/**
 * One invocation of the runner as its {@link Group}s see it: the options ({@code --quick}, {@code --sizes},
 * {@code --pin}), the C programs and JMH as asked, the report being written, and the few things every group does
 * alike — show progress, record a figure, run a step so that its failure is reported and the run goes on, run a JMH
 * class and keep its figures, pin a group that times wake-ups to one CPU.
 */
final class BenchRun {
    private final boolean quick;
    private final List<Integer> sizes;
    private final OptionalInt pin;
    private final NativeBench c;
    private final JmhBench jmh;
    private final Report report = new Report();
    private final long t0 = System.nanoTime();
    private final Map<String, Figure> figures = new HashMap<>();
    private boolean failed;
    private boolean gettidRan;

    BenchRun(boolean quick, List<Integer> sizes, OptionalInt pin, NativeBench c, JmhBench jmh) {
        this.quick = quick;
        this.sizes = sizes;
        this.pin = pin;
        this.c = c;
        this.jmh = jmh;
    }

    /** {@code --quick}: a smoke run, fewer rounds and iterations. */
    boolean quick() {
        return quick;
    }

    /** {@code --sizes}: the thread counts of the listing targets. */
    List<Integer> sizes() {
        return sizes;
    }

    /** {@code --pin}: the CPU everything runs on, when asked. */
    OptionalInt pin() {
        return pin;
    }

    /** The C programs, pinned as {@code --pin} asks. */
    NativeBench c() {
        return c;
    }

    /** JMH, pinned as {@code --pin} asks. */
    JmhBench jmh() {
        return jmh;
    }

    Report report() {
        return report;
    }

    /** Whether a step failed. */
    boolean failed() {
        return failed;
    }

    /** One benchmark step; a failure is reported and the run goes on with the next step. */
    interface Step {
        void run() throws IOException, InterruptedException, RunnerException;
    }

    /** Runs {@code step}; a failure is shown, noted in the report, and makes the run's exit status 1. */
    void attempt(String name, Step step) {
        try {
            step.run();
        } catch (IOException | RunnerException | RuntimeException e) {
            fail(name, e);
            report.note("**" + name + " failed**: " + String.valueOf(e.getMessage()).strip().replace('\n', ' '));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A failure the caller reports itself: shown, and the run's exit status becomes 1. */
    void fail(String name, Exception e) {
        failed = true;
        progress("FAILED " + name + ": " + e);
    }

    /** {@link #record}s a figure and keeps it in {@link #figures()} by its name. */
    Figure keep(Figure f) {
        figures.put(f.name(), record(f));
        return f;
    }

    /** The figures {@link #keep} kept in this run, by name (a read-only view; none for a step that failed). */
    Map<String, Figure> figures() {
        return Collections.unmodifiableMap(figures);
    }

    /** Adds a figure to the report and shows it. */
    Figure record(Figure f) {
        report.figure(f, Machine.load());
        progress("    " + f.name() + " = " + f.medianText() + String.format(Locale.ROOT, " (±%.1f%%)", f.spreadPercent()));
        return f;
    }

    /**
     * Runs the benchmark methods of {@code cls} matching {@code methods} with {@code threads} threads (0: the class's
     * own) on {@code bench}; {@link #keep}s each figure, adds its profiler results to the report, and returns the
     * figures.
     */
    List<Figure> jmh(JmhBench bench, Class<?> cls, String methods, int threads, String prefix,
            Map<String, String> params, String logName) throws IOException, RunnerException {
        List<Figure> out = new ArrayList<>();
        for (JmhBench.Outcome o : bench.run(cls, methods, threads, prefix, params, logName)) {
            out.add(keep(o.figure()));
            report.profile(o.figure().name(), o.secondary());
        }
        return out;
    }

    /** {@link #jmh(JmhBench, Class, String, int, String, Map, String)}: every method, as the class sets it. */
    List<Figure> jmh(Class<?> cls, String prefix, String logName) throws IOException, RunnerException {
        return jmh(jmh, cls, ".*", 0, prefix, Map.of(), logName);
    }

    /** Runs bench_gettid once per invocation and {@link #keep}s its figures: the groups that compare with it share them. */
    void cGettid() throws IOException, InterruptedException {
        if (!gettidRan) {
            String rounds = quick ? "7" : "21";
            progress("[C] bench_gettid: " + rounds + " rounds of 200,000 calls per variant");
            c.run("bench_gettid", "--rounds", rounds, "--warmup", "3").forEach(this::keep);
            gettidRan = true;
        }
    }

    /**
     * The C programs and JMH of a group that times wake-ups, pinned to {@code --pin}'s CPU or else to the last CPU
     * this process may use: waking an idle vCPU costs tens of microseconds here and would swamp the figure.
     *
     * @param cpu   the CPU
     * @param asked whether {@code --pin} chose it (else it is the group's default)
     */
    record Pinned(int cpu, boolean asked, NativeBench c, JmhBench jmh) {}

    /** {@link Pinned} for {@code group}; shows {@code "[group] " + what + "pinned to CPU n"}. */
    Pinned pinned(String group, String what) {
        int cpu = pin.orElseGet(Machine::lastAllowedCpu);
        OptionalInt p = OptionalInt.of(cpu);
        progress("[" + group + "] " + what + "pinned to CPU " + cpu + (pin.isPresent() ? "" : " (this group's default)"));
        return new Pinned(cpu, pin.isPresent(), c.pinned(p), new JmhBench(jmh.quick(), p, jmh.profilers(),
                jmh.logDir()));
    }

    /** Seconds since the run started. */
    double elapsed() {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A progress line, with the time since the start. */
    void progress(String message) {
        System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsed(), message);
        System.out.flush();
    }
}
