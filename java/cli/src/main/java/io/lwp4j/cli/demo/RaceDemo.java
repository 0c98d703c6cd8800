package io.lwp4j.cli.demo;

import io.lwp4j.memory.NativeMemory;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lwp4j demo race}: N tasks add M times to one counter — plainly, atomically, under a futex mutex. */
@Command(name = "race", description = "N raw tasks add M times to one counter: plainly (updates lost), atomically "
        + "and under the futex mutex (exact), timed.")
public final class RaceDemo extends DemoSupport implements Callable<Integer> {

    @Option(names = "--tasks", description = "How many tasks (default: ${DEFAULT-VALUE}).")
    int tasks = 4;

    @Option(names = "--adds", description = "Adds per task (default: ${DEFAULT-VALUE}).")
    long adds = 5_000_000;

    /** One mode's outcome. */
    record Result(String mode, long expected, long got, long millis) {}

    @Override
    public Integer call() throws Exception {
        if (tasks < 1 || tasks > 256 || adds < 1 || adds > 100_000_000) {
            throw new IllegalArgumentException("race: --tasks 1 to 256, --adds 1 to 100000000");
        }
        explain("race: " + tasks + " tasks each add " + adds + " to one shared counter",
                "PLAIN: load, add, store. Two tasks on two CPUs can load the same value and both store value + 1:",
                "one update is lost. ATOMIC: a locked add instruction, exact. FUTEX MUTEX: each add under lwp4j's",
                "three-state futex mutex (the same word layout the Java futex mutex uses), exact and slowest. All",
                "tasks wait at a gate so they start together; the time is from the gate's opening to the last join.");
        List<Result> results = new ArrayList<>();
        for (String mode : new String[] {"PLAIN", "ATOMIC", "FUTEX MUTEX"}) {
            results.add(run(mode));
        }
        if (json) {
            StringBuilder b = new StringBuilder("{\"demo\":\"race\",\"tasks\":").append(tasks).append(",\"adds\":")
                    .append(adds).append(",\"results\":[");
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                b.append(i == 0 ? "" : ",").append("{\"mode\":").append(Json.str(r.mode())).append(",\"expected\":")
                        .append(r.expected()).append(",\"got\":").append(r.got()).append(",\"lost\":")
                        .append(r.expected() - r.got()).append(",\"millis\":").append(r.millis()).append('}');
            }
            out.println(b.append("]}"));
        } else {
            out.printf("   %-12s %14s %14s %12s %9s%n", "MODE", "EXPECTED", "COUNTER", "LOST", "TIME ms");
            for (Result r : results) {
                out.printf("   %-12s %14d %14d %12d %9d%n", r.mode(), r.expected(), r.got(), r.expected() - r.got(),
                        r.millis());
            }
            if (results.get(0).got() == results.get(0).expected()) {
                out.println("\n   No update was lost this time: the tasks did not overlap (one CPU, or the scheduler ran"
                        + " them one\n   after another). Try more adds: lwp4j demo race --adds 20000000");
            }
        }
        return 0;
    }

    private Result run(String mode) throws Exception {
        try (NativeMemory counter = NativeMemory.create(4096);
                NativeMemory gate = NativeMemory.create(4096)) {
            TaskProgram.Builder b = TaskProgram.builder().setName("race-" + mode.charAt(0)).await(gate, 4, 0);
            switch (mode) {
                case "PLAIN" -> b.add(counter, 0, adds, TaskProgram.AddMode.PLAIN);
                case "ATOMIC" -> b.add(counter, 0, adds, TaskProgram.AddMode.ATOMIC);
                default -> b.addLocked(counter, 0, adds, counter, 64);
            }
            TaskProgram p = b.build();
            List<RawTask> ts = new ArrayList<>();
            long t0;
            try {
                for (int i = 0; i < tasks; i++) {
                    ts.add(RawTask.spawn(CloneFlag.threadPreset(), p));
                }
            } finally {
                t0 = System.nanoTime();
                Gates.open(gate);
                for (RawTask t : ts) {
                    t.join(Duration.ofMinutes(5));
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new Result(mode, tasks * adds, counter.getLongAcquire(0), ms);
        }
    }
}
