package io.lwp4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the figures depend on: JDK, kernel, CPU, speculation mitigations and load, read from the system. */
final class Machine {
    private Machine() {}

    static String jdk() {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.name") + ")";
    }

    static String kernel() {
        String arch = System.getProperty("os.arch");
        return "Linux " + read("/proc/sys/kernel/osrelease").orElse("?") + " " + (arch.equals("amd64") ? "x86_64"
                : arch);
    }

    static String cpu() {
        String model = read("/proc/cpuinfo").flatMap(s -> s.lines().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip())).orElse("unknown CPU");
        return model + ", " + Runtime.getRuntime().availableProcessors() + " CPUs available";
    }

    /**
     * The two mitigations that decide what a syscall costs here: spectre_v2 (RSB filling) and
     * spec_rstack_overflow (Safe RET). With them, the first {@code ret} after a syscall mispredicts, so a syscall
     * inside a called function (glibc's {@code syscall()}, the shim's {@code lwp_gettid}) costs more than an
     * inlined one.
     */
    static String mitigations() {
        String dir = "/sys/devices/system/cpu/vulnerabilities/";
        return "spectre_v2: " + read(dir + "spectre_v2").orElse("?") + "; spec_rstack_overflow: "
                + read(dir + "spec_rstack_overflow").orElse("?");
    }

    /** The highest CPU in this process's affinity ({@code Cpus_allowed_list}), 0 when unknown. */
    static int lastAllowedCpu() {
        return read("/proc/self/status").flatMap(s -> s.lines()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst())
                .map(l -> l.substring(l.lastIndexOf(':') + 1).strip().split("[,-]"))
                .map(parts -> Integer.parseInt(parts[parts.length - 1].strip())).orElse(0);
    }

    /** The 1-minute load average. */
    static double load() {
        return read("/proc/loadavg").map(s -> Double.parseDouble(s.split(" ")[0])).orElse(Double.NaN);
    }

    /**
     * A small /proc or /sys file, stripped. Not {@code Files.readString}: it reads a size-0 file with a 1-byte
     * read first, and an integer sysctl (e.g. /proc/sys/kernel/pid_max, "32768") answers only its first byte
     * then, since the kernel returns nothing for a read at a non-zero offset of such a file.
     */
    static Optional<String> read(String path) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return Optional.of(new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
