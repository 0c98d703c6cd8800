package io.lwp4j.sched;

import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * An immutable set of CPU numbers of any size: unlike glibc's fixed {@code cpu_set_t} (1024 CPUs) it grows with
 * the highest CPU, and {@link Scheduling} sizes the kernel mask from {@code /sys/devices/system/cpu/possible}.
 * Text form is the kernel's CPU list ({@code "0-3,8,10-11"}, as in {@code Cpus_allowed_list} and
 * {@code taskset -c}).
 */
public final class CpuSet {
    private static final CpuSet EMPTY = new CpuSet(new BitSet());

    private final BitSet cpus;

    private CpuSet(BitSet cpus) {
        this.cpus = cpus;
    }

    /** The given CPUs. @throws IllegalArgumentException for a negative CPU number */
    public static CpuSet of(int... cpus) {
        BitSet b = new BitSet();
        for (int c : cpus) {
            if (c < 0) {
                throw new IllegalArgumentException("CPU number " + c + " is negative");
            }
            b.set(c);
        }
        return new CpuSet(b);
    }

    /** CPUs {@code from} to {@code to}, both included. */
    public static CpuSet range(int from, int to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("CPU range " + from + "-" + to + " is empty or negative");
        }
        BitSet b = new BitSet();
        b.set(from, to + 1);
        return new CpuSet(b);
    }

    /** The empty set. */
    public static CpuSet empty() {
        return EMPTY;
    }

    /**
     * Parses the kernel's CPU list format ({@code "0-3,8"}; the empty string is the empty set; surrounding
     * whitespace, as in a {@code /sys} file, is ignored).
     *
     * @throws IllegalArgumentException when the text is not a CPU list
     */
    public static CpuSet parse(String list) {
        return new CpuSet(parseList(list.trim()));
    }

    private static BitSet parseList(String list) {
        BitSet cpus = new BitSet();
        int i = 0;
        int n = list.length();
        while (i < n) {
            int start = 0;
            int j = i;
            while (j < n && Character.isDigit(list.charAt(j))) {
                start = start * 10 + (list.charAt(j++) - '0');
            }
            if (j == i) {
                throw new IllegalArgumentException("not a CPU list: \"" + list + "\" at " + i);
            }
            int end = start;
            if (j < n && list.charAt(j) == '-') {
                int k = ++j;
                end = 0;
                while (j < n && Character.isDigit(list.charAt(j))) {
                    end = end * 10 + (list.charAt(j++) - '0');
                }
                if (j == k || end < start) {
                    throw new IllegalArgumentException("not a CPU list: \"" + list + "\" at " + k);
                }
            }
            cpus.set(start, end + 1);
            if (j < n && list.charAt(j) != ',') {
                throw new IllegalArgumentException("not a CPU list: \"" + list + "\" at " + j);
            }
            i = j + 1;
        }
        return cpus;
    }

    /** A copy of {@code bits} as a CPU set. */
    public static CpuSet of(BitSet bits) {
        return new CpuSet((BitSet) bits.clone());
    }

    /** A set from the kernel's mask words (bit {@code n % 64} of word {@code n / 64} is CPU {@code n}). */
    public static CpuSet fromLongArray(long[] words) {
        return new CpuSet(BitSet.valueOf(words));
    }

    /** The kernel's mask words, as {@code sched_setaffinity} takes them: bit {@code n % 64} of word {@code n / 64}. */
    public long[] toLongArray() {
        return cpus.toLongArray();
    }

    /** Whether {@code cpu} is in the set. */
    public boolean contains(int cpu) {
        return cpu >= 0 && cpus.get(cpu);
    }

    /** Whether every CPU of {@code other} is in this set. */
    public boolean containsAll(CpuSet other) {
        BitSet b = (BitSet) other.cpus.clone();
        b.andNot(cpus);
        return b.isEmpty();
    }

    /** The CPUs of this set that are not in {@code other}. */
    public CpuSet minus(CpuSet other) {
        BitSet b = (BitSet) cpus.clone();
        b.andNot(other.cpus);
        return new CpuSet(b);
    }

    /** The CPUs in both sets. */
    public CpuSet intersect(CpuSet other) {
        BitSet b = (BitSet) cpus.clone();
        b.and(other.cpus);
        return new CpuSet(b);
    }

    /** How many CPUs. */
    public int size() {
        return cpus.cardinality();
    }

    /** Whether the set is empty. */
    public boolean isEmpty() {
        return cpus.isEmpty();
    }

    /** The highest CPU number, or -1 when empty. */
    public int highest() {
        return cpus.length() - 1;
    }

    /** The CPU numbers in ascending order. */
    public IntStream stream() {
        return cpus.stream();
    }

    /** A copy as a {@link BitSet}. */
    public BitSet toBitSet() {
        return (BitSet) cpus.clone();
    }

    /** The kernel's CPU list format, e.g. {@code "0-3,8"}: what {@code Cpus_allowed_list} shows. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int i = cpus.nextSetBit(0);
        while (i >= 0) {
            int end = cpus.nextClearBit(i) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = cpus.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSet && ((CpuSet) o).cpus.equals(cpus);
    }

    @Override
    public int hashCode() {
        return cpus.hashCode();
    }
}
