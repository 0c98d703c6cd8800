package io.lwp4j.bench;

import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Listing every task of another process: {@link Tasks#of(int)}, warm. The target is a
 * {@code native/bench/thread_farm} process that the runner starts (and passes as {@code -p pid=...}); the C
 * reference is {@code native/bench/bench_proc_reader} on the same target, the peer is {@code ps -L -p PID}.
 */
public class TaskListingBenchmark extends FarmBenchmark {

    @Setup
    public void checkTarget() {
        requirePid();
        requireTasks("Tasks.of(pid)", list().size());
    }

    @Benchmark
    public List<TaskInfo> list() {
        return Tasks.of(pid);
    }
}
