package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lwp4j.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code lwp4j top} against known work in a child JVM: its figures held against the JVM's own account of each
 * thread's CPU time over the same span (the truth), against procps {@code top -H -b} run over the same seconds,
 * and a starved thread's run-queue delay; the JSON contract; the full-screen view driven through tmux.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TopTest {

    /** The child JVM and its CPU reports: at (monotonic) nanoTime, each thread's CPU nanoseconds. */
    static final class Workload implements AutoCloseable {
        final Process process;
        final List<long[]> times = new CopyOnWriteArrayList<>();      // {nanoTime}
        final List<Map<String, Long>> cpu = new CopyOnWriteArrayList<>();
        final Thread reader;

        Workload(List<String> wrapper, String mode) throws IOException {
            List<String> cmd = ChildJvm.command(wrapper, List.of("-Xss1m"), TopWorkload.class, mode);
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = in.readLine();
            assertEquals("ready", first, "the workload JVM started");
            reader = new Thread(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        String[] f = line.split(" ");
                        Map<String, Long> m = new HashMap<>();
                        for (int k = 2; k < f.length; k++) {
                            int eq = f[k].indexOf('=');
                            m.put(f[k].substring(0, eq), Long.parseLong(f[k].substring(eq + 1)));
                        }
                        cpu.add(m);
                        times.add(new long[] {Long.parseLong(f[1])});
                    }
                } catch (IOException ignored) {
                    // the child ended
                }
            }, "workload-reader");
            reader.setDaemon(true);
            reader.start();
        }

        long pid() {
            return process.pid();
        }

        /** The thread's CPU ns at nanoTime {@code t}, interpolated between the two reports around it. */
        double cpuAt(String name, long t) {
            for (int k = 1; k < times.size(); k++) {
                long a = times.get(k - 1)[0];
                long b = times.get(k)[0];
                if (a <= t && t <= b) {
                    double ca = cpu.get(k - 1).get(name);
                    double cb = cpu.get(k).get(name);
                    return ca + (cb - ca) * (t - a) / Math.max(1, b - a);
                }
            }
            throw new AssertionError("no report around " + t + " for " + name + " (" + times.size() + " reports)");
        }

        /** The truth: the thread's CPU over [t0, t1] as a percentage of one CPU. */
        double truth(String name, long t0, long t1) {
            return (cpuAt(name, t1) - cpuAt(name, t0)) * 100 / (t1 - t0);
        }

        /** Waits until a report later than {@code t} has arrived (the interpolation needs one after). */
        void reportAfter(long t) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((times.isEmpty() || times.get(times.size() - 1)[0] <= t) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        /** Lets the threads reach their steady state, and the reports begin (the truth needs one before t0). */
        void steady() throws InterruptedException {
            Thread.sleep(500);
            reportAfter(System.nanoTime());
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> threadsOf(String jsonLine) {
        Map<String, Object> o = (Map<String, Object>) MiniJson.parse(jsonLine);
        assertTrue(o.get("time") instanceof String, jsonLine);
        java.time.Instant.parse((String) o.get("time"));
        assertTrue(o.get("intervalSeconds") instanceof Double, jsonLine);
        return (List<Map<String, Object>>) o.get("threads");
    }

    static Map<String, Object> byJavaName(List<Map<String, Object>> threads, String name) {
        return threads.stream().filter(t -> name.equals(t.get("javaName"))).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name + " in " + threads));
    }

    static double num(Map<String, Object> t, String key) {
        return (Double) t.get(key);
    }

    /**
     * The "done means": {@code lwp4j top -b -n 3 -d 1 -p PID --json --stacks 8} on a JVM with a spinning
     * thread names it first by its Java name, within 10 points of the truth, with its spinning method in its stack.
     */
    @Test
    void doneMeansTheSpinnerFirstByJavaNameWithinTenPointsWithItsStack() throws Exception {
        try (Workload w = new Workload(List.of(), "mixed")) {
            w.steady();
            long t0 = System.nanoTime();
            CliTest.Result r = CliTest.run("top", "-b", "-n", "3", "-d", "1", "-p", Long.toString(w.pid()), "--json",
                    "--stacks", "8");
            long t1 = System.nanoTime();
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals(3, lines.size(), r.out());
            double ours = 0;
            double seconds = 0;
            for (String line : lines) {
                List<Map<String, Object>> threads = threadsOf(line);
                for (int i = 1; i < threads.size(); i++) {
                    assertTrue(num(threads.get(i - 1), "cpu") >= num(threads.get(i), "cpu"), "sorted by cpu: " + line);
                }
                Map<String, Object> first = threads.get(0);
                assertEquals("busy-spinner", first.get("javaName"), line);
                assertEquals((double) w.pid(), first.get("pid"));
                assertEquals("RUNNABLE", first.get("javaState"));
                assertTrue(first.get("javaId") instanceof Double);
                assertEquals("busy-spinner", first.get("comm"));
                List<String> stack = (List<String>) first.get("stack");
                assertTrue(stack.size() >= 1 && stack.size() <= 8, line);
                assertTrue(stack.get(0).startsWith("io.lwp4j.cli.TopWorkload.spinHere(TopWorkload.java:"),
                        stack.toString());
                assertEquals(num(first, "cpu"), num(first, "user") + num(first, "sys"), 10, line);
                for (String key : new String[] {"pid", "tid", "comm", "javaName", "javaId", "javaState", "cpu", "user",
                    "sys", "delay", "state", "stack"}) {
                    for (Map<String, Object> t : threads) {
                        assertTrue(t.containsKey(key), key + " in " + t);
                    }
                }
                double interval = (Double) ((Map<String, Object>) MiniJson.parse(line)).get("intervalSeconds");
                ours += num(first, "cpu") * interval;
                seconds += interval;
            }
            w.reportAfter(t1);
            double truth = w.truth("busy-spinner", t0, t1);
            assertEquals(truth, ours / seconds, 10, "the spinner's mean %CPU against its own CPU time");
        }
    }

    /**
     * The three kinds of thread against the truth and against procps {@code top -H -b}, run side by side over the
     * same seconds: spinner, half duty cycle, idle.
     */
    @Test
    void figuresMatchTheTruthAndProcpsTop() throws Exception {
        try (Workload w = new Workload(List.of(), "mixed")) {
            w.steady();
            Process procps = new ProcessBuilder("top", "-H", "-b", "-d", "1", "-n", "4", "-w", "200", "-p",
                    Long.toString(w.pid())).redirectErrorStream(true).start();
            long t0 = System.nanoTime();
            CliTest.Result r = CliTest.run("top", "-b", "-n", "3", "-d", "1", "-p", Long.toString(w.pid()), "--json");
            long t1 = System.nanoTime();
            String theirs = new String(procps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(procps.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, r.code(), r.err());
            w.reportAfter(t1);

            Map<String, Double> mean = new HashMap<>();
            double seconds = 0;
            for (String line : r.out().lines().toList()) {
                double interval = (Double) ((Map<?, ?>) MiniJson.parse(line)).get("intervalSeconds");
                List<Map<String, Object>> threads = threadsOf(line);
                for (String name : new String[] {"busy-spinner", "half-duty", "idle-0"}) {
                    mean.merge(name, num(byJavaName(threads, name), "cpu") * interval, Double::sum);
                }
                seconds += interval;
            }
            Map<String, Double> procpsMean = procpsMeans(theirs);
            for (String name : new String[] {"busy-spinner", "half-duty", "idle-0"}) {
                double ours = mean.get(name) / seconds;
                double truth = w.truth(name, t0, t1);
                assertEquals(truth, ours, 10, name + " against the truth");
                assertNotNull(procpsMean.get(name), "procps top lists " + name + ":\n" + theirs);
                assertEquals(procpsMean.get(name), ours, 10, name + " against procps top -H:\n" + theirs);
            }
            assertTrue(mean.get("idle-0") / seconds < 1, "idle is idle");
            assertTrue(mean.get("busy-spinner") > mean.get("half-duty"), "the spinner outworks the half duty");
        }
    }

    /** procps top -H -b: each thread's mean %CPU over its iterations after the first (which counts since start). */
    static Map<String, Double> procpsMeans(String out) {
        Map<String, Double> sum = new HashMap<>();
        Map<String, Integer> n = new HashMap<>();
        int iteration = 0;
        int cpuColumn = -1;
        for (String line : out.lines().toList()) {
            String l = line.trim();
            if (l.startsWith("top -")) {
                iteration++;
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length > 1 && f[0].equals("PID")) {
                cpuColumn = java.util.Arrays.asList(f).indexOf("%CPU");
                continue;
            }
            if (iteration < 2 || cpuColumn < 0 || f.length <= cpuColumn + 3 || !f[0].matches("\\d+")) {
                continue;
            }
            String name = l.substring(l.lastIndexOf(' ') + 1);
            sum.merge(name, Double.parseDouble(f[cpuColumn].replace(',', '.')), Double::sum);
            n.merge(name, 1, Integer::sum);
        }
        Map<String, Double> mean = new HashMap<>();
        sum.forEach((k, v) -> mean.put(k, v / n.get(k)));
        return mean;
    }

    /**
     * Two spinners pinned to one CPU: each runs about half the time and waits for the CPU the other half, so its
     * CPU plus its run-queue delay is the whole interval, and the delay is at least about half (more when other
     * work shares that CPU).
     */
    @Test
    void aStarvedThreadShowsItsRunQueueDelay() throws Exception {
        try (Workload w = new Workload(List.of("taskset", "-c", "0"), "starved")) {
            w.steady();
            long t0 = System.nanoTime();
            CliTest.Result r = CliTest.run("top", "-b", "-n", "2", "-d", "1", "-p", Long.toString(w.pid()), "--json");
            long t1 = System.nanoTime();
            assertEquals(0, r.code(), r.err());
            w.reportAfter(t1);
            double[] cpu = new double[2];
            double[] delay = new double[2];
            double seconds = 0;
            for (String line : r.out().lines().toList()) {
                double interval = (Double) ((Map<?, ?>) MiniJson.parse(line)).get("intervalSeconds");
                List<Map<String, Object>> threads = threadsOf(line);
                for (int k = 0; k < 2; k++) {
                    Map<String, Object> t = byJavaName(threads, k == 0 ? "spinner-a" : "spinner-b");
                    cpu[k] += num(t, "cpu") * interval;
                    delay[k] += num(t, "delay") * interval;
                }
                seconds += interval;
            }
            for (int k = 0; k < 2; k++) {
                String name = k == 0 ? "spinner-a" : "spinner-b";
                double c = cpu[k] / seconds;
                double d = delay[k] / seconds;
                assertEquals(100, c + d, 10, name + ": always running or runnable: cpu " + c + " + delay " + d);
                assertTrue(d >= 40, name + " waits for the CPU it shares: delay " + d);
                assertEquals(w.truth(name, t0, t1), c, 10, name + " against the truth");
            }
        }
    }

    /** The full-screen view in a real terminal (tmux): the table, the stack key, the filter, escaped names, quit. */
    @Test
    void theFullScreenViewAnswersItsKeys() throws Exception {
        assertTrue(new java.io.File("/usr/bin/tmux").canExecute() || new java.io.File("/bin/tmux").canExecute(),
                "tmux is part of the test environment");
        try (Workload w = new Workload(List.of(), "mixed")) {
            Path done = Files.createTempFile("lwp4j-top", ".exit");
            String session = "lwp4j-top-test-" + ProcessHandle.current().pid();
            String cmd = String.join(" ", ChildJvm.command(List.of(), Main.class, "top", "-d", "0.5", "-p",
                    Long.toString(w.pid()))) + "; echo $? > " + done;
            tmux("new-session", "-d", "-s", session, "-x", "180", "-y", "40", cmd);
            try {
                String screen = awaitScreen(session, s -> s.contains(" busy-spinner") && s.contains("JAVA-NAME"));
                assertTrue(screen.contains("evil?[31mred"), "the escape sequence in a name is shown escaped:\n" + screen);
                assertFalse(screen.contains("\u001b"), screen);
                tmux("send-keys", "-t", session, "t");
                awaitScreen(session, s -> s.contains("at io.lwp4j.cli.TopWorkload.spinHere("));
                tmux("send-keys", "-t", session, "/", "idle", "Enter");
                screen = awaitScreen(session, s -> s.contains("filter 'idle'") && s.contains(" idle-2")
                        && !s.contains(" busy-spinner"));
                tmux("send-keys", "-t", session, "n");
                screen = awaitScreen(session, s -> s.contains("sort name"));
                assertTrue(screen.indexOf(" idle-0") < screen.indexOf(" idle-1")
                        && screen.indexOf(" idle-1") < screen.indexOf(" idle-2"), screen);
                tmux("send-keys", "-t", session, "q");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (Files.size(done) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals("0", Files.readString(done).trim(), "q quits with status 0");
            } finally {
                tmux("kill-session", "-t", session);
                Files.deleteIfExists(done);
            }
        }
    }

    /** The tour's top section finds the thread it made busy, by its Java name, with the spinning method. */
    @Test
    void theTourFindsItsBusyThreadWithItsStack() {
        CliTest.Result r = CliTest.run("tour");
        assertEquals(0, r.code(), r.err());
        String section = r.out().substring(r.out().indexOf("== 7. Which thread burns the CPU?"));
        assertTrue(section.lines().anyMatch(l -> l.contains(" tour-spinner ") && l.contains("RUNNABLE")), section);
        assertTrue(section.contains("at io.lwp4j.cli.TourCommand.spinForTheTour(TourCommand.java:"), section);
    }

    private static String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("tmux");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tmux " + args[0] + " hung");
        }
        return out;
    }

    private static String awaitScreen(String session, java.util.function.Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p", "-t", session);
            if (ready.test(screen)) {
                return screen;
            }
            Thread.sleep(200);
        }
        fail("the screen never showed what was expected:\n" + screen);
        return screen;
    }
}
