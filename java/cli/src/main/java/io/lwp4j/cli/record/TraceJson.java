package io.lwp4j.cli.record;

import io.lwp4j.cli.demo.Json;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Timeline} as Chrome/Perfetto trace-event JSON (the "JSON Array/Object Format" that ui.perfetto.dev and
 * chrome://tracing open): per process a {@code process_name}, per task a track named {@code comm [tid] Java-name}
 * with its state slices ({@code ph: X}), per process {@code CPU %} and {@code run delay %} counters ({@code ph: C},
 * 100 = one CPU), and instants ({@code ph: i}) where tasks started and ended. Timestamps are microseconds from the
 * recording's start. One event per line, so the file is easy to grep.
 */
public final class TraceJson {
    private TraceJson() {}

    /** Writes {@code t} to {@code w}. */
    public static void write(Timeline t, Writer w) throws IOException {
        w.write("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"tool\":\"lwp4j record\",\"intervalMs\":"
                + num(t.intervalNanos() / 1e6) + ",\"durationMs\":" + num(t.end() / 1e6) + "},\n\"traceEvents\":[\n");
        boolean[] first = {true};
        for (Map.Entry<Integer, String> p : t.processes().entrySet()) {
            event(w, first, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + p.getKey() + ",\"tid\":0,\"args\":"
                    + "{\"name\":" + Json.str(p.getValue() + " [" + p.getKey() + "]") + "}}");
        }
        List<Timeline.Track> tracks = t.tracks();
        Map<Long, Timeline.Track> byKey = new HashMap<>();
        int index = 0;
        for (Timeline.Track k : tracks) {
            byKey.put((long) k.pid() << 32 | k.tid(), k);
            event(w, first, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + k.pid() + ",\"tid\":" + k.tid()
                    + ",\"args\":{\"name\":" + Json.str(k.title()) + "}}");
            event(w, first, "{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":" + k.pid() + ",\"tid\":" + k.tid()
                    + ",\"args\":{\"sort_index\":" + index++ + "}}");
        }
        for (Timeline.Track k : tracks) {
            for (Timeline.Slice s : k.slices()) {
                event(w, first, "{\"ph\":\"X\",\"cat\":\"state\",\"name\":" + Json.str(s.state().label())
                        + ",\"pid\":" + k.pid() + ",\"tid\":" + k.tid() + ",\"ts\":" + us(s.start()) + ",\"dur\":"
                        + us(s.end() - s.start()) + ",\"args\":{\"cpu %\":" + num(s.cpu()) + ",\"delay %\":"
                        + num(s.delay()) + ",\"kernel state\":\"" + s.kernelState() + "\",\"kind\":"
                        + Json.str(k.kind()) + "}}");
            }
        }
        for (Timeline.Counter c : t.counters()) {
            event(w, first, "{\"ph\":\"C\",\"name\":\"CPU %\",\"pid\":" + c.pid() + ",\"ts\":" + us(c.at())
                    + ",\"args\":{\"cpu\":" + num(c.cpu()) + "}}");
            event(w, first, "{\"ph\":\"C\",\"name\":\"run delay %\",\"pid\":" + c.pid() + ",\"ts\":" + us(c.at())
                    + ",\"args\":{\"delay\":" + num(c.delay()) + "}}");
        }
        for (Timeline.Instant i : t.instants()) {
            Timeline.Track k = byKey.get((long) i.pid() << 32 | i.tid());
            String kind = k == null ? "thread" : k.kind();
            event(w, first, "{\"ph\":\"i\",\"s\":\"t\",\"name\":" + Json.str(kind + " " + i.name()) + ",\"pid\":"
                    + i.pid() + ",\"tid\":" + i.tid() + ",\"ts\":" + us(i.at()) + "}");
        }
        w.write("\n]}\n");
    }

    private static void event(Writer w, boolean[] first, String json) throws IOException {
        if (!first[0]) {
            w.write(",\n");
        }
        first[0] = false;
        w.write(json);
    }

    private static String us(long nanos) {
        return num(nanos / 1e3);
    }

    private static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
