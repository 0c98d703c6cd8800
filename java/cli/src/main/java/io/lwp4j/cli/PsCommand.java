package io.lwp4j.cli;

import io.lwp4j.JavaThreads;
import io.lwp4j.Lwp4jException;
import io.lwp4j.ThreadView;
import io.lwp4j.proc.PsFormat;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import io.lwp4j.cli.demo.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lwp4j ps [PID…] [--java] [--json]}. Without options: exactly the lines {@code ps -eLf} prints for those
 * processes (or for all), header included — read from {@code /proc} by lwp4j, so it works where no {@code ps} is
 * installed. {@code --java} joins each task of a JVM with its Java thread (this JVM directly, another through the
 * attach API) and shows the TID in the process's own PID namespace beside the one this {@code /proc} shows.
 */
@Command(name = "ps", description = {"Without options: the rows `ps -eLf` prints, for PIDs or all processes.",
    "--java: each task of a JVM joined with its Java thread; --json: for scripts;",
    "--kernel / --no-kernel: only / no kernel threads."})
final class PsCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PID", description = "Processes to show (default: all).")
    List<Long> pids = new ArrayList<>();

    @Option(names = "--java", description = "Add Java thread names, ids and states (JVMs this user can attach to).")
    boolean java;

    @Option(names = "--json", description = "Print a JSON array of tasks instead of text.")
    boolean json;

    @Option(names = "--kernel", negatable = true, description = {"--kernel: only kernel threads (PF_KTHREAD in "
            + "/proc/PID/stat's flags, not the [bracket] convention); --no-kernel: everything else."})
    Boolean kernel;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        for (long pid : pids) {
            if (pid <= 0) {
                throw new IllegalArgumentException("ps: a PID is a positive number, not " + pid);
            }
        }
        int missing = 0;
        for (long pid : pids) {
            if (!Files.isDirectory(Paths.get("/proc/" + pid))) {
                System.err.println("lwp4j ps: no process " + pid);
                missing++;
            }
        }
        if (!java && !json) {
            long[] p = pids.stream().mapToLong(Long::longValue).toArray();
            if (kernel != null) {
                p = selected(p.length == 0 ? Tasks.pids() : p);
                if (p.length == 0) {
                    out.println(PsFormat.system().header());
                    return missing == 0 ? 0 : 1;
                }
            }
            (p.length == 0 ? PsFormat.psEfL() : PsFormat.psEfL(p)).forEach(out::println);
            return missing == 0 ? 0 : 1;
        }
        List<ThreadView> views = new ArrayList<>();
        for (long pid : pids.isEmpty() ? allPids() : pids) {
            if (!pids.isEmpty() && !Files.isDirectory(Paths.get("/proc/" + pid))) {
                continue; // said above
            }
            try {
                views.addAll(java ? javaView(pid) : plain(Tasks.of(pid)));
            } catch (Lwp4jException e) {
                if (!pids.isEmpty()) {
                    throw e; // a PID the user named: say why it failed
                }
                // a process that ended or cannot be read while listing all: skip it, as ps does
            }
        }
        if (kernel != null) {
            views.removeIf(v -> v.task().isKernelThread() != kernel);
        }
        if (json) {
            printJson(views);
        } else {
            printJava(views);
        }
        return missing == 0 ? 0 : 1;
    }

    /** The PIDs among {@code candidates} that are (--kernel) or are not (--no-kernel) kernel threads. */
    private long[] selected(long[] candidates) {
        return Arrays.stream(candidates)
                .filter(pid -> Tasks.task(pid, pid).map(t -> t.isKernelThread() == kernel).orElse(false)).toArray();
    }

    private static List<Long> allPids() {
        List<Long> all = new ArrayList<>();
        for (long p : Tasks.pids()) {
            all.add(p);
        }
        return all;
    }

    /** The Java view of {@code pid}: joined with Java threads when it is a JVM we can reach, else tasks alone. */
    private static List<ThreadView> javaView(long pid) {
        try {
            return JavaThreads.snapshotOf(pid);
        } catch (io.lwp4j.NoSuchTaskException e) {
            throw e;
        } catch (Lwp4jException notAJvm) {
            return plain(Tasks.of(pid));
        }
    }

    private static List<ThreadView> plain(List<TaskInfo> tasks) {
        List<ThreadView> out = new ArrayList<>();
        for (TaskInfo t : tasks) {
            out.add(new ThreadView(t, null, false, Instant.now()));
        }
        return out;
    }

    private void printJava(List<ThreadView> views) {
        out.printf("%7s %7s %7s %-16s %7s %-13s %-6s %s%n", "PID", "TID", "NS-TID", "COMM", "JAVA-ID", "JAVA-STATE",
                "DAEMON", "JAVA-NAME");
        for (ThreadView v : views) {
            TaskInfo t = v.task();
            ThreadView.JavaThreadInfo j = v.java();
            out.printf("%7d %7d %7d %-16s %7s %-13s %-6s %s%n", t.tgid(), t.tid(), t.innermostTid(), t.name(),
                    j == null ? "-" : Long.toString(j.id()), j == null ? "-" : j.state().name(),
                    j == null ? "-" : j.daemon() ? "yes" : "no",
                    j == null ? "-" : j.name() + (j.carriedVirtualThreadId() >= 0
                            ? " (carrying virtual #" + j.carriedVirtualThreadId() + ")" : ""));
        }
    }

    private void printJson(List<ThreadView> views) {
        out.println("[");
        for (int i = 0; i < views.size(); i++) {
            ThreadView v = views.get(i);
            TaskInfo t = v.task();
            StringBuilder b = new StringBuilder("  {");
            b.append("\"pid\":").append(t.tgid()).append(",\"tid\":").append(t.tid())
                    .append(",\"ppid\":").append(t.ppid()).append(",\"uid\":").append(t.uid())
                    .append(",\"euid\":").append(t.euid()).append(",\"name\":").append(Json.str(t.name()))
                    .append(",\"state\":").append(Json.str(String.valueOf(t.state())))
                    .append(",\"nlwp\":").append(t.numThreads()).append(",\"lastCpu\":").append(t.processor())
                    .append(",\"utimeTicks\":").append(t.utimeTicks()).append(",\"stimeTicks\":")
                    .append(t.stimeTicks()).append(",\"startTimeTicks\":").append(t.startTimeTicks())
                    .append(",\"priority\":").append(t.priority()).append(",\"nice\":").append(t.nice())
                    .append(",\"policy\":").append(Json.str(t.policyName()))
                    .append(",\"cpusAllowed\":").append(Json.str(t.cpusAllowedList()))
                    .append(",\"voluntaryContextSwitches\":").append(t.voluntaryContextSwitches())
                    .append(",\"involuntaryContextSwitches\":").append(t.involuntaryContextSwitches())
                    .append(",\"kernelThread\":").append(t.isKernelThread()).append(",\"nspid\":[");
            int[] ns = t.nsTids();
            for (int k = 0; k < ns.length; k++) {
                b.append(k == 0 ? "" : ",").append(ns[k]);
            }
            b.append(']');
            ThreadView.JavaThreadInfo j = v.java();
            if (j != null) {
                b.append(",\"java\":{\"id\":").append(j.id()).append(",\"name\":").append(Json.str(j.name()))
                        .append(",\"state\":").append(Json.str(j.state().name())).append(",\"daemon\":")
                        .append(j.daemon()).append(",\"carriedVirtualThreadId\":")
                        .append(j.carriedVirtualThreadId() >= 0 ? Long.toString(j.carriedVirtualThreadId()) : "null")
                        .append('}');
            }
            b.append('}').append(i + 1 < views.size() ? "," : "");
            out.println(b);
        }
        out.println("]");
    }
}
