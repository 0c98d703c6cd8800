package io.lwp4j.cli;

import io.lwp4j.JavaThreads;
import io.lwp4j.JvmAttach;
import io.lwp4j.Lwp4jException;
import io.lwp4j.ThreadView;
import io.lwp4j.ps.PsFormat;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import io.lwp4j.cli.demo.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lwp4j ps [PID…] [--java] [--json]}. Without options: exactly the lines {@code ps -eLf} prints for those
 * processes (or for all), header included — read from {@code /proc} by lwp4j, so it works where no {@code ps} is
 * installed. {@code --java} joins each task of a JVM with its Java thread (this JVM directly, another through the
 * attach listener) and shows the TID in the process's own PID namespace beside the one this {@code /proc} shows.
 *
 * <p>{@code --java} treats every other process as untrusted ({@link JvmAttach}): without PIDs it talks only to
 * processes whose attach listener already runs (its socket, owned by its user, in its {@code /tmp}) and signals
 * nobody; a PID the user names may have its listener started by the JDK's {@code SIGQUIT} handshake, but only when
 * it is a JVM by evidence ({@code libjvm.so} mapped and {@code SIGQUIT} caught). Every exchange has a deadline
 * ({@code --timeout}); a process that does not answer is reported on stderr ("did not answer") and listed without
 * Java names. Every name from another process is escaped for the screen ({@link PsFormat#forScreen}); JSON escapes
 * every control character.
 */
@Command(name = "ps", description = {"Without options: the rows `ps -eLf` prints, for PIDs or all processes.",
    "--java: each task of a JVM joined with its Java thread; --json: for scripts;",
    "--kernel / --no-kernel: only / no kernel threads."})
final class PsCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PID", description = "Processes to show (default: all).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--java", description = "Add Java thread names, ids and states (JVMs this user can attach to).")
    boolean java;

    @Option(names = "--json", description = "Print a JSON array of tasks instead of text.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "--java: the deadline for each JVM to "
            + "answer (default: 3).")
    double timeoutSeconds = JvmAttach.DEFAULT_TIMEOUT.toMillis() / 1000.0;

    @Option(names = "--kernel", negatable = true, description = {"--kernel: only kernel threads (PF_KTHREAD in "
            + "/proc/PID/stat's flags, not the [bracket] convention); --no-kernel: everything else."})
    Boolean kernel;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        for (int pid : pids) {
            if (pid <= 0) {
                throw new IllegalArgumentException("ps: a PID is a positive number, not " + pid);
            }
        }
        int missing = 0;
        for (int pid : pids) {
            if (!Files.isDirectory(Paths.get("/proc/" + pid))) {
                System.err.println("lwp4j ps: no process " + pid);
                missing++;
            }
        }
        if (!java && !json) {
            int[] p = pids.stream().mapToInt(Integer::intValue).toArray();
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
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) {
            throw new IllegalArgumentException("ps: --timeout is 0 to 3600 seconds (exclusive of 0), not "
                    + timeoutSeconds);
        }
        Duration timeout = Duration.ofNanos((long) (timeoutSeconds * 1e9));
        boolean named = !pids.isEmpty();
        // Listing all: each process on a small pool, so that JVMs that do not answer cost one deadline, not one
        // each. Named PIDs: on this thread, one after the other (each with its deadline).
        List<Integer> targets = new ArrayList<>();
        for (int pid : named ? pids : allPids()) {
            if (!named || Files.isDirectory(Paths.get("/proc/" + pid))) { // a missing named one is said above
                targets.add(pid);
            }
        }
        ExecutorService pool = java && !named ? Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lwp4j-ps");
            t.setDaemon(true);
            return t;
        }) : null;
        List<Future<List<ThreadView>>> parts = new ArrayList<>();
        for (int pid : targets) {
            Callable<List<ThreadView>> part =
                    () -> java ? javaView(pid, timeout, named) : plain(Tasks.of(pid));
            if (pool != null) {
                parts.add(pool.submit(part));
            } else {
                FutureTask<List<ThreadView>> now = new FutureTask<>(part);
                now.run();
                parts.add(now);
            }
        }
        if (pool != null) {
            pool.shutdown();
        }
        List<ThreadView> views = new ArrayList<>();
        for (Future<List<ThreadView>> part : parts) {
            try {
                views.addAll(part.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Lwp4jException("ps: interrupted", e);
            } catch (ExecutionException e) {
                if (named && e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause(); // a PID the user named: say why it failed
                }
                if (!(e.getCause() instanceof Lwp4jException)) {
                    throw new Lwp4jException("ps: " + e.getCause(), e.getCause());
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
    private int[] selected(int[] candidates) {
        return Arrays.stream(candidates)
                .filter(pid -> Tasks.task(pid, pid).map(t -> t.isKernelThread() == kernel).orElse(false)).toArray();
    }

    private static List<Integer> allPids() {
        List<Integer> all = new ArrayList<>();
        for (int p : Tasks.pids()) {
            all.add(p);
        }
        return all;
    }

    /**
     * The Java view of {@code pid}: joined with Java threads when it is a JVM we may and can reach, else its tasks
     * alone. A process the user did not name is asked only when its attach listener already runs (its socket is the
     * evidence; nothing is sent to find out). A JVM that does not answer in time is said on stderr.
     */
    private static List<ThreadView> javaView(int pid, Duration timeout, boolean named) {
        if (!named && pid != ProcessHandle.current().pid() && JvmAttach.attachSocket(pid).isEmpty()) {
            return plain(Tasks.of(pid));
        }
        try {
            return JavaThreads.snapshotOf(pid, timeout, named);
        } catch (io.lwp4j.NoSuchTaskException e) {
            throw e;
        } catch (JvmAttach.NoAnswerException e) {
            System.err.println("lwp4j ps: process " + pid + " did not answer (" + PsFormat.forScreen(e.getMessage())
                    + "); shown without Java names");
            return plain(Tasks.of(pid));
        } catch (Lwp4jException notAJvm) {
            if (named) {
                System.err.println("lwp4j ps: " + PsFormat.forScreen(notAJvm.getMessage())
                        + "; shown without Java names");
            }
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
            out.printf("%7d %7d %7d %-16s %7s %-13s %-6s %s%n", t.tgid(), t.tid(), t.innermostTid(),
                    PsFormat.forScreen(t.name()),
                    j == null ? "-" : Long.toString(j.id()), j == null ? "-" : j.state().name(),
                    j == null ? "-" : j.daemon() ? "yes" : "no",
                    j == null ? "-" : PsFormat.forScreen(j.name()) + (j.carriedVirtualThreadId() >= 0
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
