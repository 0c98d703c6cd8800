package io.lwp4j.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what {@code ps -eLf} and the test programs print. */
final class Ps {
    private Ps() {}

    /** The header and the rows of {@code ps -eLf} output whose PID column is {@code pid}. */
    static List<String> rowsOf(String psOutput, long pid) {
        List<String> out = new ArrayList<>();
        String[] lines = psOutput.split("\n");
        out.add(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length > 1 && f[1].equals(Long.toString(pid))) {
                out.add(lines[i]);
            }
        }
        return out;
    }

    /** Column {@code index} (0 = UID, 3 = LWP, 5 = NLWP) of a {@code ps -eLf} row. */
    static String column(String row, int index) {
        return row.trim().split("\\s+")[index];
    }

    /** A {@code ps -eLf} row: UID PID PPID LWP C NLWP STIME TTY TIME CMD (CMD may hold spaces). */
    private static final Pattern ROW = Pattern.compile(
            "^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+) (.*)$");
    private static final int C = 5;
    private static final int TIME = 9;

    /**
     * lwp4j's rows against two looks of {@code ps -eLf} taken just before and just after it: every character equal
     * to {@code after} except the C (CPU %) and TIME fields, which move between reads; those must lie between the
     * two looks (C within one more point of rounding). Fails the test naming the row.
     */
    static void assertSameRowsCpuBetween(List<String> before, List<String> mine, List<String> after) {
        org.junit.jupiter.api.Assertions.assertEquals(after.get(0), mine.get(0), "header");
        org.junit.jupiter.api.Assertions.assertEquals(lwps(after), lwps(mine), "the tasks (LWP column)");
        org.junit.jupiter.api.Assertions.assertEquals(lwps(after), lwps(before), "the tasks, before and after");
        for (int i = 1; i < mine.size(); i++) {
            Matcher m = row(mine.get(i));
            Matcher a = row(after.get(i));
            Matcher b = row(before.get(i));
            String context = "lwp4j: " + mine.get(i) + "\nps:    " + after.get(i);
            org.junit.jupiter.api.Assertions.assertEquals(masked(a), masked(m), context);
            int c = Integer.parseInt(m.group(C));
            int cb = Integer.parseInt(b.group(C));
            int ca = Integer.parseInt(a.group(C));
            org.junit.jupiter.api.Assertions.assertTrue(c >= Math.min(cb, ca) - 1 && c <= Math.max(cb, ca) + 1,
                    () -> "C " + c + " not within [" + cb + ", " + ca + "] ±1: " + context);
            org.junit.jupiter.api.Assertions.assertTrue(m.group(TIME).compareTo(b.group(TIME)) >= 0
                    && m.group(TIME).compareTo(a.group(TIME)) <= 0, () -> "TIME not between the two looks: " + context);
        }
    }

    private static List<String> lwps(List<String> rows) {
        List<String> out = new ArrayList<>();
        for (String r : rows.subList(1, rows.size())) {
            out.add(column(r, 3));
        }
        return out;
    }

    private static Matcher row(String line) {
        Matcher m = ROW.matcher(line);
        org.junit.jupiter.api.Assertions.assertTrue(m.matches(), () -> "not a ps -eLf row: " + line);
        return m;
    }

    /**
     * The row with the C and TIME fields blanked together with the padding before them (the columns are
     * right-aligned, so " 9" and "10" take the same width), so that the rest can be compared character by character.
     */
    private static String masked(Matcher m) {
        StringBuilder b = new StringBuilder(m.group());
        for (int g : new int[] {C, TIME}) {
            for (int k = m.end(g - 1); k < m.end(g); k++) {
                b.setCharAt(k, '#');
            }
        }
        return b.toString();
    }

    private static final Pattern WORKER = Pattern.compile("^worker (\\S+) tid=(\\d+)$", Pattern.MULTILINE);

    /** The {@code worker NAME tid=N} lines of {@link Workload}: name to the TID lwp4j gave it. */
    static Map<String, Integer> workerTids(String logs) {
        Map<String, Integer> out = new TreeMap<>();
        Matcher m = WORKER.matcher(logs);
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    /** The value of {@code key=value} on a line of its own (the probe's output), or null. */
    static String value(String logs, String key) {
        Matcher m = Pattern.compile("^" + Pattern.quote(key) + "=(.*)$", Pattern.MULTILINE).matcher(logs);
        return m.find() ? m.group(1) : null;
    }
}
