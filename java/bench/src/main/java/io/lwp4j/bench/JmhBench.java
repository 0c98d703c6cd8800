package io.lwp4j.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH benchmarks of this module in-process through JMH's API (each benchmark still runs in its own forked
 * JVM) and turns the results into {@link Figure}s. The benchmark classes carry the full-run settings in their
 * annotations; quick mode overrides them.
 *
 * @param quick     smoke-run settings: 1 warm-up and 3 measured iterations of 500 ms
 * @param pinCpu    pin the forked JVM to this CPU (through a {@code taskset} wrapper as JMH's {@code jvm})
 * @param profilers JMH profiler specs ({@code gc}, {@code stack}, {@code stack:lines=5} ...)
 * @param logDir    where JMH's own human-readable log of each run goes
 */
record JmhBench(boolean quick, OptionalInt pinCpu, List<String> profilers, Path logDir) {

    /**
     * A JMH result and the secondary results profilers added, as "score unit" text by metric name (e.g.
     * {@code gc.alloc.rate.norm -> "12345.000 B/op"}).
     */
    record Outcome(Figure figure, Map<String, String> secondary) {}

    /**
     * Runs the benchmarks of {@code benchmarkClass} with {@code params}; each figure is named
     * {@code prefix + method}, followed by {@code .value} for each parameter the benchmark varies itself (e.g.
     * {@code backend.gettid.jnr}).
     */
    List<Outcome> run(Class<?> benchmarkClass, String prefix, Map<String, String> params, String logName)
            throws IOException, RunnerException {
        return run(benchmarkClass, ".*", 0, prefix, params, logName);
    }

    /**
     * Runs the benchmark methods of {@code benchmarkClass} whose names match {@code methods} (a regex), with
     * {@code threads} benchmark threads (JMH's {@code -t}; 0 keeps the class's setting); figures named as above.
     */
    List<Outcome> run(Class<?> benchmarkClass, String methods, int threads, String prefix,
            Map<String, String> params, String logName) throws IOException, RunnerException {
        Files.createDirectories(logDir);
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + benchmarkClass.getName().replace(".", "\\.") + "\\.(" + methods + ")$")
                .output(logDir.resolve(logName + ".log").toString())
                .shouldFailOnError(true);
        if (threads > 0) {
            o.threads(threads);
        }
        params.forEach(o::param);
        if (quick) {
            o.warmupIterations(1).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        if (pinCpu.isPresent()) {
            o.jvm(pinnedJvm(pinCpu.getAsInt()).toString());
        }
        profilers.forEach(p -> {
            int colon = p.indexOf(':');
            if (colon < 0) {
                o.addProfiler(p);
            } else {
                o.addProfiler(p.substring(0, colon), p.substring(colon + 1));
            }
        });
        awaitJmhLock(Duration.ofMinutes(10));
        Collection<RunResult> results = new Runner(o.build()).run();
        List<Outcome> out = new ArrayList<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            StringBuilder name = new StringBuilder(prefix).append(label.substring(label.lastIndexOf('.') + 1));
            for (String key : r.getParams().getParamsKeys()) {
                if (!params.containsKey(key)) { // a parameter the benchmark varies: part of the figure's name
                    name.append('.').append(r.getParams().getParam(key));
                }
            }
            Result<?> primary = r.getPrimaryResult();
            Map<String, String> secondary = new TreeMap<>();
            r.getSecondaryResults().forEach((k, v) -> {
                if (!Double.isNaN(v.getScore())) { // textual results (the stack profile) live in the JMH log
                    secondary.put(k, String.format(Locale.ROOT, "%.3f %s", v.getScore(), v.getScoreUnit()));
                }
            });
            out.add(new Outcome(Figure.of(name.toString(), primary.getScoreUnit(), primary.getStatistics(), "jmh"),
                    secondary));
        }
        return out;
    }

    /**
     * Waits until no other JMH run on this machine holds JMH's lock file ({@code $TMPDIR/jmh.lock}): two benchmark
     * runs at once would distort each other, and JMH would refuse to start. Gives up after {@code max}.
     */
    private static void awaitJmhLock(Duration max) throws IOException {
        Path lock = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
        long deadline = System.nanoTime() + max.toNanos();
        boolean told = false;
        while (true) {
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock l = ch.tryLock()) {
                if (l != null) {
                    return;
                }
            } catch (OverlappingFileLockException e) {
                // held inside this JVM: not expected, treat like another run
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("another JMH run still holds " + lock + " after " + max.toMinutes()
                        + " minutes; rerun when it is done");
            }
            if (!told) {
                System.out.println("           waiting for another JMH run on this machine to finish (" + lock + ")");
                told = true;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + lock, e);
            }
        }
    }

    /** A {@code java} that runs under {@code taskset -c CPU}: JMH starts forks with it. */
    private Path pinnedJvm(int cpu) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path wrapper = logDir.resolve("java-on-cpu" + cpu);
        Files.writeString(wrapper, "#!/bin/sh\nexec taskset -c " + cpu + " '" + java + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }
}
