package io.lwp4j.cli.demo;

import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code lwp4j demo kernel-threads}: every kernel thread on this host, found by the kernel's own flag
 * ({@code PF_KTHREAD} in {@code stat}'s flags field), not by the bracket convention of {@code ps}: its PPID
 * (kthreadd, PID 2), the CPUs it may run on, and the evidence it has no user address space.
 */
@Command(name = "kernel-threads", description = {
    "Every kernel thread (PF_KTHREAD in /proc/PID/stat): PPID, allowed CPUs, no address space; counts by kind.",
    "Bounds: reads /proc once (well under a second), a few MiB of memory; starts nothing."})
public final class KernelThreadsDemo extends DemoSupport implements Callable<Integer> {
    private static final int MAX_ROWS = 24;

    /** One kernel thread and the evidence read for it. */
    record KernelThread(TaskInfo task, boolean hasVmSize, String maps) {}

    /** The kernel threads visible in this /proc: the processes whose main task has PF_KTHREAD set. */
    public static List<TaskInfo> kernelThreads() {
        List<TaskInfo> found = new ArrayList<>();
        for (int pid : Tasks.pids()) {
            Tasks.task(pid, pid).filter(TaskInfo::isKernelThread).ifPresent(found::add);
        }
        return found;
    }

    /** The kind of a kernel thread: its name up to the first '/' ({@code kworker/0:1H-events} is a kworker). */
    static String kind(String comm) {
        int slash = comm.indexOf('/');
        return slash > 0 ? comm.substring(0, slash) : comm;
    }

    @Override
    public Integer call() {
        explain("kernel-threads: tasks with no user space",
                "A kernel thread is a task the kernel runs for itself: a task_struct with no mm_struct (no user",
                "address space). ps shows them in [brackets] only by convention (an empty command line); the kernel's",
                "own mark is the PF_KTHREAD bit (0x00200000) in field 9 of /proc/PID/stat, which is what is read here.",
                "All are children of kthreadd (PID 2, itself a child of PID 0). Many are per CPU (ksoftirqd/N,",
                "migration/N, cpuhp/N): their allowed CPUs are that one CPU. None has a VmSize line in",
                "/proc/PID/status, and /proc/PID/maps is empty: there is no address space to describe.");
        List<KernelThread> found = new ArrayList<>();
        for (TaskInfo t : kernelThreads()) {
            boolean vm = statusField(t.tid(), "VmSize").isPresent();
            String maps;
            try {
                maps = Files.readAllBytes(Paths.get("/proc/" + t.tid() + "/maps")).length == 0 ? "empty" : "not empty";
            } catch (IOException e) {
                maps = "unreadable (" + e.getClass().getSimpleName() + ")";
            }
            found.add(new KernelThread(t, vm, maps));
        }
        Map<String, Integer> byKind = new TreeMap<>();
        found.forEach(k -> byKind.merge(kind(k.task().name()), 1, Integer::sum));
        long withVmSize = found.stream().filter(KernelThread::hasVmSize).count();
        long emptyMaps = found.stream().filter(k -> k.maps().equals("empty")).count();
        if (json) {
            StringBuilder b = new StringBuilder("{\"demo\":\"kernel-threads\",\"count\":").append(found.size())
                    .append(",\"withVmSize\":").append(withVmSize).append(",\"emptyMaps\":").append(emptyMaps)
                    .append(",\"byKind\":{");
            int i = 0;
            for (Map.Entry<String, Integer> e : byKind.entrySet()) {
                b.append(i++ == 0 ? "" : ",").append(Json.str(e.getKey())).append(':').append(e.getValue());
            }
            b.append("},\"kernelThreads\":[");
            for (int k = 0; k < found.size(); k++) {
                TaskInfo t = found.get(k).task();
                b.append(k == 0 ? "" : ",").append("{\"pid\":").append(t.tid()).append(",\"ppid\":").append(t.ppid())
                        .append(",\"comm\":").append(Json.str(t.name())).append(",\"cpus\":")
                        .append(Json.str(t.cpusAllowedList())).append('}');
            }
            out.println(b.append("]}"));
            return 0;
        }
        if (found.isEmpty()) {
            out.println("   No kernel thread is visible here: this /proc belongs to a PID namespace (a container), which");
            out.println("   shows only its own processes. Run it on the host to see them.");
            out.println();
            return 0;
        }
        out.printf("   %d kernel threads (PF_KTHREAD set); %d with a VmSize line in status; maps empty for %d of them.%n",
                found.size(), withVmSize, emptyMaps);
        out.println("   By kind (name up to the first '/'):");
        StringBuilder line = new StringBuilder("     ");
        for (Map.Entry<String, Integer> e : byKind.entrySet()) {
            String item = e.getKey() + " " + e.getValue() + "   ";
            if (line.length() + item.length() > 110) {
                out.println(line);
                line = new StringBuilder("     ");
            }
            line.append(item);
        }
        out.println(line);
        out.println();
        out.printf("   %7s %7s %-30s %-10s %-8s %s%n", "PID", "PPID", "COMM", "CPUS", "VmSize", "MAPS");
        List<Integer> shown = new ArrayList<>();
        for (KernelThread k : sample(found)) {
            TaskInfo t = k.task();
            out.printf("   %7d %7d %-30s %-10s %-8s %s%n", t.tid(), t.ppid(), printable(t.name()), t.cpusAllowedList(),
                    k.hasVmSize() ? "yes" : "none", k.maps());
            shown.add(t.tid());
        }
        out.println();
        printPsRowsOfProcesses("ps -eLf rows of the same tasks (CMD in brackets: they have no command line):",
                shown.stream().mapToInt(Integer::intValue).toArray());
        if (found.size() > shown.size()) {
            out.println("   (" + (found.size() - shown.size()) + " more; all of them: lwp4j ps --kernel)");
            out.println();
        }
        return 0;
    }

    /** At most MAX_ROWS threads: kthreadd and the first of each kind, then more until the limit. */
    private static List<KernelThread> sample(List<KernelThread> all) {
        List<KernelThread> picked = new ArrayList<>();
        Map<String, Boolean> seen = new TreeMap<>();
        for (KernelThread k : all) {
            if (picked.size() < MAX_ROWS && seen.putIfAbsent(kind(k.task().name()), true) == null) {
                picked.add(k);
            }
        }
        for (KernelThread k : all) {
            if (picked.size() < MAX_ROWS && !picked.contains(k)) {
                picked.add(k);
            }
        }
        picked.sort((a, b) -> Integer.compare(a.task().tid(), b.task().tid()));
        return picked;
    }
}
