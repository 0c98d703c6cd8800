package io.lwp4j.cli;

import io.lwp4j.proc.ThreadSample;
import io.lwp4j.proc.ThreadSampler;
import io.lwp4j.proc.ThreadSamplerBuilder;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j top}: which thread burns the CPU, waits for one, or switches, and what it runs — {@code top -H}'s
 * figures per thread, the run-queue delay, and each JVM's Java thread names and stacks, from {@code /proc} and the
 * JVMs' own thread dumps (no {@code ps}, {@code top} or {@code jstack} needed). Full-screen on a terminal; {@code -b}
 * prints plain text, {@code --json} one JSON object per interval.
 */
@Command(name = "top", description = {"Threads by CPU, run-queue delay and context switches, joined with Java "
    + "threads and their stacks.", "Interactive on a terminal (keys: c s d w n sort, t stacks, / filter, "
    + "p processes, q quit); -b for text, --json for scripts."})
final class TopCommand implements Callable<Integer> {

    @Option(names = {"-p", "--pid"}, split = ",", paramLabel = "PID",
            description = "Processes to watch (default: every process; the JVMs among them with Java names).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = {"-d", "--delay"}, paramLabel = "SECONDS", description = "Interval (default ${DEFAULT-VALUE}).")
    double delay = 2;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", description = "Stop after N intervals (default: run "
            + "until quit or interrupted).")
    int iterations;

    @Option(names = {"-b", "--batch"}, description = "Plain text, one block per interval (like top -b).")
    boolean batch;

    @Option(names = "--json", description = "One JSON object per interval, one per line (implies -b).")
    boolean json;

    @Option(names = "--stacks", paramLabel = "K", description = "Stacks of the K busiest Java threads (default: 0 in "
            + "batch mode, 3 on the screen, shown with the t key).")
    Integer stacks;

    @Option(names = "--depth", paramLabel = "FRAMES", description = "Frames per stack (default ${DEFAULT-VALUE}).")
    int depth = 8;

    @Option(names = "--limit", paramLabel = "ROWS", description = "At most ROWS threads per interval (default: all "
            + "with -p, 40 without; on the screen, what fits).")
    Integer limit;

    @Option(names = "--sort", paramLabel = "KEY", description = "cpu, sys, delay, csw or name (default ${DEFAULT-VALUE}).")
    String sort = "cpu";

    @Option(names = "--switch-types", description = "Split context switches into voluntary and involuntary in the "
            + "JSON (reads every task's status each interval: a costlier sample).")
    boolean switchTypes;

    @Option(names = "--filter", paramLabel = "TEXT", description = "Only threads whose name (kernel or Java) holds TEXT.")
    String filter = "";

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (!(delay >= 0.1 && delay <= 3600)) {
            throw new IllegalArgumentException("-d must be between 0.1 and 3600 seconds: " + delay);
        }
        if (iterations < 0 || depth < 0 || (stacks != null && stacks < 0) || (limit != null && limit < 0)) {
            throw new IllegalArgumentException("-n, --stacks, --depth and --limit take numbers >= 0");
        }
        TopView.Sort order = sortOf(sort);
        if (!batch && !json) {
            Terminal terminal = interactiveTerminal();
            if (terminal != null) {
                try (terminal) {
                    return new TopScreen(this, terminal, order).run();
                }
            }
        }
        ThreadSampler sampler = sampler(pids, stacks == null ? 0 : stacks);
        int rows = limit != null ? limit : pids.isEmpty() ? 40 : 0;
        long step = (long) (delay * 1e9);
        long next = System.nanoTime() + step;
        for (int i = 0; iterations == 0 || i < iterations; i++) {
            sleepUntil(next);
            next += step;
            ThreadSampler.Sample s = sampler.sample();
            List<ThreadSample> shown = TopView.select(s, order, filter, rows);
            if (json) {
                out.println(TopView.json(s, shown));
            } else {
                for (String line : TopView.summary(s, 5)) {
                    out.println(line);
                }
                out.println();
                boolean ns = TopView.nsColumn(shown);
                out.println(TopView.header(ns));
                for (ThreadSample t : shown) {
                    out.println(TopView.row(t, ns));
                    TopView.stack(t).forEach(out::println);
                }
                out.println();
            }
            out.flush();
        }
        return 0;
    }

    /** A sampler of {@code which} (or every process), joined with Java threads, stacks for the K busiest. */
    ThreadSampler sampler(List<Integer> which, int stackThreads) {
        // CSW/s needs no split into voluntary and involuntary: schedstat counts them, and status stays unread.
        ThreadSamplerBuilder b = ThreadSampler.builder().javaThreads(true).stacks(stackThreads, depth)
                .contextSwitchTypes(switchTypes);
        if (which.isEmpty()) {
            b.allProcesses();
        } else {
            for (int p : which) {
                if (p <= 0) {
                    throw new IllegalArgumentException("a PID is a positive number, not " + p);
                }
            }
            b.processes(which.stream().mapToInt(Integer::intValue).toArray());
        }
        return b.build();
    }

    static TopView.Sort sortOf(String key) {
        try {
            return TopView.Sort.valueOf(key.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sort takes cpu, sys, delay, csw or name, not " + key);
        }
    }

    static void sleepUntil(long deadline) throws InterruptedException {
        long wait = deadline - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** The terminal for the full-screen view, or null when stdout is not one (then batch mode). */
    private static Terminal interactiveTerminal() {
        if (System.console() == null && !"1".equals(System.getenv("LWP4J_TOP_FORCE_TERMINAL"))) {
            return null;
        }
        try {
            Terminal t = TerminalBuilder.builder().system(true).dumb(true).build();
            if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
                t.close();
                return null;
            }
            return t;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
