package io.lwp4j.bench;

import io.lwp4j.ps.PsFormat;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import io.lwp4j.proc.ThreadSampler;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The {@code top} group's Java side, on a {@code thread_farm} process the runner starts: one
 * {@link ThreadSampler#sample()} of it as {@code lwp4j top} takes it (stat and schedstat of every task; and with
 * status too, for voluntary and involuntary switches), the listing {@code lwp4j ps}
 * reads ({@link Tasks#ofInKernelOrder(int, Tasks.Projection)} with {@code STAT}), and {@code lwp4j ps PID}'s whole
 * output ({@link PsFormat#psEfL(int...)}). The C references are {@code bench_proc_reader --mode sample|stat}; the
 * peers {@code top -H -b -n 1 -p PID}, {@code ps -L -p PID} and {@code ps -Lf -p PID}.
 */
public class SamplerBench extends FarmBenchmark {

    private ThreadSampler sampler;
    private ThreadSampler splitting;

    @Setup
    public void checkTarget() {
        requirePid();
        sampler = ThreadSampler.builder().processes(pid).contextSwitchTypes(false).build();
        splitting = ThreadSampler.of(pid);
        requireTasks("a sample", sampler.sample().threads().size());
    }

    @Benchmark
    public ThreadSampler.Sample sample() {
        return sampler.sample();
    }

    /** With voluntary and involuntary switches apart: every task's status too. */
    @Benchmark
    public ThreadSampler.Sample sampleSwitchTypes() {
        return splitting.sample();
    }

    @Benchmark
    public List<TaskInfo> psListing() {
        return Tasks.ofInKernelOrder(pid, Tasks.Projection.STAT);
    }

    @Benchmark
    public List<String> psRows() {
        return PsFormat.psEfL(pid);
    }
}
