package io.lwp4j.cli.demo;

/**
 * Just enough JSON writing for {@code --json} output: strings escaped per RFC 8259, and beyond it every character
 * a terminal could act on (C0, DEL, C1 {@code 0x80–0x9F}, and the line/paragraph separators U+2028/U+2029) as
 * {@code \\uXXXX}, so that JSON of names taken from other processes is safe to print.
 */
public final class Json {
    private Json() {}

    /** {@code s} as a JSON string literal, or {@code null}. */
    public static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
