package io.lwp4j.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The runner's {@code tasks} group: raw tasks against C and Java threads, pinned to one CPU.
 * <ol>
 *   <li>spawn + join of one task: {@link TaskSpawnBenchmark} (RawTask, Thread, virtual thread) against
 *       {@code bench_spawn} (the shim driven from C, glibc clone, pthread_create);</li>
 *   <li>memory per blocked task: {@link BlockedTasks} {@code memory} against {@code bench_blocked} (C pthreads,
 *       and raw tasks made through the shim from C);</li>
 *   <li>blocked raw tasks alive at once: {@link BlockedTasks} {@code alive}.</li>
 * </ol>
 * Each is a step of its own: one that fails is reported and the others still run.
 */
final class TasksGroup extends Group {
    /** Memory per blocked task may be at most this (32 KB, read as KiB). */
    static final double MAX_KIB_PER_TASK = 32;
    /** Blocked raw tasks that must be alive at once. */
    static final int ALIVE_TARGET = 20_000;

    TasksGroup() {
        super("tasks", List.of(TaskSpawnBenchmark.class),
                "RawTask spawn+join (JMH) vs C (the shim, clone, pthread_create),",
                "Thread and virtual threads; memory per blocked task vs C pthreads;",
                "blocked raw tasks alive at once (aim 20,000). Pinned to one CPU",
                "(the last one allowed) unless --pin says which");
    }

    /**
     * Pinned to {@code --pin}'s CPU or else to the last CPU this process may use: its figures time wake-ups (a join),
     * and waking an idle vCPU costs tens of microseconds here.
     */
    @Override
    void run(BenchRun run) {
        BenchRun.Pinned p = run.pinned("tasks", "");
        run.attempt("tasks spawn", () -> spawn(run, p));
        run.attempt("tasks memory", () -> memory(run, p, javaCommand()));
        run.attempt("tasks alive", () -> alive(run, p, javaCommand()));
        run.report().note("The tasks group ran pinned to CPU " + p.cpu() + " (C programs, JMH fork and BlockedTasks "
                + "JVM)" + (p.asked() ? "." : ": its default, since it times wake-ups."));
    }

    /** Spawn + join: JMH and bench_spawn. */
    private static void spawn(BenchRun run, BenchRun.Pinned p)
            throws IOException, InterruptedException, RunnerException {
        Map<String, Figure> f = run.figures();
        Report report = run.report();
        String rounds = run.quick() ? "5" : "21";
        run.progress("[tasks] C bench_spawn: " + rounds + " rounds of 1,000 spawn+join per variant");
        // Rounds of some tens of milliseconds: on a shared machine a round that short of JMH's 1 s iterations
        // still averages over the other processes' bursts.
        p.c().run("bench_spawn", "--rounds", rounds, "--warmup", "3", "--ops", "1000").forEach(run::keep);
        run.progress("[tasks] JMH TaskSpawnBenchmark (raw task, Thread, virtual thread)");
        run.jmh(p.jmh(), TaskSpawnBenchmark.class, ".*", 0, "tasks.spawn.", Map.of(), "jmh-tasks");
        Figure raw = f.get("tasks.spawn.rawTask");
        String javaThread = "Java `new Thread().start()` + join";
        // RawTask keeps ended stacks in a cache (StackCache), as glibc does for pthreads: its like-for-like C reference
        // is the shim driven from C on a reused stack.
        report.row(new Report.Row("spawn+join one raw task (`RawTask.spawn`, thread preset, + `join`)", raw,
                f.get("spawn.shimreuse"), "C: the shim's `lwp_task_spawn` + CLEARTID futex wait, reused stack",
                f.get("tasks.spawn.platformThread"), javaThread, Target.timesCAndFasterThanPeer(1.25, 5), null));
        report.row(new Report.Row("… against a raw `clone()` in C without the shim, and a virtual thread", raw,
                f.get("spawn.clone"), "C: glibc `clone()`, reused stack", f.get("tasks.spawn.virtualThread"),
                "virtual thread start + join", Target.NONE, null));
        report.row(new Report.Row("… against the shim from C with a fresh mmapped stack per task (no cache)",
                raw, f.get("spawn.shim"), "C: `lwp_task_spawn`, mmap + munmap per task", null, null, Target.NONE,
                null));
        report.row(new Report.Row("… against `pthread_create` + join (64 KiB stack)", raw, f.get("spawn.pthread"),
                "C: `pthread_create` + `pthread_join`", null, null, Target.NONE, null));
    }

