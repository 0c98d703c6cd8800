package io.lwp4j.proc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code ps -eLf} split into its columns, for comparing our rendering with the real {@code ps}.
 * C, NLWP and TIME move while the two programs read, so {@link #masked()} blanks them out (keeping their
 * positions) and {@link #cpu()}, {@link #nlwp()} and {@link #timeSeconds()} give them as numbers for a tolerance
 * check.
 */
record PsRow(String line, long pid, long lwp, int cpu, int nlwp, long timeSeconds, String cmd, String masked) {

    /** UID PID PPID LWP C NLWP STIME TTY TIME, then exactly one blank, then CMD (which may itself start blank). */
    private static final Pattern ROW = Pattern.compile(
            "^(\\S+)(\\s+)(\\d+)(\\s+)(\\d+)(\\s+)(\\d+)(\\s+)(\\d+)(\\s+)(\\d+)(\\s+)(\\S+)(\\s+)(\\S+)(\\s+)(\\S+) (.*)$");

    static PsRow parse(String line) {
        Matcher m = ROW.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a ps -eLf row: " + line);
        }
        StringBuilder masked = new StringBuilder(line);
        blank(masked, m, 8, 11); // C and NLWP, right-aligned: " 9" and "12" take one place, blanks included
        blank(masked, m, 16, 17);
        return new PsRow(line, Long.parseLong(m.group(3)), Long.parseLong(m.group(7)), Integer.parseInt(m.group(9)),
                Integer.parseInt(m.group(11)), seconds(m.group(17)), m.group(18), masked.toString());
    }

    private static void blank(StringBuilder b, Matcher m, int fromGroup, int toGroup) {
        for (int i = m.start(fromGroup); i < m.end(toGroup); i++) {
            b.setCharAt(i, '#');
        }
    }

    /** [DD-]HH:MM:SS in seconds. */
    static long seconds(String time) {
        long days = 0;
        int dash = time.indexOf('-');
        if (dash >= 0) {
            days = Long.parseLong(time.substring(0, dash));
            time = time.substring(dash + 1);
        }
        String[] p = time.split(":");
        return days * 86400 + Long.parseLong(p[0]) * 3600 + Long.parseLong(p[1]) * 60 + Long.parseLong(p[2]);
    }

    /** The key that identifies a row across reads. */
    String key() {
        return pid + "/" + lwp;
    }
}
