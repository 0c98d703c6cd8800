package io.lwp4j.it;

import io.lwp4j.testing.PsRow;
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
            PsRow m = PsRow.parse(mine.get(i));
            PsRow a = PsRow.parse(after.get(i));
            PsRow b = PsRow.parse(before.get(i));
            String context = "lwp4j: " + mine.get(i) + "\nps:    " + after.get(i);
            org.junit.jupiter.api.Assertions.assertEquals(a.cpuTimeMasked(), m.cpuTimeMasked(), context);
            org.junit.jupiter.api.Assertions.assertTrue(m.cpu() >= Math.min(b.cpu(), a.cpu()) - 1
                    && m.cpu() <= Math.max(b.cpu(), a.cpu()) + 1,
                    () -> "C " + m.cpu() + " not within [" + b.cpu() + ", " + a.cpu() + "] ±1: " + context);
            org.junit.jupiter.api.Assertions.assertTrue(m.timeSeconds() >= b.timeSeconds()
                    && m.timeSeconds() <= a.timeSeconds(), () -> "TIME not between the two looks: " + context);
        }
    }

    private static List<String> lwps(List<String> rows) {
        List<String> out = new ArrayList<>();
        for (String r : rows.subList(1, rows.size())) {
            out.add(column(r, 3));
        }
        return out;
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
