package io.lwp4j.proc;

import java.util.BitSet;

/** The kernel's CPU list format ({@code "0-3,8,10-11"}, as in {@code Cpus_allowed_list}) parsed into a set. */
public final class CpuList {
    private CpuList() {}

    /**
     * Parses a CPU list; an empty string is the empty set.
     *
     * @throws IllegalArgumentException when the text is not a CPU list
     */
    public static BitSet parse(String list) {
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
}