    /** Memory per blocked task: BlockedTasks memory against bench_blocked (pthread and shim). */
    private static void memory(BenchRun run, BenchRun.Pinned p, List<String> java)
            throws IOException, InterruptedException {
        Map<String, Figure> f = run.figures();
        Report report = run.report();
        String n = run.quick() ? "2000" : "10000";
        String rounds = run.quick() ? "1" : "3";
        run.progress("[tasks] C bench_blocked " + n + ": pthreads, then raw tasks through the shim (" + rounds
                + " rounds each)");
        p.c().run("bench_blocked", n, "--kind", "pthread", "--rounds", rounds, "--warmup", "1").forEach(run::keep);
        p.c().run("bench_blocked", n, "--kind", "shim", "--rounds", rounds, "--warmup", "1").forEach(run::keep);
        run.progress("[tasks] BlockedTasks memory " + n + " (RawTask, own JVM)");
        List<String> cmd = new ArrayList<>(java);
        cmd.addAll(List.of(BlockedTasks.class.getName(), "memory", n, "--rounds", rounds));
        p.c().runCommand(cmd, "java").forEach(run::keep);
        String ref = "C pthreads, 64 KiB stacks";
        report.row(new Report.Row("memory per blocked raw task, total: kernel stack + slab + page tables + RSS ("
                + n + " tasks)", f.get("tasks.mem.raw.total"), f.get("tasks.mem.pthread.total"), ref, null, null,
                Target.atMost(MAX_KIB_PER_TASK, "KiB/task"), null));
        String[][] parts = {{"kstack", "kernel stack (`KernelStack`)"}, {"slab", "slab (`Slab`)"},
            {"sunreclaim", "… of which `SUnreclaim`"}, {"pagetables", "page tables (`PageTables`)"},
            {"rss", "process RSS (`VmRSS`)"}};
        for (String[] part : parts) {
            report.row(new Report.Row("… " + part[1], f.get("tasks.mem.raw." + part[0]), f.get("tasks.mem.pthread."
                    + part[0]), ref, null, null, Target.NONE, null));
        }
        report.row(new Report.Row("… total, against raw tasks made through the shim from C", f.get(
                "tasks.mem.raw.total"), f.get("tasks.mem.cshim.total"), "C → lwp_task_spawn", null, null,
                Target.NONE, null));
        report.note("Memory per task is the growth of system-wide /proc/meminfo fields while the tasks wait, divided "
                + "by their number: other processes move it too (SReclaimable most), so read the spread and the "
                + "load; the figures in KiB (1024 bytes).");
    }

    /** Blocked raw tasks alive at once: BlockedTasks alive. */
    private static void alive(BenchRun run, BenchRun.Pinned p, List<String> java)
            throws IOException, InterruptedException {
        Map<String, Figure> f = run.figures();
        Report report = run.report();
        int target = run.quick() ? 5000 : ALIVE_TARGET;
        run.progress("[tasks] BlockedTasks alive " + target + " (RawTask, own JVM)");
        List<String> cmd = new ArrayList<>(java);
        cmd.addAll(List.of(BlockedTasks.class.getName(), "alive", Integer.toString(target)));
        int notesBefore = p.c().notes().size();
        p.c().runCommand(cmd, "java").forEach(run::keep);
        Figure alive = f.get("tasks.alive.raw");
        String extra = alive == null ? "" : String.format(Locale.ROOT, " (spawned in %,d ms, released and joined "
                + "in %,d ms)", alive.extra().get("spawnMs"), alive.extra().get("joinMs"));
        report.row(new Report.Row("blocked raw tasks alive at once" + extra, alive, null, null, null, null,
                Target.atLeast(target, "tasks"), null));
        report.row(new Report.Row("… spawning them, per task", f.get("tasks.alive.spawn"), null, null, null, null,
                Target.NONE, null));
        report.row(new Report.Row("… releasing and joining them, per task", f.get("tasks.alive.join"), null, null,
                null, null, Target.NONE, null));
        p.c().notes().subList(notesBefore, p.c().notes().size()).forEach(report::note);
    }

    /**
     * The command that starts a {@link BlockedTasks} JVM: this JVM's java and class path, native access, a fixed
     * heap, and this JVM's {@code lwp4j.*} system properties (the backend choice, the library path).
     */
    static List<String> javaCommand() {
        return PeerJvm.command(List.of(PeerJvm.NATIVE_ACCESS, "-Xms256m", "-Xmx256m"));
    }
}
