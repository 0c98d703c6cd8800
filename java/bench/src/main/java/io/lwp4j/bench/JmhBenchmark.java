package io.lwp4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every JMH class of this module shares, inherited (JMH reads its annotations from the superclasses):
 * the average time of one operation in nanoseconds, 3 warm-up and 5 measured iterations of 1 s, one fork with
 * native access, the benchmark class its own {@code Scope.Benchmark} state. A class states only what it does
 * otherwise (its unit, {@code Scope.Thread}, more JVM options); the runner's {@code --quick} overrides the
 * iterations. {@code GroupsTest} checks that every generated benchmark has these.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public abstract class JmhBenchmark {
}
