package io.lwp4j.cli;

import io.lwp4j.cli.record.Recorder;
import io.lwp4j.cli.record.Timeline;
import io.lwp4j.cli.record.TimelineHtml;
import io.lwp4j.cli.record.TraceJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j record}: threads over time, as a Chrome/Perfetto trace (and, with {@code --html}, a page that draws
 * it): per thread, slices of running, runnable (waiting for a CPU), sleeping and D state from successive samples of
 * {@code /proc} ({@code stat}, {@code schedstat}), CPU% and run-delay% counters, and instants where threads started
 * and ended.
 */
@Command(name = "record", description = {"Record threads over time: a Chrome/Perfetto trace (ui.perfetto.dev, "
    + "chrome://tracing) with one track per thread, and a self-contained HTML view with --html."})
final class RecordCommand implements Callable<Integer> {

    @Option(names = {"-p", "--pid"}, split = ",", paramLabel = "PID", required = true,
            description = "The processes to record (their Java names come from their thread dumps when they are JVMs).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--seconds", paramLabel = "S", description = "How long to record (default ${DEFAULT-VALUE}).")
    double seconds = 5;

    @Option(names = "--interval", paramLabel = "TIME", description = "Sampling interval: 100ms, 0.5s, or "
            + "milliseconds; at least 10ms (default ${DEFAULT-VALUE}).")
    String interval = "100ms";

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The trace-event JSON to write.")
    Path out;

    @Option(names = "--html", description = "Also write FILE's .html: the timeline as a page any browser opens "
            + "offline (lanes per thread coloured by state, a CPU%% strip, hover for values).")
    boolean html;

    private final PrintStream stdout = System.out;

    @Override
    public Integer call() throws Exception {
        long every = parseInterval(interval);
        if (!(seconds > 0 && seconds <= 3600)) {
            throw new IllegalArgumentException("--seconds must be above 0 and at most 3600: " + seconds);
        }
        int[] p = pids.stream().mapToInt(Integer::intValue).toArray();
        Timeline t = Recorder.record(p, every, Math.max(every, Math.round(seconds * 1e9)));
        t.javaProblems().forEach((pid, why) -> System.err.println("lwp4j record: no Java names for " + pid + ": "
                + io.lwp4j.ps.PsFormat.forScreen(why)));
        for (Path written : write(t, out, html)) {
            stdout.println("wrote " + written);
        }
        stdout.println(howToOpen(out, html));
        return 0;
    }

    /** Writes the trace to {@code json} and, when asked, the page beside it; returns the files written. */
    static List<Path> write(Timeline t, Path json, boolean html) throws IOException {
        List<Path> written = new ArrayList<>();
        try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            TraceJson.write(t, w);
        }
        written.add(json);
        if (html) {
            Path page = htmlPath(json);
            try (Writer w = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
                TimelineHtml.write(t, w);
            }
            written.add(page);
        }
        return written;
    }

    /** {@code trace.json} → {@code trace.html}; any other name gets {@code .html} added. */
    static Path htmlPath(Path json) {
        String n = json.getFileName().toString();
        String base = n.toLowerCase(Locale.ROOT).endsWith(".json") ? n.substring(0, n.length() - 5) : n;
        return json.resolveSibling(base + ".html");
    }

    static String howToOpen(Path json, boolean html) {
        return "Open " + json + " in ui.perfetto.dev (Open trace file) or chrome://tracing (Load)"
                + (html ? "; open " + htmlPath(json) + " in any browser (it needs no network)." : ".");
    }

    /** {@code 100ms}, {@code 0.5s}, {@code 250} (milliseconds) → nanoseconds; at least 10 ms. */
    static long parseInterval(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        double ms;
        try {
            if (v.endsWith("ms")) {
                ms = Double.parseDouble(v.substring(0, v.length() - 2));
            } else if (v.endsWith("s")) {
                ms = Double.parseDouble(v.substring(0, v.length() - 1)) * 1000;
            } else {
                ms = Double.parseDouble(v);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--interval " + s + ": a time like 100ms, 0.5s or 250");
        }
        if (!(ms >= 10 && ms <= 60_000)) {
            throw new IllegalArgumentException("--interval " + s + ": from 10ms to 60s");
        }
        return Math.round(ms * 1_000_000);
    }
}
