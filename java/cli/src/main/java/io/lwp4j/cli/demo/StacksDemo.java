package io.lwp4j.cli.demo;

import io.lwp4j.Lwp4j;
import io.lwp4j.Lwp4jException;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.pthread.NativeThread;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j demo stacks}: what a thread's stack costs. N tasks with the default stack (the {@code ulimit -s} the
 * process has, 8 MiB by default) against 64 KiB stacks: the address space (VSZ) each one reserves and the memory
 * (RSS) each one really uses, from {@code /proc/PID/status}; then how many fit under an address-space limit that
 * the demo sets itself ({@code RLIMIT_AS}, {@code ulimit -v}, on a child JVM through {@code prlimit}).
 */
@Command(name = "stacks", description = {
    "Default (ulimit -s, 8 MiB) vs small stacks: VSZ and RSS per thread, and how many fit under an RLIMIT_AS the "
            + "demo sets on a child JVM.",
    "Bounds: one child JVM (64 MiB heap) for at most 30 s; --threads (4-256) tasks per row; under the limit at most "
            + "--limit-mib (64-1024) MiB of address space, so at most ~130 8 MiB stacks and ~16,000 64 KiB ones."})
public final class StacksDemo extends DemoSupport implements Callable<Integer> {

    @Option(names = "--threads", description = "Threads per row (4-256, default ${DEFAULT-VALUE}).")
    int threads = 32;

