package io.lwp4j.internal;

import io.lwp4j.Lwp4jException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
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
