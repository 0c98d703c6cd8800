package io.lwp4j.cli.demo;

import io.lwp4j.memory.NativeMemory;
import io.lwp4j.proc.Tasks;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lwp4j demo clone-thread}: with CLONE_THREAD tasks are LWPs of this PID; without, each is its own PID. */
@Command(name = "clone-thread", description = "Tasks with CLONE_THREAD share our PID (TGID) and raise NLWP; without "
        + "it each is its own PID.")
public final class CloneThreadDemo extends DemoSupport implements Callable<Integer> {

    private static final int N = 3;

    @Override
    public Integer call() throws Exception {
        int pid = (int) ProcessHandle.current().pid();
        explain("clone-thread: one process with more threads, or more processes?",
                "Three tasks are made with CLONE_THREAD (and the VM, files, handlers it needs): each has its own TID",
                "but getpid() answers this JVM's PID, NLWP rises by three, and ps -eLf shows them as LWP rows of our",
                "PID. Three more are made without it (process-like): getpid() answers their own TID, their PPID is",
                "this JVM, and ps -eLf shows each as a PID of its own. Each task reports tid, getpid and getppid.");
        int nlwpBefore = Tasks.task(pid, pid).orElseThrow().numThreads();
        try (NativeMemory ids = NativeMemory.createShared(4096);
                NativeMemory gate = NativeMemory.createShared(4096)) {
            List<RawTask> threads = new ArrayList<>();
            List<RawTask> procs = new ArrayList<>();
            try {
                for (int i = 0; i < 2 * N; i++) {
                    boolean thread = i < N;
                    TaskProgram p = TaskProgram.builder().setName((thread ? "ct-thread-" : "ct-proc-") + (i % N + 1))
                            .writeIds(ids, 24L * i).signal(gate, 8 + 4L * i, 1).await(gate, 4, 0).build();
                    RawTask t = RawTask.spawn(thread ? CloneFlag.threadPreset() : CloneFlag.processPreset(), p);
                    (thread ? threads : procs).add(t);
                }
                for (int i = 0; i < 2 * N; i++) {
                    Gates.awaitWord(gate, 8 + 4L * i);
                }
                int nlwpDuring = Tasks.task(pid, pid).orElseThrow().numThreads();
                if (json) {
                    StringBuilder b = new StringBuilder("{\"demo\":\"clone-thread\",\"pid\":").append(pid)
                            .append(",\"nlwpBefore\":").append(nlwpBefore).append(",\"nlwpDuring\":")
                            .append(nlwpDuring).append(",\"tasks\":[");
                    for (int i = 0; i < 2 * N; i++) {
                        b.append(i == 0 ? "" : ",").append("{\"cloneThread\":").append(i < N).append(",\"tid\":")
                                .append(ids.getLong(24L * i)).append(",\"getpid\":").append(ids.getLong(24L * i + 8))
                                .append(",\"getppid\":").append(ids.getLong(24L * i + 16)).append('}');
                    }
                    out.println(b.append("]}"));
                } else {
                    out.printf("   %-22s %8s %8s %8s%n", "TASK", "TID", "GETPID", "GETPPID");
                    for (int i = 0; i < 2 * N; i++) {
                        out.printf("   %-22s %8d %8d %8d%n", (i < N ? "with CLONE_THREAD " : "without          ")
                                + (i % N + 1), ids.getLong(24L * i), ids.getLong(24L * i + 8),
                                ids.getLong(24L * i + 16));
                    }
                    out.printf("%n   NLWP of this JVM (pid %d): %d before, %d with the three threads alive.%n%n", pid,
                            nlwpBefore, nlwpDuring);
                    List<Integer> tids = new ArrayList<>();
                    threads.forEach(t -> tids.add(t.tid()));
                    printPsRows("ps -eLf rows of the CLONE_THREAD tasks: LWPs of PID " + pid + ":", tids);
                    printPsRowsOfProcesses("ps -eLf rows of the process-like tasks: PIDs of their own, PPID " + pid + ":",
                            procs.stream().mapToInt(RawTask::tid).toArray());
                }
            } finally {
                Gates.open(gate);
                for (RawTask t : threads) {
                    t.join(Duration.ofSeconds(30));
                }
                for (RawTask t : procs) {
                    t.join(Duration.ofSeconds(30));
                }
            }
        }
        return 0;
    }
}
