package io.lwp4j.cli.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Timeline} as one self-contained HTML page (no network needed to open it): the trace-event JSON of
 * {@link TraceJson} embedded in the page, drawn by the page's own script as one lane per thread coloured by state,
 * a CPU% strip above, and a hover read-out of names and values.
 */
public final class TimelineHtml {
    private TimelineHtml() {}

    private static final String PLACEHOLDER = "@@TRACE@@";

    /** Writes the page for {@code t} to {@code w}. */
    public static void write(Timeline t, Writer w) throws IOException {
        StringWriter json = new StringWriter();
        TraceJson.write(t, json);
        // Inside <script>, "</script>" or "<!--" in a thread name would end or bend the element: '<' occurs only
        // inside JSON strings, where \u003c means the same character.
        String embedded = json.toString().replace("<", "\\u003c");
        String page = template();
        int at = page.indexOf(PLACEHOLDER);
        w.write(page, 0, at);
        w.write(embedded);
        w.write(page, at + PLACEHOLDER.length(), page.length() - at - PLACEHOLDER.length());
    }

    private static String template() {
        try (InputStream in = TimelineHtml.class.getResourceAsStream("timeline.html")) {
            if (in == null) {
                throw new IllegalStateException("timeline.html is missing from the lwp4j jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
