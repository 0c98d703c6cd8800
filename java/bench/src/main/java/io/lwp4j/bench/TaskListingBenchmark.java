package io.lwp4j.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * Listing every task of another process: {@code io.lwp4j.proc.Tasks.of(pid)}, warm. The target is a
 * {@code native/bench/thread_farm} process that the runner starts (and passes as {@code -p pid=...}); the C
 * reference is {@code native/bench/bench_proc_reader} on the same target, the peer is {@code ps -L -p PID}.
 *
 * <p>{@code Tasks.of} is reached through a constant {@link MethodHandle} found by name, so this module builds
 * before the {@code io.lwp4j.proc} package exists; a {@code static final} handle is inlined by the JIT exactly
 * like a direct call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TaskListingBenchmark {

    static final String TASKS_CLASS = "io.lwp4j.proc.Tasks";
    private static final MethodHandle TASKS_OF = tasksOf();

    /** The process to list: required (the runner passes its thread_farm's pid). */
    @Param("0")
    public long pid;

    /** The listing must find at least this many tasks, or the target is not what the runner started. */
    @Param("1")
    public int minTasks;

    private static MethodHandle tasksOf() {
        try {
            return MethodHandles.publicLookup().findStatic(Class.forName(TASKS_CLASS), "of",
                    MethodType.methodType(List.class, long.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** True when {@code Tasks.of(long)} is on the class path. */
    static boolean available() {
        return TASKS_OF != null;
    }

    @Setup
    public void checkTarget() throws Throwable {
        if (!available()) {
            throw new IllegalStateException(TASKS_CLASS + ".of(long) is not on the class path");
        }
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
    public List<?> list() throws Throwable {
        return (List<?>) TASKS_OF.invokeExact(pid);
    }
}
