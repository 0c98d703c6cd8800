package io.lwp4j.bench;

import io.lwp4j.proc.ThreadSampler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The runner's {@code top} group, side by side in one run:
 * <ol>
 *   <li>one {@link ThreadSampler#sample()} of a 10,000-thread {@code thread_farm} against
 *       {@code bench_proc_reader --mode sample} (the same files, parsed, in C; ≤ 1.3×) and procps
 *       {@code top -H -b -n 1 -p PID} (≥ 3× faster);</li>
 *   <li>{@code lwp4j ps}'s listing of it ({@code Tasks.ofInKernelOrder(pid, STAT)}) against {@code ps -L -p PID}
 *       (≥ 3× faster, the foundation issue's missed target) and {@code bench_proc_reader --mode stat}; and its whole
 *       output ({@code PsFormat.psEfL(pid)}) against {@code ps -Lf -p PID}, which prints the same lines;</li>
 *   <li>the sampler's own CPU at a 1 s interval on a 1,000-thread JVM (this one; ≤ 1% of one CPU).</li>
 * </ol>
 */
final class TopGroup extends Group {
    static final int FARM = 10_000;
    static final int JVM_THREADS = 1_000;

    TopGroup() {
        super("top", List.of(SamplerBench.class),
                "ThreadSampler.sample() of 10,000 threads vs C and top -H -b -n 1;",
                "lwp4j ps's listing vs ps -L -p; the sampler's own CPU at 1 s");
    }

    @Override
    void run(BenchRun run) {
        run.attempt("top sample and ps", () -> sampleAndPs(run));
        run.attempt("top sampler CPU", () -> samplerCpu(run));
    }

    /** Items 1 and 2: one thread_farm, every reader of it. */
    private static void sampleAndPs(BenchRun run) throws IOException, InterruptedException, RunnerException {
        NativeBench c = run.c();
        Report report = run.report();
        run.progress("[top] starting thread_farm " + FARM);
        try (ThreadFarm farm = ThreadFarm.start(c.program("thread_farm"), FARM, Duration.ofMinutes(3))) {
            String pid = Long.toString(farm.pid());
            Map<String, Figure> f = new HashMap<>();
            String rounds = run.quick() ? "5" : "15";
            for (String mode : List.of("sample", "sample-status", "stat")) {
                run.progress("[top] C bench_proc_reader --mode " + mode + " on pid " + pid);
                Figure x = c.run("bench_proc_reader", pid, "--mode", mode, "--rounds", rounds, "--warmup", "2").get(0)
                        .named("top." + mode + ".c");
                f.put(mode + ".c", run.record(x));
            }
            int peerRounds = run.quick() ? 3 : 7;
            Map<String, List<String>> peers = Map.of(
                    "top", List.of("top", "-H", "-b", "-n", "1", "-p", pid),
                    "ps", List.of("ps", "-L", "-p", pid),
                    "psf", List.of("ps", "-Lf", "-p", pid));
            for (Map.Entry<String, List<String>> e : peers.entrySet()) {
                String tool = e.getValue().get(0);
                if (!PeerTimer.onPath(tool)) {
                    report.note("no " + tool + " on this machine: " + String.join(" ", e.getValue())
                            + " was not measured");
                    continue;
                }
                run.progress("[top] " + String.join(" ", e.getValue()) + ": " + peerRounds + " runs");
                f.put(e.getKey(), run.record(PeerTimer.time("top.peer." + e.getKey(), c.command(e.getValue()), 1,
                        peerRounds)));
            }
            run.progress("[top] JMH SamplerBench (sample, psListing, psRows) on pid " + pid);
            for (Figure x : run.jmh(run.jmh(), SamplerBench.class, ".*", 0, "top.",
                    Map.of("pid", pid, "minTasks", Integer.toString(farm.tasks())), "jmh-top")) {
                f.put(x.name(), x);
            }
            report.row(new Report.Row("one sample of 10,000 threads (`ThreadSampler.sample()` as `lwp4j top` takes "
                    + "it: stat, schedstat)", f.get("top.sample"), f.get("sample.c"), "C, same files parsed",
                    f.get("top"), "top -H -b -n 1 -p", Target.timesCAndFasterThanPeer(1.3, 3), null));
            report.row(new Report.Row("… splitting voluntary/involuntary switches (`contextSwitchTypes(true)`: "
                    + "status too)", f.get("top.sampleSwitchTypes"), f.get("sample-status.c"), "C, same files parsed",
                    f.get("top"), "top -H -b -n 1 -p", Target.NONE, null));
            report.row(new Report.Row("`lwp4j ps` listing of 10,000 threads (`Tasks.ofInKernelOrder(pid, STAT)`)",
                    f.get("top.psListing"), f.get("stat.c"), "C, stat only", f.get("ps"), "ps -L -p",
                    new Target(Double.NaN, Double.NaN, "ns/op", Double.NaN, 3), null));
            report.row(new Report.Row("`lwp4j ps PID` output of 10,000 threads (`PsFormat.psEfL(pid)`)",
                    f.get("top.psRows"), null, null, f.get("psf"), "ps -Lf -p", Target.NONE, null));
        }
    }

    /** Item 3: this JVM with 1,000 more threads, sampled once a second; the CPU of each sample() call. */
    private static void samplerCpu(BenchRun run) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < JVM_THREADS; i++) {
                Thread t = new Thread(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "parked-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            int rounds = run.quick() ? 5 : 15;
            run.progress("[top] ThreadSampler.self() with " + JVM_THREADS + " more threads, once a second, "
                    + (rounds + 2) + " s");
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            ThreadSampler sampler = ThreadSampler.builder().contextSwitchTypes(false).build(); // as lwp4j top
            double[] pct = new double[rounds];
            int tasks = 0;
            long next = System.nanoTime();
            for (int r = -2; r < rounds; r++) {
                next += 1_000_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                long cpu0 = mx.getCurrentThreadCpuTime();
                ThreadSampler.Sample s = sampler.sample();
                long cpu1 = mx.getCurrentThreadCpuTime();
                tasks = s.threads().size();
                if (r >= 0) {
                    pct[r] = (cpu1 - cpu0) / 1e9 * 100 / Math.max(0.5, s.intervalSeconds());
                }
            }
            Figure fig = run.record(Figure.of("top.samplerCpu", "%CPU", pct, "ThreadMXBean"));
            run.report().row(new Report.Row("sampler's own CPU at a 1 s interval, JVM of " + tasks + " tasks "
                    + "(% of one CPU)", fig, null, null, null, null, Target.atMost(1, "%CPU"), null));
        } finally {
            release.countDown();
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
