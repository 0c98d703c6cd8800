package io.lwp4j.ps;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * procps-ng 4.0.2's treatment of command lines and names, byte for byte: how {@code library/readproc.c} turns
 * {@code /proc/<pid>/cmdline} into one string, how {@code library/escape.c} cleans it, and how {@code ps}'s own
 * {@code escape_str} in {@code src/ps/output.c} cleans it once more for the screen.
 *
 * <p>Both escapes depend on the locale's character set ({@code LC_ALL}, else {@code LC_CTYPE}, else {@code LANG}):
 * in a UTF-8 locale printable multi-byte characters pass and everything else becomes {@code '?'}; in any other
 * locale every byte above 0x7f becomes {@code '?'} and control characters become {@code '.'}.
 */
final class PsEscape {
    private PsEscape() {}

    /** {@code MAX_BUFSZ} in readproc.c: procps reads at most this much of a command line. */
    static final int MAX_CMDLINE = 1024 * 64 * 2;

    /** The length of a UTF-8 sequence by its lead byte, as library/escape.c's {@code UTF_tab}; -1 when invalid. */
    private static int utfLength(int b) {
        if (b < 0x80) {
            return 1;
        }
        if (b < 0xc2) {
            return -1;
        }
        if (b < 0xe0) {
            return 2;
        }
        if (b < 0xf0) {
            return 3;
        }
        return b < 0xf5 ? 4 : -1;
    }

    /** True when the environment selects a UTF-8 character set, as glibc's {@code setlocale(LC_ALL, "")} would. */
    static boolean utf8Locale() {
        String v = null;
        for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            v = System.getenv(name);
            if (v != null && !v.isEmpty()) {
                break;
            }
        }
        if (v == null) {
            return false;
        }
        String s = v.toLowerCase(java.util.Locale.ROOT);
        return s.contains("utf-8") || s.contains("utf8");
    }

    /**
     * The CMD text procps makes of a command line (readproc.c {@code read_unvectored} with {@code ' '}, then
     * {@code escape_str}): NULs and newlines become spaces, trailing NULs and one trailing blank go.
     *
     * @return the cleaned bytes, or null when the file was empty (procps then shows {@code [comm]})
     */
    static byte[] commandLine(byte[] raw, int n, boolean utf8) {
        if (n == 0) {
            return null;
        }
        byte[] dst = new byte[n];
        System.arraycopy(raw, 0, dst, 0, n);
        int i = n;
        while (i > 0 && dst[i - 1] == 0) {
            i--;
        }
        for (int k = 0; k < i; k++) {
            if (dst[k] == '\n' || dst[k] == 0) {
                dst[k] = ' ';
            }
        }
        if (dst[n - 1] == ' ') {
            dst[n - 1] = 0;
        }
        int len = 0;
        while (len < n && dst[len] != 0) {
            len++;
        }
        byte[] s = java.util.Arrays.copyOf(dst, len);
        libraryEscape(s, utf8);
        return s.length == 0 ? new byte[] {'?'} : s; // procps: strdup(dst_buffer[0] ? dst_buffer : "?")
    }

    /** What procps shows for an empty command line: {@code [comm]}, plus {@code " <defunct>"} for a zombie. */
    static byte[] bracketedName(String comm, char state, boolean utf8) {
        byte[] name = comm.getBytes(StandardCharsets.UTF_8);
        libraryEscape(name, utf8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length + 12);
        out.write('[');
        out.write(name, 0, name.length);
        out.write(']');
        if (state == 'Z') {
            out.writeBytes(" <defunct>".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** library/escape.c {@code escape_str}: in place, same length. */
    static void libraryEscape(byte[] s, boolean utf8) {
        if (!utf8) {
            escapeAll(s, 0);
            return;
        }
        for (int i = 0; i < s.length; ) {
            int b = s[i] & 0xff;
            int n = utfLength(b);
            if (n < 0 || i + n > s.length) {
                escapeAll(s, i); // a corrupt string: from here on, every non-ASCII byte goes
                return;
            }
            if (b < 0x20 || b == 0x7f) {
                s[i] = '?';
            }
            i += n;
        }
    }

    /** library/escape.c {@code esc_all}: controls to '.', bytes above 0x7f to '?'. */
    private static void escapeAll(byte[] s, int from) {
        for (int i = from; i < s.length; i++) {
            int b = s[i] & 0xff;
            if (b < 0x20 || b == 0x7f) {
                s[i] = '.';
            } else if (b >= 0x80) {
                s[i] = '?';
            }
        }
    }

    /**
     * ps's own {@code escape_str} (output.c), applied to every text column as it is printed.
     *
     * <p>In UTF-8 each character is decoded as glibc's {@code mbrtowc} does; an invalid byte becomes one
     * {@code '?'}, and so does a character that is not printable ({@code iswprint}, approximated with the JDK's
     * Unicode tables: assigned, not a control, not a line or paragraph separator).
     */
    static String forScreen(byte[] s, boolean utf8) {
        StringBuilder out = new StringBuilder(s.length);
        if (!utf8) {
            for (byte value : s) {
                int b = value & 0xff;
                out.append(b < 0x20 || b == 0x7f ? '.' : b >= 0x80 ? '?' : (char) b);
            }
            return out.toString();
        }
        for (int i = 0; i < s.length; ) {
            int b = s[i] & 0xff;
            if (b < 0x80) {
                out.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
                i++;
                continue;
            }
            int cp = decode(s, i);
            if (cp < 0) {
                out.append('?');
                i++;
            } else {
                int len = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (printable(cp)) {
                    out.appendCodePoint(cp);
                } else {
                    out.append('?');
                }
                i += len;
            }
        }
        return out.toString();
    }

    /** The code point of a well-formed UTF-8 sequence at {@code i}, or -1 (overlong, surrogate, cut or bad). */
    private static int decode(byte[] s, int i) {
        int b = s[i] & 0xff;
        int n = utfLength(b);
        if (n < 2 || i + n > s.length) {
            return -1;
        }
        int cp = b & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            int c = s[i + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff))
                || (cp >= 0xd800 && cp <= 0xdfff)) {
            return -1;
        }
        return cp;
    }

    private static boolean printable(int cp) {
        int type = Character.getType(cp);
        return type != Character.UNASSIGNED && type != Character.CONTROL && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
    }
}
