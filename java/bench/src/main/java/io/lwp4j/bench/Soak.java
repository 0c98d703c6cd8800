package io.lwp4j.bench;

import io.lwp4j.Lwp4j;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The soak run (outside CI's time budget; {@code java/bench/soak}): many spawn/join cycles of raw tasks,
 * alternating thread-like tasks and process-like tasks sharing the JVM's memory ({@code CLONE_VM}), with one
 * fork-like task (without it) every {@value #FORK_EVERY} cycles, while this JVM's RSS, file descriptors, mappings, threads and zombie children are sampled. Writes a
 * markdown report and exits 1 unless every figure stayed within 1% of its first value after warm-up (zombies: none).
 *
 * <p>Each cycle spawns one task whose program adds 1 to a shared counter and exits 7, joins it, and checks the exit
 * code; at the end the counter must equal the number of cycles. A sample is taken after {@link System#gc()}, so the
 * heap's own breathing does not hide or fake a leak; run it with a fixed heap ({@code -Xms} = {@code -Xmx}, as the
 * script does).
 *
 * <p>Usage: {@code Soak [--cycles N] [--samples S] [--warmup-percent P] [--report FILE] [--only thread|vm|fork]}.
 */
public final class Soak {
    private Soak() {}

    /** Every this-many cycles one is fork-like (see the report's text for why so few). */
    static final int FORK_EVERY = 1000;

    /** One sample of the process's resources. */
    record Sample(long cycle, double seconds, long rssKb, long fds, long mappings, long threads, long zombies,
            long children) {}

    public static void main(String[] args) throws Exception {
        long cycles = 1_000_000;
        int samples = 50;
        int warmupPercent = 5;
        int only = -1;
        Path report = Paths.get("SOAK.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cycles" -> cycles = Long.parseLong(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--warmup-percent" -> warmupPercent = Integer.parseInt(args[++i]);
                case "--report" -> report = Paths.get(args[++i]);
                case "--only" -> only = List.of("thread", "vm", "fork").indexOf(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--cycles N --samples S --warmup-percent P --report FILE)");
            }
        }
        Lwp4j.ensureAvailability();
        List<Set<CloneFlag>> kinds = List.of(CloneFlag.threadPreset(), EnumSet.of(CloneFlag.CLONE_VM),
                CloneFlag.processPreset());
        String load0 = loadavg();
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        long every = Math.max(1, cycles / samples);
        long warmup = cycles * warmupPercent / 100;
        List<Sample> taken = new ArrayList<>();
        long[] perKind = new long[kinds.size()];
        long[] nanosPerKind = new long[kinds.size()];
        try (NativeMemory counter = NativeMemory.createShared(4096)) {
            TaskProgram p = TaskProgram.builder().add(counter, 0, 1, TaskProgram.AddMode.ATOMIC).exit(7).build();
            taken.add(sample(0, t0));
            for (long c = 1; c <= cycles; c++) {
                int k = only >= 0 ? only : c % FORK_EVERY == 0 ? 2 : (int) (c % 2);
                long c0 = System.nanoTime();
                RawTask t = RawTask.spawn(kinds.get(k), p);
                if (!t.join(Duration.ofSeconds(60)) || t.exitCode().getAsInt() != 7) {
                    throw new IllegalStateException("cycle " + c + ": " + t + " did not end with 7: " + t.exitCode());
                }
                nanosPerKind[k] += System.nanoTime() - c0;
                perKind[k]++;
                if (c % every == 0 || c == warmup) {
                    Sample s = sample(c, t0);
                    taken.add(s);
                    System.err.printf(Locale.ROOT, "soak: %,d/%,d cycles, %.0f s, RSS %,d kB, fds %d, mappings %d, "
                            + "threads %d, zombies %d%n", c, cycles, s.seconds(), s.rssKb(), s.fds(), s.mappings(),
                            s.threads(), s.zombies());
                }
            }
            if (counter.getLongAcquire(0) != cycles) {
                throw new IllegalStateException("counter " + counter.getLongAcquire(0) + " after " + cycles
                        + " cycles");
            }
        }
        boolean flat = write(report, cycles, warmup, taken, perKind, nanosPerKind, start, load0);
        System.err.println("soak: report in " + report.toAbsolutePath() + (flat ? " (flat)" : " (NOT FLAT)"));
        System.exit(flat ? 0 : 1);
    }

    private static Sample sample(long cycle, long t0) throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(100); // let the cleaner and reference processing settle
        long rss = 0;
        for (String l : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        long self = ProcessHandle.current().pid();
        long zombies = 0;
        long children = 0;
        try (DirectoryStream<Path> d = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
            for (Path p : d) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"), StandardCharsets.ISO_8859_1);
                } catch (IOException gone) {
                    continue;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(f[1]) == self) {
                    children++;
                    if (f[0].equals("Z")) {
                        zombies++;
                    }
                }
            }
        }
        return new Sample(cycle, (System.nanoTime() - t0) / 1e9, rss, count("/proc/self/fd"),
                Files.readAllLines(Paths.get("/proc/self/maps"), StandardCharsets.ISO_8859_1).size(),
                count("/proc/self/task"), zombies, children);
    }

    private static long count(String dir) throws IOException {
        try (var s = Files.list(Paths.get(dir))) {
            return s.count();
        }
    }

    private static String loadavg() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Writes the report; true when every figure after warm-up stayed within 1% of its first value. */
    private static boolean write(Path report, long cycles, long warmup, List<Sample> samples, long[] perKind,
            long[] nanosPerKind, Instant start, String load0) throws IOException {
        List<Sample> after = samples.stream().filter(s -> s.cycle() >= warmup).toList();
        Sample base = after.get(0);
        Sample last = samples.get(samples.size() - 1);
        StringBuilder b = new StringBuilder();
        b.append("# Soak run: ").append(String.format(Locale.ROOT, "%,d", cycles))
                .append(" raw-task spawn/join cycles\n\n");
        b.append("Written by `java/bench/soak` (`io.lwp4j.bench.Soak`). Each cycle spawns one raw task ")
                .append("whose program adds 1 to a shared counter and exits 7, joins it and checks the exit code. ")
                .append("The kinds alternate: thread-like (thread preset) and process-like with `CLONE_VM`, and every ")
                .append(String.format(Locale.ROOT, "%,d", FORK_EVERY)).append("th cycle is fork-like (no flags: ")
                .append("process-like without `CLONE_VM`). Fork-like cycles are rare because each one marks the ")
                .append("JVM's whole private memory copy-on-write, so the JVM then takes a page fault on every page ")
                .append("it writes (the cost of `fork()` in a JVM, not of lwp4j; see the mean below). Every sample ")
                .append("follows a `System.gc()`, with a fixed, pre-touched heap.\n\n");
        b.append("- started ").append(start).append(", took ")
                .append(String.format(Locale.ROOT, "%.0f s (%.0f cycles/s)", last.seconds(),
                        cycles / last.seconds())).append('\n');
        b.append(String.format(Locale.ROOT, "- cycles by kind (mean spawn+join): thread-like %,d (%s), process-like "
                + "with CLONE_VM %,d (%s), fork-like %,d (%s)%n", perKind[0], mean(nanosPerKind[0], perKind[0]),
                perKind[1], mean(nanosPerKind[1], perKind[1]), perKind[2], mean(nanosPerKind[2], perKind[2])));
        b.append("- JDK: ").append(Machine.jdk()).append("; backend: ")
                .append(Lwp4j.backendName()).append('\n');
        b.append("- kernel: ").append(Machine.kernel()).append("; CPU: ").append(Machine.cpu()).append('\n');
        b.append("- load average (1, 5, 15 min, runnable/total, last pid): at start `").append(load0)
                .append("`, at end `").append(loadavg()).append("` (a shared machine)\n");
        b.append(String.format(Locale.ROOT, "- warm-up: the first %,d cycles; the baseline is the sample at "
                + "cycle %,d%n%n", warmup, base.cycle()));
        b.append("## Flatness after warm-up (limit: 1% of the baseline; zombies: none)\n\n");
        b.append("| figure | baseline | min | max | largest deviation | verdict |\n|---|---:|---:|---:|---:|---|\n");
        boolean flat = true;
        flat &= row(b, "RSS (kB)", after, Sample::rssKb, false);
        flat &= row(b, "file descriptors", after, Sample::fds, false);
        flat &= row(b, "mappings (/proc/self/maps lines)", after, Sample::mappings, false);
        flat &= row(b, "threads (/proc/self/task)", after, Sample::threads, false);
        flat &= row(b, "zombie children", after, Sample::zombies, true);
        flat &= row(b, "children (any state)", after, Sample::children, true);
        b.append("\nVerdict: **").append(flat ? "flat" : "NOT flat").append("**.\n\n");
        b.append("## Samples\n\n| cycle | s | RSS kB | fds | mappings | threads | zombies | children |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Sample s : samples) {
            b.append(String.format(Locale.ROOT, "| %,d | %.0f | %,d | %d | %d | %d | %d | %d |%n", s.cycle(),
                    s.seconds(), s.rssKb(), s.fds(), s.mappings(), s.threads(), s.zombies(), s.children()));
        }
        Path dir = report.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(report, b.toString());
        return flat;
    }

    private static String mean(long nanos, long n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%.0f µs", nanos / 1e3 / n);
    }

    private static boolean row(StringBuilder b, String name, List<Sample> after,
            java.util.function.ToLongFunction<Sample> f, boolean mustBeZero) {
        long base = f.applyAsLong(after.get(0));
        long min = after.stream().mapToLong(f).min().orElse(0);
        long max = after.stream().mapToLong(f).max().orElse(0);
        long dev = Math.max(Math.abs(max - base), Math.abs(base - min));
        boolean ok = mustBeZero ? max == 0 : dev * 100 <= base;
        String pct = base == 0 ? String.valueOf(dev) : String.format(Locale.ROOT, "%d (%.2f%%)", dev, 100.0 * dev / base);
        b.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %s | %s |%n", name, base, min, max, pct,
                ok ? "ok" : "**over**"));
        return ok;
    }
}
