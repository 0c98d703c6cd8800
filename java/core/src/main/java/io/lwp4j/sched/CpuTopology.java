package io.lwp4j.sched;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine's CPUs as {@code /sys/devices/system/cpu} describes them: which are online, and for each its core,
 * its package (socket) and its hardware-thread siblings (SMT). Plus the CPUs this process's cgroup lets it use,
 * which is what a container's {@code --cpuset-cpus} changes.
 *
 * @param possible the CPUs the kernel could ever bring online ({@code possible}: sizes the affinity masks)
 * @param online the CPUs online now
 * @param cpus one entry per online CPU, ascending
 */
public record CpuTopology(CpuSet possible, CpuSet online, List<Cpu> cpus) {
    private static final Path SYS_CPU = Paths.get("/sys/devices/system/cpu");

    /**
     * One online CPU.
     *
     * @param id its number
     * @param core {@code topology/core_id} (unique within its package only)
     * @param packageId {@code topology/physical_package_id}
     * @param siblings {@code topology/thread_siblings_list}: the hardware threads of its core, itself included
     */
    public record Cpu(int id, int core, int packageId, CpuSet siblings) {}

    /** The CPUs this process may run on and where that was read, e.g. a cgroup's {@code cpuset.cpus.effective}. */
    public record Allowed(CpuSet cpus, String source) {}

    public CpuTopology {
        cpus = List.copyOf(cpus);
    }

    /** Reads the topology now (CPUs can go on- and offline). */
    public static CpuTopology read() {
        CpuSet online = CpuSet.parse(readSys("online"));
        List<Cpu> cpus = new ArrayList<>();
        online.stream().forEach(id -> {
            String t = "cpu" + id + "/topology/";
            cpus.add(new Cpu(id, Integer.parseInt(readSys(t + "core_id")),
                    Integer.parseInt(readSys(t + "physical_package_id")),
                    CpuSet.parse(readSys(t + "thread_siblings_list"))));
        });
        return new CpuTopology(CpuSet.parse(readSys("possible")), online, cpus);
    }

    /** How many physical cores (distinct package and core id pairs). */
    public long coreCount() {
        return cpus.stream().map(c -> c.packageId() + ":" + c.core()).distinct().count();
    }

    /** How many packages (sockets). */
    public long packageCount() {
        return cpus.stream().mapToInt(Cpu::packageId).distinct().count();
    }

    /** The CPUs of this process's cgroup cpuset that are online: the only ones an affinity mask may name. */
    public static CpuSet allowedCpus() {
        return allowed().cpus();
    }

    /**
     * {@link #allowedCpus()} with where it came from: the cgroup v2 {@code cpuset.cpus.effective} (of this
     * process's cgroup or the nearest ancestor that has one), else cgroup v1's {@code cpuset.effective_cpus}, else
     * the online CPUs. A thread's own mask may be narrower ({@code taskset}); it may always be widened again to this.
     */
    public static Allowed allowed() {
        CpuSet online = CpuSet.parse(readSys("online"));
        for (String line : lines(Paths.get("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            Optional<Path> file = Optional.empty();
            if (f[0].equals("0") && f[1].isEmpty()) {
                file = nearest(Paths.get("/sys/fs/cgroup"), f[2], "cpuset.cpus.effective");
            } else if (List.of(f[1].split(",")).contains("cpuset")) {
                file = nearest(Paths.get("/sys/fs/cgroup/cpuset"), f[2], "cpuset.effective_cpus");
            }
            if (file.isPresent()) {
                String text = read(file.get()).trim();
                if (!text.isEmpty()) {
                    return new Allowed(CpuSet.parse(text).intersect(online), file.get().toString());
                }
            }
        }
        return new Allowed(online, SYS_CPU.resolve("online").toString());
    }

    /** Whether this process holds capability number {@code cap} in its effective set ({@code CapEff}). */
    static boolean hasCapability(int cap) {
        for (String line : lines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << cap)) != 0;
            }
        }
        return false;
    }

    /**
     * The cgroup v1 {@code cpu.rt_runtime_us} of this process's cpu cgroup when it is 0 (no real-time budget under
     * {@code CONFIG_RT_GROUP_SCHED}), else empty.
     */
    static Optional<String> rtRuntimeFile() {
        for (String line : lines(Paths.get("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains("cpu")) {
                Optional<Path> file = nearest(Paths.get("/sys/fs/cgroup/cpu"), f[2], "cpu.rt_runtime_us");
                if (file.isPresent() && read(file.get()).trim().equals("0")) {
                    return Optional.of(file.get().toString());
                }
            }
        }
        return Optional.empty();
    }

    /** The bytes of an affinity mask as wide as the kernel's ({@code nr_cpu_ids} bits in whole longs). */
    static int maskBytes() {
        int highest = CpuSet.parse(readSys("possible")).highest();
        return Math.max(8, (highest + 64) / 64 * 8);
    }

    /** {@code name} in {@code cgroup} or its nearest ancestor under {@code root}. */
    private static Optional<Path> nearest(Path root, String cgroup, String name) {
        String rel = cgroup.startsWith("/") ? cgroup.substring(1) : cgroup;
        for (Path dir = rel.isEmpty() ? root : root.resolve(rel); dir != null && dir.startsWith(root);
                dir = dir.getParent()) {
            Path f = dir.resolve(name);
            if (Files.isReadable(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static String readSys(String name) {
        return read(SYS_CPU.resolve(name)).trim();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new io.lwp4j.Lwp4jException("CpuTopology: cannot read " + p + ": " + e, e);
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
