package io.lwp4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The runner's report: a markdown table of lwp4j against its C reference and its peer tool, every raw figure, and
 * the environment (JDK, kernel, CPU, load) that the numbers depend on; plus a TSV of the raw figures.
 */
final class Report {

    /**
     * One comparison. {@code lwp4j}, {@code c} and {@code peer} may be null (not measured, or not available);
     * {@code note} says why.
     */
    record Row(String benchmark, Figure lwp4j, Figure c, String cLabel, Figure peer, String peerLabel,
            Target target, String note) {}

    private final List<String> header = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<Double> loads = new ArrayList<>();
    private final List<String> profiles = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void header(String line) {
        header.add(line);
    }

    void row(Row row) {
        rows.add(row);
        if (row.note() != null) {
            notes.add("**" + row.benchmark() + "**: " + row.note());
        }
    }

    /**
     * A measured figure, with the 1-minute load average when it was taken: on a shared machine that says which
     * figures to trust.
     */
    void figure(Figure f, double load) {
        figures.add(f);
        loads.add(load);
    }

    void note(String note) {
        notes.add(note);
    }

    /** Secondary JMH results (profilers) of one benchmark. */
    void profile(String figureName, Map<String, String> secondary) {
        secondary.forEach((k, v) -> profiles.add("| " + figureName + " | " + k + " | " + v + " |"));
    }

    List<Row> rows() {
        return rows;
    }

    String markdown() {
        StringBuilder b = new StringBuilder("# lwp4j benchmark report\n\n");
        header.forEach(h -> b.append("- ").append(h).append('\n'));
        b.append("\n## Results\n\n");
        b.append("| benchmark | lwp4j median | spread | C reference | C median | lwp4j / C | peer | peer median "
                + "| peer / lwp4j | target | verdict |\n");
        b.append("|---|---:|---:|---|---:|---:|---|---:|---:|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.benchmark())
                    .append(" | ").append(r.lwp4j() == null ? "—" : r.lwp4j().medianText())
                    .append(" | ").append(r.lwp4j() == null ? "—" : spread(r.lwp4j()))
                    .append(" | ").append(r.c() == null ? "—" : r.cLabel())
                    .append(" | ").append(r.c() == null ? "—" : r.c().medianText())
                    .append(" | ").append(r.lwp4j() == null || r.c() == null ? "—" : ratio(r.lwp4j().ratioTo(r.c())))
                    .append(" | ").append(r.peer() == null ? "—" : r.peerLabel())
                    .append(" | ").append(r.peer() == null ? "—" : r.peer().medianText())
                    .append(" | ").append(r.lwp4j() == null || r.peer() == null ? "—"
                            : ratio(r.peer().ratioTo(r.lwp4j())))
                    .append(" | ").append(r.target().describe(r.peerLabel() == null ? "peer" : r.peerLabel()))
                    .append(" | ").append(r.target().verdict(r.lwp4j(), r.c(), r.peer()))
                    .append(" |\n");
        }
        b.append("\nlwp4j / C: 1.00 means as fast as the C reference, 1.20 means 20% slower. peer / lwp4j: how many "
                + "times faster lwp4j is than the peer tool. Spread: half the interquartile range of the rounds, "
                + "relative to the median. Load: the 1-minute load average when the figure was taken (this machine has "
                + Runtime.getRuntime().availableProcessors() + " CPUs).\n");
        b.append("\n## Every figure\n\n| figure | source | median | p25 – p75 | min – max | rounds | load | extra |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            b.append("| ").append(f.name()).append(" | ").append(f.source()).append(" | ").append(f.medianText())
                    .append(" | ").append(Figure.format(f.p25())).append(" – ").append(Figure.format(f.p75()))
                    .append(" | ").append(Figure.format(f.min())).append(" – ").append(Figure.format(f.max()))
                    .append(" | ").append(f.rounds()).append(" | ").append(String.format(Locale.ROOT, "%.1f", loads.get(i)))
                    .append(" | ").append(extra(f)).append(" |\n");
        }
        if (!profiles.isEmpty()) {
            b.append("\n## Profiles (JMH secondary results)\n\n| figure | metric | value |\n|---|---|---:|\n");
            profiles.forEach(p -> b.append(p).append('\n'));
            b.append("\nTextual profiles (e.g. `stack`) are in the JMH logs beside this report.\n");
        }
        if (!notes.isEmpty()) {
            b.append("\n## Notes\n\n");
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    String tsv() {
        StringBuilder b = new StringBuilder("figure\tsource\tunit\tmedian\tp25\tp75\tmin\tmax\trounds\tload\textra\n");
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            b.append(String.join("\t", f.name(), f.source(), f.unit(), num(f.median()), num(f.p25()), num(f.p75()),
                    num(f.min()), num(f.max()), Long.toString(f.rounds()), num(loads.get(i)), extra(f))).append('\n');
        }
        return b.toString();
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bench-report.md"), markdown());
        Files.writeString(dir.resolve("bench-results.tsv"), tsv());
    }

    private static String spread(Figure f) {
        return String.format(Locale.ROOT, "±%.1f%%", f.spreadPercent());
    }

    private static String ratio(double r) {
        return Target.fmt(r);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String extra(Figure f) {
        return f.extra().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
