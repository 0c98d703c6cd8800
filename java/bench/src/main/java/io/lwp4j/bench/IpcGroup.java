package io.lwp4j.bench;

import io.lwp4j.cli.demo.IpcLinks;
import io.lwp4j.ipc.MessageChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The runner's {@code ipc} group: lwp4j's {@link MessageChannel} between two JVMs against two C processes
 * on the same layout ({@code bench_ipc_channel c2c}), a Unix domain socket and a pipe between the same JVMs
 * ({@link ChannelBench}, pinned to one CPU as the futex group's wake-up steps are), and the CPU an idle receiver
 * burns (its thread's {@code schedstat} over {@value #IDLE_SECONDS} s).
 */
final class IpcGroup extends Group {
    static final int IDLE_SECONDS = 5;

    IpcGroup() {
        super("ipc", List.of(ChannelBench.class, AeronBench.class),
                "MessageChannel between two JVMs (round trip, one way) vs C on the",
                "same layout, a Unix socket and a pipe; Aeron IPC (unpinned); idle",
                "receiver CPU. Pinned like futex");
    }

    /** Pinned like the futex group's wake-up steps, except the Aeron step. */
    @Override
    void run(BenchRun run) {
        BenchRun.Pinned p = run.pinned("ipc", "");
        run.attempt("ipc messages", () -> messages(run, p));
        run.attempt("ipc aeron", () -> aeron(run));
        run.attempt("ipc idle", () -> idle(run));
        run.report().note("The ipc group ran pinned to CPU " + p.cpu() + " (C programs, JMH fork and the echo JVMs), "
                + "except the Aeron rows and the channel rows beside them (unpinned: Aeron polls).");
    }

    /** Round trip and one-way time per message: the channel against C, a Unix socket and a pipe. */
    private static void messages(BenchRun run, BenchRun.Pinned p)
            throws IOException, InterruptedException, RunnerException {
        Map<String, Figure> f = run.figures();
        Report report = run.report();
        String rounds = run.quick() ? "5" : "11";
        run.progress("[ipc] C bench_ipc_channel c2c: " + rounds + " rounds");
        p.c().run("bench_ipc_channel", "c2c", "--rounds", rounds, "--warmup", "2", "--ops", run.quick() ? "5000"
                : "20000", "--messages", run.quick() ? "200000" : "1000000").forEach(run::keep);
        run.progress("[ipc] JMH ChannelBench (channel, Unix socket, pipe; round trip and one way)");
        run.jmh(p.jmh(), ChannelBench.class, ".*", 0, "ipc.", Map.of(), "jmh-ipc");
        report.row(new Report.Row("round trip of a 64-byte message between two JVMs, `MessageChannel`",
                f.get("ipc.channelRoundTrip"), f.get("ipc.c.channel.rtt"), "C: two processes, same layout",
                f.get("ipc.unixSocketRoundTrip"), "a Unix domain socket between the same JVMs",
                Target.timesCAndFasterThanPeer(1.2, 1.5), null));
        report.row(new Report.Row("… against a pipe between the same JVMs", f.get("ipc.channelRoundTrip"), null,
                null, f.get("ipc.pipeRoundTrip"), "a pipe", Target.NONE, null));
        report.row(new Report.Row("one-way stream of 64-byte messages, time per message (1 / throughput), "
                + "`MessageChannel`", f.get("ipc.channelOneWay"), f.get("ipc.c.channel.oneway"),
                "C: two processes, same layout", f.get("ipc.unixSocketOneWay"), "a Unix domain socket",
                Target.timesCAndFasterThanPeer(Double.NaN, 10), null));
        report.row(new Report.Row("… against a pipe", f.get("ipc.channelOneWay"), null, null,
                f.get("ipc.pipeOneWay"), "a pipe", Target.NONE, null));
    }

    /**
     * Aeron IPC between two JVMs (default and sleeping idle strategies) against the channel, both unpinned: a
     * polling design pinned to one CPU would only measure preemption.
     */
    private static void aeron(BenchRun run) throws IOException, InterruptedException, RunnerException {
        Map<String, Figure> f = run.figures();
        Report report = run.report();
        run.progress("[ipc] JMH AeronBench (backoff, sleeping) and ChannelBench.channel*, unpinned");
        run.jmh(run.jmh(), ChannelBench.class, "channel.*", 0, "ipc.unpinned.", Map.of(), "jmh-ipc-unpinned");
        run.jmh(run.jmh(), AeronBench.class, ".*", 0, "ipc.aeron.", Map.of(), "jmh-ipc-aeron");
        for (String idle : new String[] {"backoff", "sleeping"}) {
            String label = "Aeron IPC, " + (idle.equals("backoff") ? "default `BackoffIdleStrategy`"
                    : "`SleepingMillisIdleStrategy(1)`");
            report.row(new Report.Row("one-way stream of 64-byte messages, time per message, `MessageChannel` "
                    + "(unpinned) against " + label, f.get("ipc.unpinned.channelOneWay"), null, null,
                    aeronFigure(f, "oneWay", idle), label, Target.timesCAndFasterThanPeer(Double.NaN, 0.8), null));
            report.row(new Report.Row("… round trip, against " + label, f.get("ipc.unpinned.channelRoundTrip"), null,
                    null, aeronFigure(f, "roundTrip", idle), label, Target.NONE, null));
        }
    }

    /** JMH names a parameterised figure with its parameter; find it either way. */
    private static Figure aeronFigure(Map<String, Figure> f, String method, String idle) {
        for (Map.Entry<String, Figure> e : f.entrySet()) {
            if (e.getKey().startsWith("ipc.aeron." + method) && e.getKey().contains(idle)) {
                return e.getValue();
            }
        }
        return f.get("ipc.aeron." + method);
    }

    /** The CPU of an idle receiving thread, for the channel, a Unix socket and a pipe. */
    private static void idle(BenchRun run) throws IOException, InterruptedException {
        Map<String, Figure> f = run.figures();
        Report report = run.report();
        run.progress("[ipc] idle receivers: " + IDLE_SECONDS + " s");
        try (ChannelPeers peers = ChannelPeers.start("lwp4j-bench-idle-" + ProcessHandle.current().pid())) {
            List<IpcLinks.Link> links = peers.links();
            List<Process> processes = peers.processes();
            String[] names = {"ipc.idle.channel", "ipc.idle.unixSocket", "ipc.idle.pipe"};
            int[] tids = new int[3];
            long[] before = new long[3];
            byte[] m = new byte[IpcLinks.MESSAGE];
            for (int i = 0; i < 3; i++) {
                links.get(i).send(m);
                links.get(i).receive(m);
                tids[i] = (int) ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getLong(16);
            }
            Thread.sleep(500); // past the receivers' spin
            for (int i = 0; i < 3; i++) {
                before[i] = cpuNanos(processes.get(i).pid(), tids[i]);
            }
            long t0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
            long wall = System.nanoTime() - t0;
            for (int i = 0; i < 3; i++) {
                double pct = 100.0 * (cpuNanos(processes.get(i).pid(), tids[i]) - before[i]) / wall;
                run.keep(Figure.of(names[i], "%CPU", new double[] {pct}, "schedstat"));
            }
        }
        for (String idle : new String[] {"backoff", "sleeping"}) {
            Process a = null;
            try {
                a = AeronBench.start("/dev/shm/lwp4j-aeron-idle-" + ProcessHandle.current().pid() + "-" + idle,
                        idle);
                Thread.sleep(500);
                long b0 = processCpuNanos(a.pid());
                long t1 = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
                double pct = 100.0 * (processCpuNanos(a.pid()) - b0) / (System.nanoTime() - t1);
                run.keep(Figure.of("ipc.idle.aeron." + idle, "%CPU", new double[] {pct}, "schedstat"));
            } catch (Exception e) {
                run.progress("[ipc] Aeron idle (" + idle + ") failed: " + e);
            } finally {
                if (a != null) {
                    a.destroy();
                    a.waitFor(10, TimeUnit.SECONDS);
                    a.destroyForcibly();
                }
            }
        }
        report.row(new Report.Row("an idle receiver's CPU over " + IDLE_SECONDS + " s (% of one CPU), "
                + "`MessageChannel`", f.get("ipc.idle.channel"), null, null, f.get("ipc.idle.unixSocket"),
                "a Unix domain socket", Target.atMost(0.5, "%CPU"), null));
        report.row(new Report.Row("… against a pipe", f.get("ipc.idle.channel"), null, null, f.get("ipc.idle.pipe"),
                "a pipe", Target.NONE, null));
        report.row(new Report.Row("… against Aeron IPC, default `BackoffIdleStrategy` (the whole echo JVM: poll loop "
                + "and embedded driver)", f.get("ipc.idle.channel"), null, null, f.get("ipc.idle.aeron.backoff"),
                "Aeron, backoff", Target.NONE, null));
        report.row(new Report.Row("… against Aeron IPC, `SleepingMillisIdleStrategy(1)` (the whole echo JVM)",
                f.get("ipc.idle.channel"), null, null, f.get("ipc.idle.aeron.sleeping"), "Aeron, sleeping",
                Target.NONE, null));
    }

    /** A process's CPU time in nanoseconds: the sum of its threads' {@code schedstat}. */
    static long processCpuNanos(long pid) throws IOException {
        long sum = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Paths.get("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    sum += Long.parseLong(Files.readString(t.resolve("schedstat")).trim().split(" ")[0]);
                } catch (IOException e) {
                    // the thread ended
                }
            }
        }
        return sum;
    }

    /** A thread's CPU time in nanoseconds ({@code schedstat}). */
    static long cpuNanos(long pid, int tid) throws IOException {
        String s = Files.readString(Paths.get("/proc", Long.toString(pid), "task", Integer.toString(tid),
                "schedstat")).trim();
        return Long.parseLong(s.split(" ")[0]);
    }
}
