package io.lwp4j.bench;

import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.util.ListStatistics;
import org.openjdk.jmh.util.Statistics;

/**
 * One measured figure: the median and spread of repeated rounds (JMH iterations, C rounds or process runs).
 *
 * <p>Every source is summarised with JMH's own estimator ({@link Statistics#getPercentile}), and the C kit
 * ({@code native/bench/bench_kit.h}) implements the same one, so medians from JMH, C and process runs compare.
 *
 * @param name   a stable key, e.g. {@code gettid.raw}, {@code tid.uncached}, {@code list.c}
 * @param unit   a time per operation ({@code ns/op}, {@code us/op}, {@code ms/op}, {@code s/op}), a memory size per
 *               task ({@code KiB/task}) or a count ({@code tasks}); figures compare only within one kind
 * @param source where it was measured: {@code jmh}, {@code c} or {@code process}
 * @param extra  further integer facts the source reported (e.g. {@code tasks})
 */
public record Figure(String name, String unit, double median, double p25, double p75, double min, double max,
        long rounds, String source, Map<String, Long> extra) {

    public Figure {
        extra = Map.copyOf(extra);
        scale(unit); // validates the unit
    }

    /** A figure from JMH-style statistics (used for JMH results and for timed process runs). */
    public static Figure of(String name, String unit, Statistics s, String source) {
        return new Figure(name, unit, s.getPercentile(50), s.getPercentile(25), s.getPercentile(75), s.getMin(),
                s.getMax(), s.getN(), source, Map.of());
    }

    /** A figure from raw samples. */
    public static Figure of(String name, String unit, double[] samples, String source) {
        return of(name, unit, new ListStatistics(samples), source);
    }

    /** The same figure under another name. */
    public Figure named(String newName) {
        return new Figure(newName, unit, median, p25, p75, min, max, rounds, source, extra);
    }

    /**
     * Half the interquartile range as a percentage of the median's size: "±x%" in the report (a growth near zero,
     * e.g. SReclaimable per task, can have a negative median).
     */
    public double spreadPercent() {
        return median == 0 ? 0 : (p75 - p25) / 2 / Math.abs(median) * 100;
    }

    /** The median in another unit of the same kind (time, memory or count). */
    public double medianIn(String otherUnit) {
        if (!kind(unit).equals(kind(otherUnit))) {
            throw new IllegalArgumentException("cannot compare " + unit + " with " + otherUnit);
        }
        return median * scale(unit) / scale(otherUnit);
    }

    /** This figure's median divided by {@code other}'s, in a common unit. */
    public double ratioTo(Figure other) {
        return median / other.medianIn(unit);
    }

    /** "109.5 ns/op". */
    public String medianText() {
        return format(median) + " " + unit;
    }

    static String format(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    /** The size of a unit within its kind: nanoseconds per operation, bytes per task, tasks. */
    private static double scale(String unit) {
        return switch (unit) {
            case "ns/op", "B/task", "tasks", "%CPU" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            case "KiB/task" -> 1024;
            default -> throw new IllegalArgumentException("not a unit of the report (time per operation, "
                    + "B/task, KiB/task, tasks, %CPU): " + unit);
        };
    }

    private static String kind(String unit) {
        scale(unit);
        return unit.endsWith("/op") ? "time" : unit.endsWith("/task") ? "memory" : "count";
    }
}