    @Option(names = "--limit-mib", description = "Address space the limit leaves above the child JVM's own (64-1024 "
            + "MiB, default ${DEFAULT-VALUE}).")
    int limitMiB = 256;

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        check("--threads", threads, 4, 256);
        check("--limit-mib", limitMiB, 64, 1024);
        long defaultStack = defaultStackBytes();
        explain("stacks: address space reserved vs memory used",
                "Every thread has a stack: a mapping made when it is created. glibc sizes it by `ulimit -s` (here "
                        + defaultStack / 1024 + " KiB);",
                "the kernel reserves the address space (VSZ) at once, but gives memory (RSS) only to pages that are",
                "touched, so a thread that uses little stack costs little memory however big its stack is.",
                "What the big stacks do exhaust is address space: one thread per connection with 8 MiB stacks runs",
                "into an address-space limit (RLIMIT_AS, `ulimit -v`) long before memory. A child JVM makes",
                threads + " tasks of each kind (raw clone() tasks, and native threads running Java), then the demo sets",
                "its RLIMIT_AS to its current VSZ + " + limitMiB + " MiB and it makes tasks until the limit bites.");
        rows.clear();
        fits.clear();
        text.clear();
        limit = "none set";
        long vszKiB = runChild(Integer.toString(threads), null);
        if (vszKiB > 0) {
            // No prlimit (util-linux) here, as in a slim container: a second child JVM started under the shell's
            // `ulimit -v`, which sets RLIMIT_AS before exec, to the first one's VSZ plus the headroom.
            long kib = vszKiB + limitMiB * 1024L;
            limit = "RLIMIT_AS (ulimit -v) = " + (kib >> 10) + " MiB on a child JVM, set with the shell's ulimit -v";
            runChild("fit", Long.toString(kib));
        }
        if (json) {
            out.println("{\"demo\":\"stacks\",\"defaultStackKiB\":" + defaultStack / 1024 + ",\"rows\":["
                    + String.join(",", rows) + "],\"limit\":" + Json.str(limit) + ",\"underLimit\":["
                    + String.join(",", fits) + "]}");
            return 0;
        }
        out.printf("   %-34s %9s %8s %12s %12s%n", "KIND", "STACK KiB", "THREADS", "VSZ KiB/THR", "RSS KiB/THR");
        boolean limitShown = false;
        for (String l : text) {
            if (l.startsWith("   ") && l.contains("tasks fit") && !limitShown) {
                out.println();
                out.println("   Under the limit the demo set: " + limit);
                limitShown = true;
            }
            out.println(l.startsWith("PS") ? "   " + l.substring(2) : l);
        }
        out.println();
        return 0;
    }

    private final List<String> rows = new ArrayList<>();
    private final List<String> fits = new ArrayList<>();
    private final List<String> text = new ArrayList<>();
    private String limit;

    /**
     * Runs a child JVM ({@code what}: the thread count, or {@code "fit"} for the run to the limit only, under
     * {@code ulimitKiB} when given) and collects its lines. Returns the VSZ it reported when prlimit could not set
     * its limit (the caller then runs a second child under {@code ulimit -v}), else 0.
     */
    private long runChild(String what, String ulimitKiB) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (ulimitKiB != null) {
            cmd.addAll(List.of("/bin/sh", "-c", "ulimit -v \"$1\" && shift && exec \"$@\"", "sh", ulimitKiB));
        }
        cmd.addAll(childJvm(List.of("-Xmx64m", "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=64m",
                "-XX:CompressedClassSpaceSize=32m", "-XX:TieredStopAtLevel=1", "-Dlwp4j.task.stackCache=0"),
                Child.class.getName(), what, Long.toString(defaultStackBytes())));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("MALLOC_ARENA_MAX", "1"); // no per-thread malloc arenas (64 MiB of VSZ each)
        Process child = pb.start();
        long unlimitedVsz = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream toChild = child.getOutputStream()) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                String[] f = l.split("\t");
                switch (f[0]) {
                    case "ROW":
                        rows.add("{\"kind\":" + Json.str(f[1]) + ",\"stackKiB\":" + f[2] + ",\"threads\":" + f[3]
                                + ",\"vszKiBPerThread\":" + f[4] + ",\"rssKiBPerThread\":" + f[5] + "}");
                        text.add(String.format("   %-34s %9s %8s %12s %12s", f[1], f[2], f[3], f[4], f[5]));
                        break;
                    case "PS":
                        text.add("PS" + l.substring(3));
                        break;
                    case "VSZ":
                        long vszKiB = Long.parseLong(f[1]);
                        limit = setAddressSpaceLimit(child.pid(), (vszKiB + limitMiB * 1024L) * 1024);
                        boolean set = !limit.startsWith("none");
                        unlimitedVsz = set ? 0 : vszKiB;
                        toChild.write((set ? "GO\n" : "SKIP\n").getBytes(StandardCharsets.US_ASCII));
                        toChild.flush();
                        break;
                    case "FIT":
                        fits.add("{\"stackKiB\":" + f[1] + ",\"fit\":" + f[2] + ",\"stoppedBy\":" + Json.str(f[3]) + "}");
                        text.add(String.format("   %6s KiB stacks: %5s tasks fit; then %s", f[1], f[2], f[3]));
                        break;
                    default:
                        text.add("   " + printable(l));
                }
            }
        } finally {
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException("the child JVM failed (exit " + child.exitValue() + ")");
        }
        return unlimitedVsz;
    }

    /** glibc's default pthread stack: RLIMIT_STACK's soft value ({@code ulimit -s}), 8 MiB when unlimited. */
    static long defaultStackBytes() throws java.io.IOException {
        for (String l : Files.readAllLines(Paths.get("/proc/self/limits"))) {
            if (l.startsWith("Max stack size")) {
                String soft = l.substring(26).trim().split("\\s+")[0];
                long v = soft.equals("unlimited") ? 8L << 20 : Long.parseLong(soft);
                return Math.max(RawTask.MIN_STACK_SIZE, Math.min(RawTask.MAX_STACK_SIZE, v / 4096 * 4096));
            }
        }
        return 8L << 20;
    }

    /** Sets the child's RLIMIT_AS with util-linux {@code prlimit}; says what was set, or why not. */
    private static String setAddressSpaceLimit(long pid, long bytes) throws Exception {
        String what = "RLIMIT_AS (ulimit -v) = " + (bytes >> 20) + " MiB on the child JVM, set with prlimit";
        try {
            Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--as=" + bytes + ":" + bytes)
                    .redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "none set: prlimit failed: " + printable(said);
            }
            return what;
        } catch (java.io.IOException e) {
            return "none set: no prlimit command (util-linux)";
        }
    }

    /**
     * The child JVM: prints {@code ROW} lines (kind, stack KiB, threads, VSZ and RSS KiB per thread) and {@code PS}
     * lines, then {@code VSZ} and waits for {@code GO} (its limit is set), then {@code FIT} lines.
     */
    public static final class Child {
        private Child() {}

        public static void main(String[] args) throws Exception {
            int defaultStack = (int) Long.parseLong(args[1]);
            if (args[0].equals("fit")) {
                fit(defaultStack, 1000);
                fit(64 * 1024, 20_000);
                return;
            }
            int n = Integer.parseInt(args[0]);
            int pid = (int) ProcessHandle.current().pid();
            // Warm up: load and link everything once, so the rows measure stacks, not the JVM's first use.
            rawRow(pid, "warm-up", 64 * 1024, 2, false);
            nativeRow(pid, "warm-up", 256 * 1024, 2);
            rawRow(pid, "raw clone() task, ulimit -s stack", defaultStack, n, true);
            rawRow(pid, "raw clone() task, 64 KiB stack", 64 * 1024, n, false);
            nativeRow(pid, "pthread (runs Java), default stack", 0, n);
            nativeRow(pid, "pthread (runs Java), 256 KiB stack", 256 * 1024, n);
            System.out.println("VSZ\t" + statusField(pid, "VmSize").orElse(0));
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            if (!"GO".equals(in.readLine())) {
                return;
            }
            fit(defaultStack, 1000);
            fit(64 * 1024, 20_000);
        }

        private static void rawRow(long pid, String kind, int stack, int n, boolean showPs) throws Exception {
            long vsz0 = statusField(pid, "VmSize").orElse(0);
            long rss0 = statusField(pid, "VmRSS").orElse(0);
            List<RawTask> tasks = new ArrayList<>();
            try (NativeMemory gate = NativeMemory.create(4096)) {
                TaskProgram p = TaskProgram.builder().setName("stack-" + stack / 1024 + "k")
                        .add(gate, 8, 1, TaskProgram.AddMode.ATOMIC).await(gate, 4, 0).build();
                try {
                    for (int i = 0; i < n; i++) {
                        tasks.add(RawTask.spawn(CloneFlag.threadPreset(), p, RawTask.Options.defaults().stackSize(stack)));
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (gate.getLongAcquire(8) < n && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    row(pid, kind, stack, n, vsz0, rss0);
                    if (showPs) {
                        List<Integer> tids = new ArrayList<>();
                        for (int i = 0; i < 3; i++) {
                            tids.add(tasks.get(i).tid());
                        }
                        System.out.println("PS\t   ps -eLf rows of three of them (LWPs of the child JVM):");
                        for (String l : psRows(tids)) {
                            System.out.println("PS\t   " + l);
                        }
                    }
                } finally {
                    Gates.open(gate);
                    for (RawTask t : tasks) {
                        t.join(Duration.ofSeconds(30));
                        t.close();
                    }
                }
            }
        }

        private static void nativeRow(long pid, String kind, int stack, int n) throws Exception {
            long vsz0 = statusField(pid, "VmSize").orElse(0);
            long rss0 = statusField(pid, "VmRSS").orElse(0);
            CountDownLatch started = new CountDownLatch(n);
            CountDownLatch release = new CountDownLatch(1);
            List<NativeThread> all = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    var b = NativeThread.builder().name("stack-native");
                    if (stack > 0) {
                        b.stackSize(stack);
                    }
                    all.add(b.start(() -> {
                        started.countDown();
                        PthreadsDemo.awaitQuietly(release);
                    }));
                }
                started.await(30, TimeUnit.SECONDS);
                row(pid, kind, stack == 0 ? defaultStackBytes() : stack, n, vsz0, rss0);
            } finally {
                release.countDown();
                for (NativeThread t : all) {
                    t.join(Duration.ofSeconds(30));
                }
            }
        }

        private static void row(long pid, String kind, long stack, int n, long vsz0, long rss0) {
            if (kind.equals("warm-up")) {
                return;
            }
            long vsz = statusField(pid, "VmSize").orElse(0) - vsz0;
            long rss = statusField(pid, "VmRSS").orElse(0) - rss0;
            System.out.println("ROW\t" + kind + "\t" + stack / 1024 + "\t" + n + "\t" + Math.round((double) vsz / n)
                    + "\t" + Math.round((double) Math.max(0, rss) / n));
        }

        /** Makes tasks with {@code stack}-byte stacks until one fails (or {@code cap}), then ends them all. */
        private static void fit(int stack, int cap) throws Exception {
            List<RawTask> tasks = new ArrayList<>();
            String stoppedBy = "the demo's cap of " + cap + " tasks";
            try (NativeMemory gate = NativeMemory.create(4096)) {
                TaskProgram p = TaskProgram.builder().setName("fit-" + stack / 1024 + "k").await(gate, 4, 0).build();
                try {
                    while (tasks.size() < cap) {
                        tasks.add(RawTask.spawn(CloneFlag.threadPreset(), p, RawTask.Options.defaults().stackSize(stack)));
                    }
                } catch (Lwp4jException | OutOfMemoryError e) {
                    stoppedBy = String.valueOf(e.getMessage());
                } finally {
                    Gates.open(gate);
                    for (RawTask t : tasks) {
                        t.join(Duration.ofSeconds(30));
                        t.close();
                    }
                }
            }
            System.out.println("FIT\t" + stack / 1024 + "\t" + tasks.size() + "\t" + stoppedBy.replace('\t', ' '));
            System.out.flush();
        }
    }
}
