package io.lwp4j.bench;

import io.lwp4j.ps.PsFormat;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import io.lwp4j.proc.ThreadSampler;
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
 * The {@code top} group's Java side, on a {@code thread_farm} process the runner starts: one
 * {@link ThreadSampler#sample()} of it as {@code lwp4j top} takes it (stat and schedstat of every task; and with
 * status too, for voluntary and involuntary switches), the listing {@code lwp4j ps}
 * reads ({@link Tasks#ofInKernelOrder(long, Tasks.Projection)} with {@code STAT}), and {@code lwp4j ps PID}'s whole
 * output ({@link PsFormat#psEfL(long...)}). The C references are {@code bench_proc_reader --mode sample|stat}; the
 * peers {@code top -H -b -n 1 -p PID}, {@code ps -L -p PID} and {@code ps -Lf -p PID}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SamplerBench {

    /** The process to sample: required (the runner passes its thread_farm's pid). */
    @Param("0")
    public int pid;

    /** A sample must see at least this many tasks, or the target is not what the runner started. */
    @Param("1")
    public int minTasks;

    private ThreadSampler sampler;
    private ThreadSampler splitting;

    @Setup
    public void checkTarget() {
        if (pid <= 0) {
            throw new IllegalArgumentException("give the target with -p pid=<PID>");
        }
        sampler = ThreadSampler.builder().processes(pid).contextSwitchTypes(false).build();
        splitting = ThreadSampler.of(pid);
        int found = sampler.sample().threads().size();
        if (found < minTasks) {
            throw new IllegalStateException("a sample of " + pid + " saw " + found + " tasks, expected at least "
                    + minTasks);
        }
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
