package io.lwp4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The runner's {@code startup} group: {@code lwp4j ps PID} as a user runs it — a whole process,
 * from fork to exit — against what a JVM costs at the least (a Hello World on the same JDK) and against
 * {@code ps -L -p PID -f}, which prints the same rows. Four command lines, timed in interleaved rounds (one run of
 * each per round, after two untimed rounds), so that a busy machine slows them alike:
 * <ul>
 *   <li>{@code java -XX:AOTCache=lwp4j.aot -jar lwp4j.jar ps PID}: what the launcher {@code java/cli/lwp4j} runs
 *       when the build made the cache on this JDK (JDK 25+);</li>
 *   <li>{@code java -jar lwp4j.jar ps PID}: the same jar without the cache;</li>
 *   <li>{@code java -cp DIR Hello}: a Hello World class, same JDK, no options;</li>
 *   <li>{@code ps -L -p PID -f}.</li>
 * </ul>
 * PID is a {@code sleep} this group starts (one task: the figure is start-up, not listing). The target: {@code lwp4j
 * ps PID} within 3× of the Hello World JVM. The report gets the medians, the ratios and each p90.
 */
final class StartupBench {
    static final String NAME = "startup";
    static final String HELP = "whole-process start-up: lwp4j ps PID (with and without the AOT cache) vs a Hello "
            + "World JVM and ps -L -p PID -f";
    /** {@code lwp4j ps PID}'s median may be at most this many Hello World JVM starts. */
    static final double TARGET_TIMES_HELLO = 3.0;

    private StartupBench() {
    }

    /** The Hello World the JVM row starts: copied out of this jar into a directory of its own. */
    static final class Hello {
        private Hello() {
        }

        public static void main(String[] args) {
            System.out.println("Hello, World");
        }
    }

