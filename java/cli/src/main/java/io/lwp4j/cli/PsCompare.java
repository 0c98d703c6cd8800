package io.lwp4j.cli;

import java.util.List;

/**
 * Compares lwp4j's {@code ps -eLf} lines with the real ones. C (CPU % over the task's life) and TIME (CPU time)
 * move while a task runs — C by several points a second in a young process — so the summary counts rows that
 * differ only in those two columns separately from rows that differ elsewhere.
 */
final class PsCompare {
    private PsCompare() {}

    /** "all 27 rows identical", or how many matched exactly, within a tick, and not at all. */
    static String summary(List<String> mine, List<String> real) {
        int exact = 0;
        int tick = 0;
        int n = Math.min(mine.size(), real.size());
        for (int i = 1; i < n; i++) {
            if (mine.get(i).equals(real.get(i))) {
                exact++;
            } else if (sameButCpuColumns(mine.get(i), real.get(i))) {
                tick++;
            }
        }
        int rows = Math.max(mine.size(), real.size()) - 1;
        boolean header = !mine.isEmpty() && !real.isEmpty() && mine.get(0).equals(real.get(0));
        if (exact == rows && header) {
            return "all " + rows + " rows and the header identical.";
        }
        return exact + " of " + rows + " rows identical, " + tick + " differing only in C or TIME (CPU use moved"
                + " between the two reads), " + (rows - exact - tick) + " different; header "
                + (header ? "identical" : "different") + ".";
    }

    /** True when the rows agree on every column but C and TIME. */
    static boolean sameButCpuColumns(String a, String b) {
        String[] x = a.trim().split("\\s+", 10);
        String[] y = b.trim().split("\\s+", 10);
        if (x.length != 10 || y.length != 10) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (i != 4 && i != 8 && !x[i].equals(y[i])) {
                return false;
            }
        }
        return true;
    }
}
