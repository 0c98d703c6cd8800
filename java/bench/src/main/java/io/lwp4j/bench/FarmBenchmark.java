package io.lwp4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * A benchmark that reads another process's tasks: a {@code native/bench/thread_farm} the runner starts and passes as
 * {@code -p pid=PID -p minTasks=N} ({@link ListGroup}, {@link TopGroup}). Milliseconds, 2 s iterations, a fixed
 * 1 GiB heap (a listing of 10,000 tasks allocates).
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public abstract class FarmBenchmark extends JmhBenchmark {

    /** The process to read: required (the runner passes its thread_farm's pid). */
    @Param("0")
    public int pid;

    /** A reading must see at least this many tasks, or the target is not what the runner started. */
    @Param("1")
    public int minTasks;

    /** Fails unless {@link #pid} is given. */
    void requirePid() {
        if (pid <= 0) {
            throw new IllegalArgumentException("give the target with -p pid=<PID> (java/bench/run list or top "
                    + "starts a thread_farm target and passes it)");
        }
    }

    /** Fails when {@code reading} saw fewer than {@link #minTasks} tasks. */
    void requireTasks(String reading, int found) {
        if (found < minTasks) {
            throw new IllegalStateException(reading + " saw " + found + " tasks of " + pid + ", expected at least "
                    + minTasks);
        }
    }
}