    /**
     * Times the four command lines ({@code rounds} interleaved rounds) and writes the rows and notes into
     * {@code report}; returns every figure, for the runner to record.
     *
     * @param root the checkout: the jar is {@code java/cli/target/lwp4j.jar}, the cache {@code lwp4j.aot} beside it
     */
    static List<Figure> run(Report report, Path root, int rounds, Consumer<String> progress)
            throws IOException, InterruptedException {
        Path target = root.resolve("java/cli/target");
        Path jar = target.resolve("lwp4j.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is not built: build it with java/cli/lwp4j --version (or mvn package -pl "
                    + "java/cli -am)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path helloDir = Files.createTempDirectory("lwp4j-startup");
        Process sleep = new ProcessBuilder("sleep", "600").start();
        try {
            copyHello(helloDir);
            String pid = Long.toString(sleep.pid());
            Map<String, List<String>> commands = new LinkedHashMap<>();
            String cache = aotCache(target);
            if (cache != null) {
                commands.put("startup.lwp4j-ps.aot", List.of(java, "-XX:AOTCache=" + cache, "-jar", jar.toString(),
                        "ps", pid));
            } else {
                report.note("startup: no AOT cache made by this JDK (" + System.getProperty("java.home") + ", "
                        + System.getProperty("java.runtime.version") + ") beside " + jar + ": only JDK 25+ builds "
                        + "make one (java/cli/pom.xml, profile aot-cache); the row with the cache was not measured");
            }
            commands.put("startup.lwp4j-ps", List.of(java, "-jar", jar.toString(), "ps", pid));
            commands.put("startup.hello-jvm", List.of(java, "-cp", helloDir.toString(), Hello.class.getName()));
            if (PeerTimer.onPath("ps")) {
                commands.put("startup.ps", List.of("ps", "-L", "-p", pid, "-f"));
            } else {
                report.note("startup: no ps on this machine: ps -L -p PID -f was not measured");
            }
            for (Map.Entry<String, List<String>> e : commands.entrySet()) { // each works, and prints a row of PID
                String out = PeerTimer.output(e.getValue());
                if (e.getKey().contains("ps") && !out.contains(" " + pid + " ")) {
                    throw new IOException(String.join(" ", e.getValue()) + " printed no row of " + pid + ": " + out);
                }
            }
            progress.accept("[startup] " + commands.size() + " command lines, " + rounds
                    + " interleaved rounds (after 2 untimed)");
            Map<String, double[]> ms = new LinkedHashMap<>();
            commands.keySet().forEach(k -> ms.put(k, new double[rounds]));
            for (int r = -2; r < rounds; r++) {
                for (Map.Entry<String, List<String>> e : commands.entrySet()) {
                    double t = timeOnce(e.getValue());
                    if (r >= 0) {
                        ms.get(e.getKey())[r] = t;
                    }
                }
            }
            Map<String, Figure> f = new LinkedHashMap<>();
            ms.forEach((name, samples) -> f.put(name, Figure.of(name, "ms/op", samples, "process")));
            Figure hello = f.get("startup.hello-jvm");
            Figure ps = f.get("startup.ps");
            String helloLabel = "Hello World JVM (same JDK)";
            if (f.containsKey("startup.lwp4j-ps.aot")) {
                report.row(new Report.Row("`lwp4j ps PID`, whole process, with the AOT cache (`java -XX:AOTCache "
                        + "-jar lwp4j.jar`, as the launcher runs it)", f.get("startup.lwp4j-ps.aot"), hello,
                        helloLabel, ps, "ps -L -p PID -f", Target.atMostTimesC(TARGET_TIMES_HELLO), null));
            }
            report.row(new Report.Row("`lwp4j ps PID`, whole process, without the AOT cache (`java -jar "
                    + "lwp4j.jar`)", f.get("startup.lwp4j-ps"), hello, helloLabel, ps, "ps -L -p PID -f",
                    f.containsKey("startup.lwp4j-ps.aot") ? Target.NONE : Target.atMostTimesC(TARGET_TIMES_HELLO),
                    null));
            List<String> p90 = new ArrayList<>();
            ms.forEach((name, samples) -> p90.add(String.format(Locale.ROOT, "%s %.1f ms (median %.1f)", name,
                    percentile(samples, 90), f.get(name).median())));
            report.note("startup: " + rounds + " interleaved rounds of whole-process runs; p90: " + String.join(", ",
                    p90) + ". \"C\" in these rows is a Hello World JVM on the same JDK: the target is lwp4j ps PID "
                    + "within " + TARGET_TIMES_HELLO + "× of it.");
            return new ArrayList<>(f.values());
        } finally {
            sleep.destroy();
            sleep.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(helloDir)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The cache beside the jar when {@code lwp4j.aot.jdk} says this JDK made it, else null. */
    static String aotCache(Path target) throws IOException {
        Path cache = target.resolve("lwp4j.aot");
        Path madeBy = target.resolve("lwp4j.aot.jdk");
        if (!Files.isRegularFile(cache) || !Files.isRegularFile(madeBy)) {
            return null;
        }
        List<String> jdk = Files.readAllLines(madeBy, StandardCharsets.UTF_8);
        return jdk.equals(List.of(System.getProperty("java.home"), System.getProperty("java.runtime.version")))
                ? cache.toString() : null;
    }

    private static void copyHello(Path dir) throws IOException {
        String resource = Hello.class.getName().replace('.', '/') + ".class";
        Path file = dir.resolve(resource);
        Files.createDirectories(file.getParent());
        try (InputStream in = StartupBench.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " on the class path");
            }
            Files.write(file, in.readAllBytes());
        }
    }

    /** One whole-process run in milliseconds: spawn, run to exit with the output discarded. */
    private static double timeOnce(List<String> command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException(String.join(" ", command) + " did not finish in 60 s");
        }
        long t1 = System.nanoTime();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
        }
        return (t1 - t0) / 1e6;
    }

    /** The nearest-rank percentile of the samples. */
    static double percentile(double[] samples, int pct) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(pct / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }
}
