package io.lwp4j.bench;

import io.lwp4j.proc.ThreadLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code tasks} group's steps that are not JMH, run by the runner in their own (pinned) JVM and printing
 * {@code bench_kit.h}'s JSON lines:
 *
 * <pre>
 * BlockedTasks memory N [--rounds R]   memory per blocked raw task, by component (KiB/task), as
 *                                      native/bench/bench_blocked measures C pthreads: tasks.mem.raw.*
 * BlockedTasks alive N                 how many blocked raw tasks can be alive at once: spawn until N or the
 *                                      first failure, then release and join all: tasks.alive.*
 * </pre>
 * Every herd of tasks is released and joined in a {@code finally}; a watchdog halts the JVM (which ends every task
 * with it) if a step hangs for 10 minutes.
 */
public final class BlockedTasks {
    private static final Duration RUNNING = Duration.ofSeconds(60);

    private BlockedTasks() {}

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(10));
                System.err.println("BlockedTasks: still running after 10 minutes; halting (this ends every task)");
                Runtime.getRuntime().halt(4);
            } catch (InterruptedException e) {
                // the step ended
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int rc;
        try {
            rc = run(System.out, args);
        } catch (IllegalArgumentException e) {
            System.err.println("BlockedTasks: " + e.getMessage());
            rc = 2;
        }
        System.out.flush();
        System.exit(rc);
    }

    /** Runs one step, printing its lines to {@code out}; returns the exit status (0, or 3 when a step failed). */
    static int run(PrintStream out, String... args) throws InterruptedException, IOException {
        if (args.length < 2 || !args[1].matches("[1-9][0-9]{0,6}")) {
            throw new IllegalArgumentException("usage: BlockedTasks memory N [--rounds R] | alive N");
        }
        int n = Integer.parseInt(args[1]);
        out.println("{\"env\":1,\"jdk\":\"" + clean(Runtime.version().toString()) + "\"}");
        int rounds = args.length == 4 && args[2].equals("--rounds") ? Integer.parseInt(args[3]) : 3;
        if (rounds < 1 || rounds > 100) {
            throw new IllegalArgumentException("--rounds is 1 to 100, not " + rounds);
        }
        return switch (args[0]) {
            case "memory" -> memory(out, n, rounds);
            case "alive" -> alive(out, n);
            default -> throw new IllegalArgumentException("unknown step " + args[0] + " (memory | alive)");
        };
    }

    /** Memory per blocked task: a warm-up herd, then {@code rounds} measured herds of {@code n}. */
    private static int memory(PrintStream out, int n, int rounds) throws InterruptedException, IOException {
        String[] names = MemSample.COMPONENTS;
        double[][] per = new double[names.length][rounds];
        for (int r = -1; r < rounds; r++) {
            MemSample before = MemSample.now();
            MemSample during;
            try (TaskHerd herd = new TaskHerd()) {
                if (herd.spawnUpTo(n) < n) {
                    out.println(note("memory per blocked raw task: only " + herd.size() + " of " + n
                            + " tasks could be spawned: " + herd.failure().getMessage()));
                    return 3;
                }
                herd.awaitRunning(RUNNING);
                Thread.sleep(100); // let the last ones reach their futex wait
                during = MemSample.now();
            }
            if (r >= 0) {
                double[] d = during.perTaskKiB(before, n);
                for (int i = 0; i < names.length; i++) {
                    per[i][r] = d[i];
                }
            }
            Thread.sleep(300); // RCU frees the exited tasks' structures a little later
        }
        for (int i = 0; i < names.length; i++) {
            out.println(json(Figure.of("tasks.mem.raw." + names[i], "KiB/task", per[i], "java"),
                    Map.of("n", (long) n)));
        }
        return 0;
    }

    /** Spawns blocked tasks until {@code target} or the first failure; then releases and joins them all. */
    private static int alive(PrintStream out, int target) throws InterruptedException, IOException {
        long pidMax = sysctl("/proc/sys/kernel/pid_max");
        long threadsMax = sysctl("/proc/sys/kernel/threads-max");
        long systemTasks = MemSample.systemTasks();
        MemSample before = MemSample.now();
        int alive;
        long inProc = -1;
        long spawnNs;
        long joinNs;
        MemSample during = null;
        String limits;
        RuntimeException failure;
        long t0 = System.nanoTime();
        TaskHerd herd = new TaskHerd();
        try {
            alive = herd.spawnUpTo(target);
            spawnNs = System.nanoTime() - t0;
            failure = herd.failure();
            herd.awaitRunning(RUNNING);
            during = MemSample.now();
            // Read while the tasks are alive: the counts then include them.
            limits = "pid_max=" + pidMax + ", " + systemTasks + " tasks on the system before; "
                    + ThreadLimits.current().describe();
            try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
                inProc = s.count();
            }
        } finally {
            long t1 = System.nanoTime();
            herd.close(); // opens the gate and joins every task, also after a failure above
            joinNs = System.nanoTime() - t1;
        }
        if (alive == 0) {
            out.println(note("raw tasks alive at once: not even one could be spawned: " + failure.getMessage()));
            return 3;
        }
        Map<String, Long> extra = new LinkedHashMap<>();
        extra.put("target", (long) target);
        extra.put("inProcSelfTask", inProc);
        extra.put("pidMax", pidMax);
        extra.put("threadsMax", threadsMax);
        extra.put("systemTasksBefore", systemTasks);
        extra.put("spawnMs", spawnNs / 1_000_000);
        extra.put("joinMs", joinNs / 1_000_000);
        double[] d = during.perTaskKiB(before, alive);
        extra.put("totalBytesPerTask", Math.round(d[d.length - 1] * 1024));
        out.println(json(new Figure("tasks.alive.raw", "tasks", alive, alive, alive, alive, alive, 1, "java",
                Map.of()), extra));
        out.println(json(Figure.of("tasks.alive.spawn", "us/op", new double[] {spawnNs / 1e3 / alive}, "java"),
                Map.of("n", (long) alive)));
        out.println(json(Figure.of("tasks.alive.join", "us/op", new double[] {joinNs / 1e3 / alive}, "java"),
                Map.of("n", (long) alive)));
        out.println(note(failure == null
                ? "raw tasks alive at once: " + alive + " (the target), all seen in /proc/self/task (" + inProc
                        + " tasks with the JVM's own); " + limits
                : "raw tasks alive at once: spawning stopped at " + alive + " of " + target + ": "
                        + failure.getMessage() + " (" + limits + ")"));
        return 0;
    }

    private static long sysctl(String path) {
        return Machine.read(path).map(Long::parseLong).orElse(-1L);
    }

    /** A result line in bench_kit.h's format. */
    static String json(Figure f, Map<String, Long> extra) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "{\"name\":\"%s\",\"unit\":\"%s\","
                + "\"median\":%.4f,\"p25\":%.4f,\"p75\":%.4f,\"min\":%.4f,\"max\":%.4f,\"rounds\":%d", f.name(),
                f.unit(), f.median(), f.p25(), f.p75(), f.min(), f.max(), f.rounds()));
        extra.forEach((k, v) -> b.append(",\"").append(k).append("\":").append(v));
        return b.append('}').toString();
    }

    /** A note line for the report. */
    static String note(String text) {
        return "{\"note\":\"" + clean(text) + "\"}";
    }

    /** No quote, backslash or line break: the runner's parser takes strings without escapes. */
    private static String clean(String s) {
        return String.valueOf(s).replace('"', '\'').replace('\\', '/').replaceAll("\\s+", " ").strip();
    }
}
