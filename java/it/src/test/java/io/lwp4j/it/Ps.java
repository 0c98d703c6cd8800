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
