package io.lwp4j.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The runner's {@code list} group: listing a {@code thread_farm} process of each {@code --sizes} thread count with
 * {@code Tasks.of(pid)} ({@link TaskListingBenchmark}) against the C {@code /proc} reader and {@code ps -L -p}.
 */
final class ListGroup extends Group {

    ListGroup() {
        super("list", List.of(TaskListingBenchmark.class),
                "Tasks.of(pid) on a thread_farm process (JMH) vs a C /proc reader", "and ps -L -p");
    }

    @Override
    void run(BenchRun run) {
        for (int size : run.sizes()) {
            run.attempt("list " + size, () -> list(run, size));
        }
    }

    /** Listing a process of {@code size} threads: Tasks.of (JMH) against bench_proc_reader and ps -L -p. */
    private static void list(BenchRun run, int size) throws IOException, InterruptedException {
        NativeBench c = run.c();
        String label = "list " + String.format(Locale.ROOT, "%,d", size) + " threads (`Tasks.of(pid)`)";
        run.progress("[list " + size + "] starting thread_farm " + size);
        try (ThreadFarm farm = ThreadFarm.start(c.program("thread_farm"), size, Duration.ofMinutes(2))) {
            String pid = Long.toString(farm.pid());
            String prefix = "list." + size + ".";

            run.progress("[list " + size + "] C bench_proc_reader on pid " + pid);
            Figure cRef = c.run("bench_proc_reader", pid, "--rounds", run.quick() ? "5" : "15", "--warmup", "2")
                    .get(0).named(prefix + "c");
            run.record(cRef);
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
                int psRounds = run.quick() ? 3 : size > 5000 ? 7 : 11;
                run.progress("[list " + size + "] ps -L -p " + pid + ": " + psRounds + " runs");
                peer = run.record(PeerTimer.time(prefix + "ps", ps, 1, psRounds));
            }

            Figure java = null;
            run.progress("[list " + size + "] JMH TaskListingBenchmark on pid " + pid);
            try {
                for (JmhBench.Outcome o : run.jmh().run(TaskListingBenchmark.class, prefix,
                        Map.of("pid", pid, "minTasks", Integer.toString(farm.tasks())), "jmh-list-" + size)) {
                    java = run.record(o.figure().named(prefix + "java"));
                    run.report().profile(java.name(), o.secondary());
                }
            } catch (IOException | RunnerException | RuntimeException e) {
                // Keep the C and ps figures: report the row, and the failure.
                run.fail("JMH list " + size, e);
                note = "JMH failed: " + String.valueOf(e.getMessage()).strip().replace('\n', ' ');
            }
            run.report().row(new Report.Row(label, java, cRef, "C /proc reader", peer, "ps -L -p",
                    size == 10000 ? Target.timesCAndFasterThanPeer(1.3, 3) : Target.NONE, note));
            run.progress("[list " + size + "] stopping thread_farm");
        }
    }
}
