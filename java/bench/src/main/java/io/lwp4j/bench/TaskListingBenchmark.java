package io.lwp4j.bench;

import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Listing every task of another process: {@link Tasks#of(long)}, warm. The target is a
 * {@code native/bench/thread_farm} process that the runner starts (and passes as {@code -p pid=...}); the C
 * reference is {@code native/bench/bench_proc_reader} on the same target, the peer is {@code ps -L -p PID}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TaskListingBenchmark {

    /** The process to list: required (the runner passes its thread_farm's pid). */
    @Param("0")
    public int pid;

    /** The listing must find at least this many tasks, or the target is not what the runner started. */
    @Param("1")
    public int minTasks;

    @Setup
    public void checkTarget() {
        if (pid <= 0) {
            throw new IllegalArgumentException("give the target with -p pid=<PID> (java/bench/run list starts a "
                    + "thread_farm target and passes it)");
        }
        int found = list().size();
        if (found < minTasks) {
            throw new IllegalStateException("Tasks.of(" + pid + ") found " + found + " tasks, expected at least "
                    + minTasks);
        }
    }

    @Benchmark
    public List<TaskInfo> list() {
        return Tasks.of(pid);
    }
}
