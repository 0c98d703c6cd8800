package io.lwp4j.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code ps -eLf} split into its columns, for comparing lwp4j's rendering with the real {@code ps}: the
 * one ps-row comparator of the tests of core, cli and it. C (CPU % over the task's life), NLWP and TIME move while
 * two programs read, so {@link #masked()} blanks C, NLWP and TIME out and {@link #cpuTimeMasked()} C and TIME only
 * (keeping every other character's position: the columns are right-aligned, so the padding before a moving field is
 * blanked with it), and {@link #cpu()}, {@link #nlwp()} and {@link #timeSeconds()} give them as numbers for a
 * tolerance check.
 */
public record PsRow(String line, long pid, long lwp, int cpu, int nlwp, long timeSeconds, String cmd, String masked,
        String cpuTimeMasked) {

    /** UID PID PPID LWP C NLWP STIME TTY TIME, then exactly one blank, then CMD (which may itself start blank). */
    private static final Pattern ROW = Pattern.compile(
            "^(\\S+)(\\s+)(\\d+)(\\s+)(\\d+)(\\s+)(\\d+)(\\s+)(\\d+)(\\s+)(\\d+)(\\s+)(\\S+)(\\s+)(\\S+)(\\s+)(\\S+) (.*)$");

    /** Whether a line is a {@code ps -eLf} row (not the header, not a blank line). */
    public static boolean isRow(String line) {
        return ROW.matcher(line).matches();
    }

    /** @throws IllegalArgumentException when the line is no {@code ps -eLf} row */
    public static PsRow parse(String line) {
        Matcher m = ROW.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a ps -eLf row: " + line);
        }
        StringBuilder masked = new StringBuilder(line);
        blank(masked, m, 8, 11); // C and NLWP, right-aligned: " 9" and "12" take one place, blanks included
        blank(masked, m, 16, 17); // TIME
        StringBuilder cpuTime = new StringBuilder(line);
        blank(cpuTime, m, 8, 9);
        blank(cpuTime, m, 16, 17);
        return new PsRow(line, Long.parseLong(m.group(3)), Long.parseLong(m.group(7)), Integer.parseInt(m.group(9)),
                Integer.parseInt(m.group(11)), seconds(m.group(17)), m.group(18), masked.toString(),
                cpuTime.toString());
    }

    /** True when two lines are equal, or two rows equal but for C and TIME. */
    public static boolean sameButCpuColumns(String a, String b) {
        return a.equals(b) || isRow(a) && isRow(b) && parse(a).cpuTimeMasked().equals(parse(b).cpuTimeMasked());
    }

    private static void blank(StringBuilder b, Matcher m, int fromGroup, int toGroup) {
        for (int i = m.start(fromGroup); i < m.end(toGroup); i++) {
            b.setCharAt(i, '#');
        }
    }

    /** [DD-]HH:MM:SS in seconds. */
    public static long seconds(String time) {
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
    public String key() {
        return pid + "/" + lwp;
    }
}
