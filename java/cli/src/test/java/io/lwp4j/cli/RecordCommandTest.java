package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.testing.ChildJvm;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lwp4j record} on a JVM with a spinning and a sleeping thread: the trace's slices say which is which, and the
 * HTML view, opened in a real headless Chromium, draws one lane per thread in the right colours (checked in the DOM
 * the page built and in a screenshot's pixels).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RecordCommandTest {
    /** Set by .ci/test, which installs Chromium: then a missing browser fails instead of skipping. */
    static final boolean BROWSER_REQUIRED = Boolean.getBoolean("lwp4j.browser.required");

    @TempDir
    Path dir;

    static final Pattern SLICE = Pattern.compile("\\{\"ph\":\"X\",\"cat\":\"state\",\"name\":\"([^\"]+)\",\"pid\":(\\d+),"
            + "\"tid\":(\\d+),\"ts\":([0-9.]+),\"dur\":([0-9.]+)");
    static final Pattern THREAD = Pattern.compile("\\{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":(\\d+),\"tid\":(\\d+),"
            + "\"args\":\\{\"name\":\"([^\"]*)\"");

    @Test
    void aSpinningAndASleepingThreadShowAsSuchInTheTraceAndTheBrowser() throws Exception {
        Process child = new ProcessBuilder(javaCommand(SpinAndSleep.class)).redirectError(dir.resolve("child.err")
                .toFile()).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String[] ready = r.readLine().split(" ");
            assertEquals("ready", ready[0]);
            int spin = Integer.parseInt(ready[1]);
            int sleep = Integer.parseInt(ready[2]);
            Path json = dir.resolve("trace.json");
            // As the lwp4j jar runs it: its manifest exports jdk.attach's implementation to lwp4j (the thread dump of
            // another JVM, for the Java names).
            List<String> cmd = new ArrayList<>(javaCommand(Main.class, "--add-exports",
                    "jdk.attach/sun.tools.attach=ALL-UNNAMED"));
            cmd.addAll(List.of("record", "-p", Long.toString(child.pid()), "--seconds", "2", "--interval", "100ms",
                    "--out", json.toString(), "--html"));
            Path log = dir.resolve("record.out");
            Process record = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(record.waitFor(90, TimeUnit.SECONDS), "record did not end");
            String said = Files.readString(log);
            assertEquals(0, record.exitValue(), said);
            assertTrue(said.contains("ui.perfetto.dev") && !said.contains("no Java names"), said);

            String trace = Files.readString(json);
            assertTrue(trace.startsWith("{") && trace.trim().endsWith("]}"), trace);
            Map<Integer, String> names = new HashMap<>();
            for (Matcher m = THREAD.matcher(trace); m.find(); ) {
                assertEquals(child.pid(), Long.parseLong(m.group(1)));
                names.put(Integer.parseInt(m.group(2)), m.group(3));
            }
            // Tracks are named "comm [tid] Java-name"; the Java names come from the JVM's thread dump.
            assertEquals("spinner [" + spin + "] spinner", names.get(spin), names.toString());
            assertTrue(names.containsValue("Reference Handl [" + names.entrySet().stream()
                    .filter(e -> e.getValue().startsWith("Reference Handl")).findFirst().orElseThrow().getKey()
                    + "] Reference Handler"), "a Java name longer than comm's 15 bytes: " + names);
            assertTrue(names.get(sleep).endsWith("[" + sleep + "] sleeper"), names.get(sleep));
            // Tracks match the process's tasks.
            long tasks;
            try (var s = Files.list(Paths.get("/proc/" + child.pid() + "/task"))) {
                tasks = s.count();
            }
            assertTrue(Math.abs(names.size() - tasks) <= 2, names.size() + " tracks, " + tasks + " tasks");

            Map<String, Double> spinStates = states(trace, spin);
            Map<String, Double> sleepStates = states(trace, sleep);
            double spinTotal = spinStates.values().stream().mapToDouble(Double::doubleValue).sum();
            double sleepTotal = sleepStates.values().stream().mapToDouble(Double::doubleValue).sum();
            assertTrue(spinTotal > 1.5e6 && sleepTotal > 1.5e6, spinStates + " " + sleepStates);
            // A spinning thread is running, or runnable when this shared machine makes it wait for a CPU.
            double wanting = spinStates.getOrDefault("running", 0.0) + spinStates.getOrDefault("runnable", 0.0);
            assertTrue(wanting / spinTotal > 0.8, "spinner: " + spinStates);
            assertTrue(sleepStates.getOrDefault("sleeping", 0.0) / sleepTotal > 0.95, "sleeper: " + sleepStates);
            assertTrue(trace.contains("\"name\":\"CPU %\""), "the CPU counter");

            browser(dir.resolve("trace.html"), names.size(), spin, sleep);
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
            }
        }
    }

    /** Microseconds per slice name of one thread's track. */
    static Map<String, Double> states(String trace, int tid) {
        Map<String, Double> m = new HashMap<>();
        for (Matcher x = SLICE.matcher(trace); x.find(); ) {
            if (Integer.parseInt(x.group(3)) == tid) {
                m.merge(x.group(1), Double.parseDouble(x.group(5)), Double::sum);
            }
        }
        return m;
    }

    /** Opens the page in headless Chromium: the DOM it built, then a screenshot's pixels in two lanes. */
    void browser(Path page, int lanes, int spin, int sleep) throws Exception {
        Path chromium = chromium();
        if (chromium == null) {
            String why = "no chromium on PATH (Debian: apt-get install chromium; .ci/test installs it)";
            assertTrue(!BROWSER_REQUIRED, why);
            Assumptions.assumeTrue(false, why);
        }
        String dom = run(chromium, List.of("--dump-dom", page.toUri().toString()));
        assertTrue(dom.contains("data-lanes=\"" + lanes + "\""), "the page drew " + lanes + " lanes:\n" + dom);
        int drawn = count(dom, "class=\"lane\"");
        assertEquals(lanes, drawn, "one lane per thread");
        Matcher top = Pattern.compile("data-svg-top=\"(\\d+)\"").matcher(dom);
        assertTrue(top.find(), dom);
        int svgTop = Integer.parseInt(top.group(1));
        int spinY = svgTop + laneY(dom, spin);
        int sleepY = svgTop + laneY(dom, sleep);
        int height = svgTop + 6 + 44 + 8 + lanes * 18 + 24 + 8; // the page's own height: the picture has no margin
        Path png = dir.resolve("timeline.png");
        run(chromium, List.of("--screenshot=" + png, "--window-size=1200," + height,
                "--hide-scrollbars", "--force-device-scale-factor=1", page.toUri().toString()));
        String keep = System.getProperty("lwp4j.timeline.screenshot");
        if (keep != null && !keep.isEmpty()) {
            Files.copy(png, Paths.get(keep), StandardCopyOption.REPLACE_EXISTING);
        }
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null && img.getHeight() > sleepY + 10, "a screenshot " + png);
        double spinShare = share(img, spinY + 8, 0x1b9e3e, 0xf29d0c);
        double sleepShare = share(img, sleepY + 8, 0xc9d3dc);
        assertTrue(spinShare > 0.7, "the spinner's lane is green/orange (running/runnable): " + spinShare);
        assertTrue(sleepShare > 0.9, "the sleeper's lane is grey (sleeping): " + sleepShare);
    }

    /** The share of the timeline's pixels on row {@code y} that have one of {@code rgb}. */
    static double share(BufferedImage img, int y, int... rgb) {
        int hit = 0;
        int n = 0;
        for (int x = 330 + 5; x < 330 + 860 - 5 && x < img.getWidth(); x++) {
            int p = img.getRGB(x, y) & 0xffffff;
            n++;
            for (int c : rgb) {
                if (close(p, c)) {
                    hit++;
                    break;
                }
            }
        }
        return n == 0 ? 0 : (double) hit / n;
    }

    static boolean close(int a, int b) {
        return Math.abs((a >> 16 & 255) - (b >> 16 & 255)) < 12 && Math.abs((a >> 8 & 255) - (b >> 8 & 255)) < 12
                && Math.abs((a & 255) - (b & 255)) < 12;
    }

    static int laneY(String dom, int tid) {
        Matcher m = Pattern.compile("<g class=\"lane\" data-tid=\"" + tid + "\" data-y=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), "a lane for " + tid);
        return Integer.parseInt(m.group(1));
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    static Path chromium() {
        for (String name : new String[] {"chromium", "chromium-browser"}) {
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Paths.get(d, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Runs headless Chromium with a fresh profile and no network chatter; returns its stdout. */
    String run(Path chromium, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"), "--virtual-time-budget=3000"));
        cmd.addAll(args);
        Path err = Files.createTempFile(dir, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not finish in 90 s: " + Files.readString(err));
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
        return out;
    }

    static List<String> javaCommand(Class<?> main, String... options) {
        return ChildJvm.command(List.of(), List.of(options), main);
    }
}
