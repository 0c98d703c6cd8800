package io.lwp4j.bench;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the system and this process hold, for memory-per-task figures: the kernel's {@code KernelStack},
 * {@code Slab} (with its parts {@code SUnreclaim} and {@code SReclaimable}) and {@code PageTables} from
 * {@code /proc/meminfo} and the process's {@code VmRSS}, in kB as the kernel prints them. The same fields, read the
 * same way, as {@code native/bench/bench_blocked.c}. {@code /proc/meminfo} is system-wide: other processes move it
 * too, {@code SReclaimable} (dentries, inodes) most.
 */
record MemSample(long kernelStack, long slab, long sUnreclaim, long sReclaimable, long pageTables, long rss) {

    /** The components of {@link #perTaskKiB}, in its order (the figure names' last part). */
    static final String[] COMPONENTS = {"kstack", "slab", "sunreclaim", "sreclaimable", "pagetables", "rss",
        "kernel", "total"};

    static MemSample now() throws IOException {
        Map<String, Long> m = fields("/proc/meminfo");
        m.putAll(fields("/proc/self/status"));
        return new MemSample(get(m, "KernelStack"), get(m, "Slab"), get(m, "SUnreclaim"), get(m, "SReclaimable"),
                get(m, "PageTables"), get(m, "VmRSS"));
    }

    /**
     * The growth from {@code before} to this sample divided by {@code n}, in KiB per task, in the order of
     * {@link #COMPONENTS}: kernel = kernel stack + slab + page tables; total = kernel + RSS.
     */
    double[] perTaskKiB(MemSample before, int n) {
        double[] d = {kernelStack - before.kernelStack, slab - before.slab, sUnreclaim - before.sUnreclaim,
            sReclaimable - before.sReclaimable, pageTables - before.pageTables, rss - before.rss, 0, 0};
        for (int i = 0; i < 6; i++) {
            d[i] /= n;
        }
        d[6] = d[0] + d[1] + d[4];
        d[7] = d[6] + d[5];
        return d;
    }

    /** Tasks alive on the whole system: the denominator of /proc/loadavg's fourth field (the kernel's nr_threads). */
    static long systemTasks() {
        return Machine.read("/proc/loadavg").map(s -> s.split(" ")[3]).map(s -> Long.parseLong(
                s.substring(s.indexOf('/') + 1))).orElse(-1L);
    }

    private static Map<String, Long> fields(String file) throws IOException {
        String text = Machine.read(file).orElseThrow(() -> new IOException("cannot read " + file));
        Map<String, Long> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            String[] v = colon < 0 ? new String[0] : line.substring(colon + 1).strip().split("\\s+");
            if (v.length == 2 && v[1].equals("kB")) {
                m.put(line.substring(0, colon), Long.parseLong(v[0]));
            }
        }
        return m;
    }

    private static long get(Map<String, Long> m, String key) throws IOException {
        Long v = m.get(key);
        if (v == null) {
            throw new IOException("no " + key + " in /proc/meminfo or /proc/self/status");
        }
        return v;
    }
}
