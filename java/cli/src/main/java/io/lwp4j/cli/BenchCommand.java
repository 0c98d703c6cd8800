package io.lwp4j.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code lwp4j bench [NAME…]}: runs the benchmark runner of {@code java/bench} (JMH beside the C reference programs)
 * in a child JVM. JMH is not shipped in the command's jar; the benchmarks jar is found next to a source checkout's
 * build or named with {@code --jar}.
 */
@Command(name = "bench", description = "Run benchmarks (JMH beside the C references) and write a markdown report.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Benchmark groups to run: tid, list, backends, "
            + "tasks, ... (default: all).")
    List<String> names = new ArrayList<>();

    /** The runner's own options (--quick, --pin CPU, --prof P, --sizes, --out DIR), passed through as given. */
    @Unmatched
    List<String> runnerOptions = new ArrayList<>();

    @Option(names = "--jar", description = "The benchmarks jar (default: java/bench/target/benchmarks.jar of the "
            + "checkout this command was built in).")
    Path jar;

    @Override
    public Integer call() throws Exception {
        Path benchJar = jar != null ? jar : defaultJar();
        if (benchJar == null || !Files.isRegularFile(benchJar)) {
            System.err.println("lwp4j bench: the benchmarks jar is not built"
                    + (benchJar == null ? "" : " (" + benchJar + ")")
                    + ". Build it with: java/bench/run (or mvn package -pl java/bench -am), or pass --jar.");
            return Main.FAILURE;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow"); // JMH 1.37 uses sun.misc.Unsafe
        }
        Path root = benchJar.toAbsolutePath().getParent().getParent().getParent().getParent(); // java/bench/target/x
        cmd.add("-Dlwp4j.root=" + root);
        cmd.add("-cp");
        cmd.add(benchJar.toString());
        cmd.add("io.lwp4j.bench.Runner");
        cmd.addAll(names);
        cmd.addAll(runnerOptions);
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    /** {@code <checkout>/java/bench/target/benchmarks.jar} when this jar is {@code <checkout>/java/cli/target/…}. */
    private static Path defaultJar() {
        try {
            Path self = Paths.get(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path java = self.getParent().getParent().getParent(); // target -> cli -> java
            return java.resolve("bench" + File.separator + "target" + File.separator + "benchmarks.jar");
        } catch (Exception e) {
            return null;
        }
    }
}
