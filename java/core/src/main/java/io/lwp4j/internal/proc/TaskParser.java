package io.lwp4j.internal.proc;

import io.lwp4j.proc.TaskInfo;
import java.nio.charset.StandardCharsets;

/**
 * Parses the bytes of {@code /proc/<pid>/task/<tid>/stat} and {@code .../status} into a {@link TaskInfo}.
 *
 * <p>This is the hot path of listing thousands of threads, so it works on the raw bytes: no regex, no
 * {@code String.split}, no intermediate strings except the name and the CPU list.
 */
public final class TaskParser {
    private TaskParser() {}

    private static final byte[] TGID = ascii("Tgid:");
    private static final byte[] UID = ascii("Uid:");
    private static final byte[] NSPID = ascii("NSpid:");
    private static final byte[] CPUS_ALLOWED_LIST = ascii("Cpus_allowed_list:");
    private static final byte[] VOLUNTARY = ascii("voluntary_ctxt_switches:");
    private static final byte[] NONVOLUNTARY = ascii("nonvoluntary_ctxt_switches:");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses one task.
     *
     * @throws IllegalArgumentException when {@code stat} is not a stat line (it never is, short of a kernel change)
     */
    public static TaskInfo parse(byte[] stat, int statLen, byte[] status, int statusLen) {
        return parse(stat, statLen, status, statusLen, 0, -1);
    }

    /**
     * Parses one task whose {@code status} may be left out ({@code statusLen == 0}, a projected read): then the TGID
     * and the uids are the ones given (the reader knows the TGID from the directory, and the owner from a
     * {@code stat(2)} of it), the NSpid chain and the CPU list are empty and the switch counts 0.
     */
    public static TaskInfo parse(byte[] stat, int statLen, byte[] status, int statusLen, int knownTgid, int knownUid) {
        // The name sits between the first '(' and the LAST ')': comm may itself hold spaces and parentheses (a
        // thread can name itself ") (" or "a) S 1"), and nothing after it can, so the last ')' is unambiguous.
        int open = indexOf(stat, 0, statLen, (byte) '(');
        int close = lastIndexOf(stat, statLen, (byte) ')');
        if (open < 0 || close < open || close + 2 >= statLen) {
            throw new IllegalArgumentException("not a /proc stat line: "
                    + new String(stat, 0, statLen, StandardCharsets.ISO_8859_1));
        }
        int tid = (int) parseLong(stat, 0, open - 1);
        String name = new String(stat, open + 1, close - open - 1, StandardCharsets.UTF_8);
        char state = (char) (stat[close + 2] & 0xff);

        // Fields after the state, numbered as in proc(5): 4 ppid ... 41 policy.
        long[] f = new long[42];
        int field = 4;
        int p = close + 4;
        while (p < statLen && field <= 41) {
            int end = p;
            while (end < statLen && stat[end] != ' ' && stat[end] != '\n') {
                end++;
            }
            f[field++] = parseLong(stat, p, end);
            p = end + 1;
        }
        if (field <= 41) {
            throw new IllegalArgumentException("short /proc stat line for tid " + tid + ": " + (field - 1) + " fields");
        }

        int tgid = knownTgid;
        int uid = knownUid;
        int euid = knownUid;
        int[] nsTids = new int[0];
        String cpus = "";
        long voluntary = 0;
        long involuntary = 0;
        for (int line = 0; line < statusLen; ) {
            int eol = indexOf(status, line, statusLen, (byte) '\n');
            if (eol < 0) {
                eol = statusLen;
            }
            switch (status[line]) {
                case 'T':
                    if (startsWith(status, line, eol, TGID)) {
                        tgid = (int) firstNumber(status, line + TGID.length, eol);
                    }
                    break;
                case 'U':
                    if (startsWith(status, line, eol, UID)) {
                        int v = skipBlanks(status, line + UID.length, eol);
                        int e = tokenEnd(status, v, eol);
                        uid = (int) parseLong(status, v, e);
                        euid = (int) firstNumber(status, e, eol);
                    }
                    break;
                case 'N':
                    if (startsWith(status, line, eol, NSPID)) {
                        nsTids = numbers(status, line + NSPID.length, eol);
                    }
                    break;
                case 'C':
                    if (startsWith(status, line, eol, CPUS_ALLOWED_LIST)) {
                        int v = skipBlanks(status, line + CPUS_ALLOWED_LIST.length, eol);
                        cpus = new String(status, v, eol - v, StandardCharsets.US_ASCII);
                    }
                    break;
                case 'v':
                    if (startsWith(status, line, eol, VOLUNTARY)) {
                        voluntary = firstNumber(status, line + VOLUNTARY.length, eol);
                    }
                    break;
                case 'n':
                    if (startsWith(status, line, eol, NONVOLUNTARY)) {
                        involuntary = firstNumber(status, line + NONVOLUNTARY.length, eol);
                    }
                    break;
                default:
                    break;
            }
            line = eol + 1;
        }
        return new TaskInfo(tid, tgid, (int) f[4], uid, euid, name, state, f[9], (int) f[7], f[14], f[15], f[22],
                (int) f[39], (int) f[18], (int) f[19], (int) f[40], (int) f[41], (int) f[20], voluntary, involuntary,
                cpus, nsTids);
    }

    /**
     * {@code statOnly} (parsed without {@code status}) with the fields only {@code status} has taken from
     * {@code earlier}, a full reading of the same task.
     */
    public static TaskInfo withStatusOf(TaskInfo statOnly, TaskInfo earlier) {
        TaskInfo t = statOnly;
        return new TaskInfo(t.tid(), earlier.tgid(), t.ppid(), earlier.uid(), earlier.euid(), t.name(), t.state(),
                t.flags(), t.ttyNr(), t.utimeTicks(), t.stimeTicks(), t.startTimeTicks(), t.processor(), t.priority(),
                t.nice(), t.rtPriority(), t.policy(), t.numThreads(), earlier.voluntaryContextSwitches(),
                earlier.involuntaryContextSwitches(), earlier.cpusAllowedList(), earlier.nsTids());
    }

    /** A decimal number, optionally negative; an unsigned 64-bit value past Long.MAX_VALUE wraps (never used). */
    public static long parseLong(byte[] b, int from, int to) {
        boolean negative = from < to && b[from] == '-';
        long v = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("not a number: "
                        + new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private static long firstNumber(byte[] b, int from, int eol) {
        int v = skipBlanks(b, from, eol);
        return parseLong(b, v, tokenEnd(b, v, eol));
    }

    private static int[] numbers(byte[] b, int from, int eol) {
        int count = 0;
        for (int i = skipBlanks(b, from, eol); i < eol; i = skipBlanks(b, tokenEnd(b, i, eol), eol)) {
            count++;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = skipBlanks(b, from, eol); i < eol; ) {
            int e = tokenEnd(b, i, eol);
            out[k++] = (int) parseLong(b, i, e);
            i = skipBlanks(b, e, eol);
        }
        return out;
    }

    private static int skipBlanks(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int tokenEnd(byte[] b, int i, int end) {
        while (i < end && b[i] != ' ' && b[i] != '\t') {
            i++;
        }
        return i;
    }

    private static boolean startsWith(byte[] b, int at, int eol, byte[] key) {
        if (eol - at < key.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (b[at + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    public static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int to, byte c) {
        for (int i = to - 1; i >= 0; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
