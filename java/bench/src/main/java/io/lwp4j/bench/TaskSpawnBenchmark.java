package io.lwp4j.bench;

import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Spawn + join of one task, three ways: a raw task ({@link RawTask#spawn} with the thread preset and a trivial
 * program, then {@link RawTask#join}), a platform {@link Thread} ({@code start} + {@code join}) and a virtual
 * thread. The C references are {@code native/bench/bench_spawn}: the same shim calls driven from C, a glibc
 * {@code clone()} and {@code pthread_create}. The runner pins the fork to one CPU: a join is a wake-up, and waking
 * an idle vCPU costs tens of microseconds in a VM, which would swamp the figure.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class TaskSpawnBenchmark extends JmhBenchmark {
    private static final Duration JOIN = Duration.ofSeconds(10);
    private static final Runnable NOTHING = () -> { };

    private Set<CloneFlag> flags;
    private TaskProgram program;

    @Setup
    public void setUp() throws InterruptedException {
        flags = CloneFlag.threadPreset();
        program = TaskProgram.builder().exit(7).build();
        // Time a working task, not a failing one: the first must exit with the code its program says.
        try (RawTask t = RawTask.spawn(flags, program)) {
            if (!t.join(JOIN) || t.exitCode().orElse(-1) != 7) {
                throw new IllegalStateException("a raw task did not run its program: " + t + " " + t.exitCode());
            }
        }
    }

    @Benchmark
    public int rawTask() throws InterruptedException {
        RawTask t = RawTask.spawn(flags, program);
        if (!t.join(JOIN)) {
            throw new IllegalStateException("task " + t.tid() + " did not end within " + JOIN);
        }
        return t.tid();
    }

    @Benchmark
    public Thread platformThread() throws InterruptedException {
        Thread t = new Thread(NOTHING);
        t.start();
        t.join();
        return t;
    }

    @Benchmark
    public Thread virtualThread() throws InterruptedException {
        Thread t = Thread.ofVirtual().start(NOTHING);
        t.join();
        return t;
    }
}
