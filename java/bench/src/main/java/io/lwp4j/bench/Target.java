package io.lwp4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A performance target of the issue, checked against the figures of one report row. Absent bounds are NaN.
 *
 * @param max               the lwp4j median may be at most this, in {@code unit}
 * @param min               the lwp4j median must be at least this, in {@code unit}
 * @param unit              the unit of {@code max} and {@code min} ({@code ns/op}, {@code KiB/task}, {@code tasks})
 * @param maxRatioToC       lwp4j / C reference may be at most this
 * @param minSpeedupVsPeer  peer / lwp4j must be at least this (lwp4j that many times faster than the peer)
 */
record Target(double max, double min, String unit, double maxRatioToC, double minSpeedupVsPeer) {
    static final Target NONE = new Target(Double.NaN, Double.NaN, "ns/op", Double.NaN, Double.NaN);

    static Target atMostNanos(double nanos) {
        return atMost(nanos, "ns/op");
    }

    /** The median at most {@code value} {@code unit} (e.g. 32 KiB/task). */
    static Target atMost(double value, String unit) {
        return new Target(value, Double.NaN, unit, Double.NaN, Double.NaN);
    }

    /** The median at least {@code value} {@code unit} (e.g. 20,000 tasks). */
    static Target atLeast(double value, String unit) {
        return new Target(Double.NaN, value, unit, Double.NaN, Double.NaN);
    }

    static Target atMostTimesC(double ratio) {
        return new Target(Double.NaN, Double.NaN, "ns/op", ratio, Double.NaN);
    }

    static Target timesCAndFasterThanPeer(double ratio, double speedup) {
        return new Target(Double.NaN, Double.NaN, "ns/op", ratio, speedup);
    }

    /** "≤ 1.3× C, ≥ 3× faster than peer", "≤ 5 ns", "≥ 20000 tasks", or "—". */
    String describe(String peerName) {
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(max)) {
            parts.add("≤ " + number(max) + " " + shortUnit());
        }
        if (!Double.isNaN(min)) {
            parts.add("≥ " + number(min) + " " + shortUnit());
        }
        if (!Double.isNaN(maxRatioToC)) {
            parts.add("≤ " + number(maxRatioToC) + "× C");
        }
        if (!Double.isNaN(minSpeedupVsPeer)) {
            parts.add("≥ " + number(minSpeedupVsPeer) + "× faster than " + peerName);
        }
        return parts.isEmpty() ? "—" : String.join(", ", parts);
    }

    /**
     * "pass", "MISS (why)", "n/a (figure missing)" or "—" (no target). {@code lwp4j}, {@code c} and {@code peer}
     * may be null when not measured.
     */
    String verdict(Figure lwp4j, Figure c, Figure peer) {
        if (this.equals(NONE)) {
            return "—";
        }
        if (lwp4j == null || (!Double.isNaN(maxRatioToC) && c == null)
                || (!Double.isNaN(minSpeedupVsPeer) && peer == null)) {
            return "n/a (figure missing)";
        }
        List<String> misses = new ArrayList<>();
        if (!Double.isNaN(max) && lwp4j.medianIn(unit) > max) {
            misses.add(Figure.format(lwp4j.medianIn(unit)) + " " + shortUnit() + " > " + number(max) + " "
                    + shortUnit());
        }
        if (!Double.isNaN(min) && lwp4j.medianIn(unit) < min) {
            misses.add(Figure.format(lwp4j.medianIn(unit)) + " " + shortUnit() + " < " + number(min) + " "
                    + shortUnit());
        }
        if (!Double.isNaN(maxRatioToC) && lwp4j.ratioTo(c) > maxRatioToC) {
            misses.add(fmt(lwp4j.ratioTo(c)) + "× C > " + fmt(maxRatioToC) + "×");
        }
        if (!Double.isNaN(minSpeedupVsPeer) && peer.ratioTo(lwp4j) < minSpeedupVsPeer) {
            misses.add("only " + fmt(peer.ratioTo(lwp4j)) + "× faster than the peer");
        }
        return misses.isEmpty() ? "pass" : "**MISS** (" + String.join("; ", misses) + ")";
    }

    /** "ns" for ns/op; other units as they are. */
    private String shortUnit() {
        return unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
    }

    /** 5 -> "5", 1.15 -> "1.15". */
    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static String fmt(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }
}
