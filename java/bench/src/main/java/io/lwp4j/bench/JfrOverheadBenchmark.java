package io.lwp4j.bench;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.WaitOutcome;
import io.lwp4j.jfr.Lwp4jJfr;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What lwp4j's JFR events cost on the two paths they sit on — a futex wait (one that returns at once: the word does
 * not hold the expected value, so the path is the event check plus one {@code futex} syscall answering EAGAIN) and a
 * raw task's spawn + join — with the flight recorder
 * <ul>
 *   <li>{@code off}: no recording (the event classes are not instrumented: their checks are constant false);</li>
 *   <li>{@code jfr-default}: a recording with the JDK's default settings, lwp4j's events off (instrumented, each
 *       check reads the disabled state) — the case "zero cost when disabled" is about;</li>
 *   <li>{@code lwp4j-on}: a recording with {@code lwp4j.jfc}: the spawn and exit events are committed every time;
 *       the futex wait is begun and ended, and not committed (under the 20 ms threshold).</li>
 * </ul>
 * Pin the fork to one CPU ({@code taskset -c 0}) as the runner does for the tasks group.
 */
@State(Scope.Thread)
public class JfrOverheadBenchmark extends JmhBenchmark {
    private static final Duration JOIN = Duration.ofSeconds(10);

    @Param({"off", "jfr-default", "lwp4j-on"})
    public String jfr;

    private Recording recording;
    private NativeMemory word;
    private Futex<Futex.Private> futex;
    private Set<CloneFlag> flags;
    private TaskProgram program;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        word = NativeMemory.create(4096);
        futex = Futex.privateOn(word, 0);
        flags = CloneFlag.threadPreset();
        program = TaskProgram.builder().exit(7).build();
        if (!jfr.equals("off")) {
            recording = new Recording(jfr.equals("lwp4j-on") ? Lwp4jJfr.configuration()
                    : Configuration.getConfiguration("default"));
            recording.start();
        }
        if (futex.await(1) != WaitOutcome.VALUE_MISMATCH) {
            throw new IllegalStateException("the word must not hold 1");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (recording != null) {
            recording.close();
        }
        word.close();
    }

    @Benchmark
    public WaitOutcome futexWaitMismatch() {
        return futex.await(1);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int rawTaskSpawnJoin() throws InterruptedException {
        RawTask t = RawTask.spawn(flags, program);
        if (!t.join(JOIN)) {
            throw new IllegalStateException("task " + t.tid() + " did not end within " + JOIN);
        }
        return t.tid();
    }
}
