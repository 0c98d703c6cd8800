package io.lwp4j.internal.attach;

import io.lwp4j.Lwp4jException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * The JVM's own thread dump ({@code jcmd <pid> Thread.print}, the {@code threadPrint} diagnostic command), read for
 * the one fact no Java API gives: the kernel TID of each platform thread.
 *
 * <p>A header line looks like this on Java 19+ (the TID in brackets and as a decimal {@code nid}):
 * <pre>"main" #1 [5762] prio=5 os_prio=0 cpu=693.17ms elapsed=1.25s tid=0x00007f40c802aa70 nid=5762 waiting …</pre>
 * and on Java 17 (no brackets; {@code nid} in hex):
 * <pre>"main" #1 prio=5 os_prio=0 cpu=745.14ms elapsed=1.47s tid=0x00007fba48018020 nid=0x1592 waiting …</pre>
 * A carrier thread's header is followed by {@code "   Carrying virtual thread #<id>"} while a virtual thread is
 * mounted on it.
 *
 * <p>Names are printed raw, so a name may hold quotes, {@code #}, brackets or even a newline. The parser therefore
 * never tokenises names: for each thread it knows (name and id from {@link Thread}) it looks for the exact prefix
 * {@code "<name>" #<id> } at the start of a line; the id makes the match unique.
 */
public final class ThreadDump {
    private ThreadDump() {}

    /** What the dump says about one platform thread: its TID and the virtual thread it carries (or -1). */
    public record Entry(long javaId, int tid, long carriedVirtualId) {}

    /** Runs the {@code threadPrint} diagnostic command of this JVM and returns its text. */
    public static String threadPrint() {
        return threadPrint(ManagementFactory.getPlatformMBeanServer());
    }

    /** Runs {@code threadPrint} in the JVM behind {@code server} (this one, or another through JMX). */
    public static String threadPrint(MBeanServerConnection server) {
        try {
            Object text = server.invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "threadPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return (String) text;
        } catch (JMException | IOException | RuntimeException e) {
            throw new Lwp4jException("cannot take the JVM's thread dump (DiagnosticCommand threadPrint; needs the "
                    + "jdk.management module): " + e, e);
        }
    }

    /** Parses {@code dump} for the given threads; threads missing from it (ended, renamed meanwhile) are absent. */
    public static Map<Long, Entry> parse(String dump, Iterable<Thread> threads) {
        Map<Long, String> names = new HashMap<>();
        for (Thread t : threads) {
            names.put(JavaThreadIds.idOf(t), t.getName());
        }
        return parse(dump, names);
    }

    /**
     * Parses {@code dump} for the threads named in {@code namesById} (Java id to name, for example from another
     * JVM's {@code ThreadMXBean}); threads missing from the dump are absent from the result.
     */
    public static Map<Long, Entry> parse(String dump, Map<Long, String> namesById) {
        Map<Long, Entry> out = new HashMap<>();
        for (Map.Entry<Long, String> t : namesById.entrySet()) {
            long id = t.getKey();
            String key = "\"" + t.getValue() + "\" #" + id + " ";
            int at = -1;
            do {
                at = dump.indexOf(key, at + 1);
            } while (at > 0 && dump.charAt(at - 1) != '\n');
            if (at < 0) {
                continue;
            }
            int lineStart = at + key.length();
            int lineEnd = dump.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = dump.length();
            }
            int tid = tidIn(dump, lineStart, lineEnd);
            if (tid <= 0) {
                continue;
            }
            out.put(id, new Entry(id, tid, carried(dump, lineEnd)));
        }
        return out;
    }

    /** {@code [5762]} right after the id (Java 19+), else {@code nid=0x1592} or {@code nid=5762}. */
    private static int tidIn(String s, int from, int to) {
        if (from < to && s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close > from && close < to) {
                return parseInt(s, from + 1, close, 10);
            }
        }
        int nid = s.indexOf(" nid=", from);
        if (nid < 0 || nid >= to) {
            return -1;
        }
        int start = nid + 5;
        int end = start;
        while (end < to && s.charAt(end) != ' ') {
            end++;
        }
        if (s.startsWith("0x", start)) {
            return parseInt(s, start + 2, end, 16);
        }
        return parseInt(s, start, end, 10);
    }

    /** A thread header of a dump parsed without knowing the names in advance (another JVM's dump). */
    public record Header(long javaId, String name, boolean daemon, Thread.State state, int tid,
            long carriedVirtualId) {}

    /**
     * Every platform thread header of {@code dump}, for a JVM whose threads we cannot enumerate. The name is taken
     * up to the last {@code "\" #<digits> "} of the header line (a name holding that very sequence, or a newline,
     * would be misread; lwp4j's own JVM never needs this path).
     */
    public static java.util.List<Header> parseHeaders(String dump) {
        java.util.List<Header> out = new java.util.ArrayList<>();
        forEachHeaderLine(dump, (at, end) -> {
            Header h = header(dump, at, end);
            if (h != null) {
                out.add(h);
            }
        });
        return out;
    }

    /** What to do with one thread header line of a dump, {@code [at, end)}. */
    private interface HeaderLine {
        void accept(int at, int end);
    }

    /** Calls {@code each} for every line of {@code dump} that starts with a quote (a thread's header). */
    private static void forEachHeaderLine(String dump, HeaderLine each) {
        int at = 0;
        while (at < dump.length()) {
            int end = dump.indexOf('\n', at);
            if (end < 0) {
                end = dump.length();
            }
            if (dump.charAt(at) == '"') {
                each.accept(at, end);
            }
            at = end + 1;
        }
    }

    private static Header header(String s, int from, int to) {
        int idMark = -1;
        for (int i = s.indexOf("\" #", from); i >= 0 && i < to; i = s.indexOf("\" #", i + 1)) {
            int d = i + 3;
            int e = d;
            while (e < to && Character.isDigit(s.charAt(e))) {
                e++;
            }
            if (e > d && e < to && s.charAt(e) == ' ') {
                idMark = i;
            }
        }
        if (idMark < 0) {
            return null;
        }
        String name = s.substring(from + 1, idMark);
        int idStart = idMark + 3;
        int idEnd = idStart;
        while (Character.isDigit(s.charAt(idEnd))) {
            idEnd++;
        }
        long id = Long.parseLong(s, idStart, idEnd, 10);
        int rest = idEnd + 1;
        int p = rest; // "[tid] " (Java 19+), then "daemon " for a daemon thread
        if (p < to && s.charAt(p) == '[') {
            int close = s.indexOf("] ", p);
            p = close > 0 && close < to ? close + 2 : p;
        }
        boolean daemon = s.startsWith("daemon ", p);
        int tid = tidIn(s, rest, to);
        if (tid <= 0) {
            return null;
        }
        Thread.State state = null;
        String marker = "   java.lang.Thread.State: ";
        int next = to + 1;
        if (s.startsWith(marker, next)) {
            int e = next + marker.length();
            int f = e;
            while (f < s.length() && (Character.isLetter(s.charAt(f)) || s.charAt(f) == '_')) {
                f++;
            }
            try {
                state = Thread.State.valueOf(s.substring(e, f));
            } catch (IllegalArgumentException ignored) {
                state = null;
            }
        }
        return new Header(id, name, daemon, state, tid, carried(s, to));
    }

    /**
     * A thread of a dump, Java or the JVM's own, with its top frames.
     *
     * @param javaId the Java id, or -1 for a JVM-internal thread ({@code "VM Thread"}, {@code "GC Thread#0"}, …)
     * @param state the Java state, or {@code null} (an internal thread, or a dump without the state line)
     * @param frames up to the asked-for number of frames, innermost first, as the dump prints them after
     *     {@code "\tat "}: {@code pkg.Class.method(File.java:123)}
     */
    public record DumpThread(long javaId, String name, boolean daemon, Thread.State state, int tid,
            long carriedVirtualId, List<String> frames) {}

    /**
     * Every thread header of {@code dump} that gives a TID — Java threads as {@link #parseHeaders} reads them, and
     * the JVM's internal threads (no {@code #id}: the name is the quoted text before {@code " os_prio="}) — each
     * with at most {@code maxFrames} of its frames.
     */
    public static List<DumpThread> parseThreads(String dump, int maxFrames) {
        List<DumpThread> out = new ArrayList<>();
        forEachHeaderLine(dump, (at, end) -> {
            Header h = header(dump, at, end);
            if (h != null) {
                out.add(new DumpThread(h.javaId(), h.name(), h.daemon(), h.state(), h.tid(),
                        h.carriedVirtualId(), frames(dump, end, maxFrames)));
            } else {
                int mark = dump.lastIndexOf("\" os_prio=", end);
                int tid = mark > at ? tidIn(dump, mark, end) : -1;
                if (tid > 0) {
                    out.add(new DumpThread(-1, dump.substring(at + 1, mark), false, null, tid, -1, List.of()));
                }
            }
        });
        return out;
    }

    /** The {@code "\tat "} lines after a header, up to the blank line that ends its block. */
    private static List<String> frames(String s, int headerEnd, int max) {
        if (max <= 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int at = headerEnd + 1;
        while (at < s.length() && out.size() < max) {
            int end = s.indexOf('\n', at);
            if (end < 0) {
                end = s.length();
            }
            if (end == at || s.charAt(at) == '"') {
                break; // the blank line after a thread's block, or the next header
            }
            if (s.startsWith("\tat ", at)) {
                out.add(s.substring(at + 4, end));
            }
            at = end + 1;
        }
        return out;
    }

    private static final String CARRYING = "   Carrying virtual thread #";

    private static long carried(String s, int lineEnd) {
        int next = lineEnd + 1;
        if (!s.startsWith(CARRYING, next)) {
            return -1;
        }
        int start = next + CARRYING.length();
        int end = start;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end > start ? Long.parseLong(s, start, end, 10) : -1;
    }

    private static int parseInt(String s, int from, int to, int radix) {
        try {
            return Integer.parseInt(s, from, to, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
