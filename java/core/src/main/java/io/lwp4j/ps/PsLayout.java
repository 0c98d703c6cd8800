package io.lwp4j.ps;

/**
 * procps-ng 4.0.2's placement of columns on a line ({@code show_one_proc} in {@code src/ps/output.c}), ported
 * statement by statement so that a value wider than its column shifts the following columns exactly as {@code ps}
 * does: {@code correct} is where the next column should start, {@code actual} where the text so far ends, and a
 * right-aligned column gives up its left padding to absorb an earlier overflow.
 *
 * <p>{@code activeCols} is the line width: {@link #UNLIMITED_WIDTH} when {@code ps}'s output is not a terminal
 * and {@code COLUMNS} is unset (the case this port is verified against).
 */
final class PsLayout {
    /** {@code OUTBUF_SIZE} in src/ps/common.h: the width ps assumes when stdout is not a terminal. */
    static final int UNLIMITED_WIDTH = 2 * 64 * 1024;

    /** {@code SPACE_AMOUNT}: the most blanks ps puts before one column. */
    private static final int SPACE_AMOUNT = 144;

    /** The alignment classes of the columns of {@code ps -f} ({@code CF_*} in common.h). */
    enum Align { USER, LEFT, RIGHT, UNLIMITED }

    /** One column: its header, its width and its alignment. */
    record Column(String header, int width, Align align) {}

    private final Column[] columns;
    private final int activeCols;

    PsLayout(Column[] columns, int activeCols) {
        this.columns = columns.clone();
        this.activeCols = activeCols;
    }

    /** The header line. */
    String header() {
        String[] names = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            names[i] = columns[i].header();
        }
        return line(names);
    }

    /**
     * One line from the columns' texts (already formatted and escaped; the width of each text is taken as its
     * number of code points, which is its number of terminal cells for everything but wide CJK characters).
     */
    String line(String[] values) {
        StringBuilder out = new StringBuilder(128);
        int correct = 0;
        int actual = 0;
        int dospace = 0;
        for (int i = 0; ; i++) {
            Column col = columns[i];
            boolean last = i == columns.length - 1;
            String value = values[i];
            int tmpspace = 0;
            int maxRightward;
            if (!last) {
                maxRightward = col.width();
            } else {
                tmpspace = correct - actual;
                if (tmpspace < 1) {
                    tmpspace = dospace;
                    maxRightward = activeCols - actual - tmpspace;
                } else {
                    maxRightward = activeCols - Math.max(correct, actual);
                }
            }
            maxRightward = Math.max(0, Math.min(maxRightward, UNLIMITED_WIDTH - 1));
            if (last) {
                value = cut(value, maxRightward); // pr_args escapes into at most max_rightward cells
            }
            int amount = value.codePointCount(0, value.length());
            int leftpad;
            switch (col.align()) {
                case RIGHT:
                    leftpad = Math.max(0, col.width() - amount);
                    break;
                case UNLIMITED:
                    if (activeCols - actual - tmpspace < 1) {
                        value = cut(value, 1); // "oops, we (mostly) lose this column..."
                    }
                    leftpad = 0;
                    break;
                default: // LEFT, and USER when user names are shown (not -n): no left padding
                    leftpad = 0;
                    break;
            }
            int space = correct - actual + leftpad;
            if (space < 1) {
                space = dospace;
            }
            space = Math.min(space, SPACE_AMOUNT);
            for (int s = 0; s < space; s++) {
                out.append(' ');
            }
            out.append(value);
            if (last) {
                return out.toString();
            }
            actual += space + amount;
            correct += col.width() + 1;
            dospace = 1;
        }
    }

    private static String cut(String s, int cells) {
        if (s.codePointCount(0, s.length()) <= cells) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, cells));
    }
}
