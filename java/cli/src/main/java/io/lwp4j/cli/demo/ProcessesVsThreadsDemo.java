package io.lwp4j.cli.demo;

import io.lwp4j.Lwp4j;
import io.lwp4j.cli.VirtualThreads;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.pthread.NativeThread;
import io.lwp4j.sched.CpuSet;
import io.lwp4j.sched.CpuTopology;
import io.lwp4j.sched.Scheduling;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j demo processes-vs-threads}: what a process costs against a thread, measured: creation and reaping of
 * each kind of task; fork's cost as the parent's touched memory grows (its page tables are copied, COW or not)
 * against a thread's, which does not grow; a futex ping-pong's handoff between two threads and between two
 * processes on one CPU; and the forked child of this many-threaded JVM, which has one task.
 *
 * <p>Process-like raw tasks here touch only {@link NativeMemory#createShared shared} memory (a private mapping
 * would be a copy the JVM never sees), and no task shares signal handlers without being a thread.
 */
@Command(name = "processes-vs-threads", description = {
    "Creation cost of fork-like tasks, posix_spawn of true, raw threads, pthreads, Thread, virtual threads; fork cost vs "
            + "touched memory; context switch between threads vs processes; a forked child has one task.",
    "Bounds: --rounds (3-1000) per mechanism; memory touched up to --max-mib (16-4096, and at most a quarter of "
            + "MemAvailable), freed after; --switches (1000-1000000) ping-pong rounds; well under a minute."})
public final class ProcessesVsThreadsDemo extends DemoSupport implements Callable<Integer> {

    @Option(names = "--rounds", description = "Creations measured per mechanism (3-1000, default ${DEFAULT-VALUE}).")
    int rounds = 30;

    @Option(names = "--max-mib", description = "Largest touched memory before a fork (16-4096 MiB, default "
            + "${DEFAULT-VALUE}); sizes 16, 64, 256, 1024, ... up to it.")
    int maxMiB = 1024;

    @Option(names = "--switches", description = "Ping-pong rounds per pair (1000-1000000, default ${DEFAULT-VALUE}).")
    int switches = 20_000;

    private static final TaskProgram EXIT = TaskProgram.builder().exit(0).build();

    @FunctionalInterface
    interface Creation {
        void createAndReap() throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        check("--rounds", rounds, 3, 1000);
        check("--max-mib", maxMiB, 16, 4096);
        check("--switches", switches, 1000, 1_000_000);
        int pid = (int) ProcessHandle.current().pid();
        explain("processes vs threads: what each costs, measured",
                "A process-like task (clone without CLONE_VM: what fork() does) gets a copy of this JVM's address",
                "space: copy-on-write spares the pages, but not the page tables, which are copied at once, so the",
                "more memory the parent has touched, the longer fork takes. A thread (CLONE_VM|CLONE_THREAD) shares",
                "the address space: nothing to copy, and its cost does not grow. posix_spawn (ProcessBuilder) also",
                "execs a program. A context switch between two processes also switches address spaces.",
                "fork copies only the calling thread: the child of this many-threaded JVM has one task.");
        Map<String, Creation> mechanisms = new LinkedHashMap<>();
        mechanisms.put("process-like raw task (fork)", () -> spawnJoin(CloneFlag.processPreset()));
        List<String> trivial = trivialProgram();
        mechanisms.put("posix_spawn " + String.join(" ", trivial) + " (ProcessBuilder)",
                () -> new ProcessBuilder(trivial).start().waitFor());
        mechanisms.put("thread-like raw task (clone)", () -> spawnJoin(CloneFlag.threadPreset()));
        mechanisms.put("pthread_create (NativeThread)", () -> NativeThread.builder().start(() -> { })
                .join(Duration.ofSeconds(30)));
        mechanisms.put("Thread.start", () -> {
            Thread t = new Thread(() -> { });
            t.start();
            t.join(30_000);
        });
        if (Runtime.version().feature() >= 21) {
            mechanisms.put("virtual thread", () -> VirtualThreads.start("pvt", () -> { }).join(30_000));
        }
        List<String> createJson = new ArrayList<>();
        List<String> createText = new ArrayList<>();
        for (Map.Entry<String, Creation> e : mechanisms.entrySet()) {
            long ns = measure(e.getValue(), e.getKey().startsWith("posix_spawn") ? Math.min(rounds, 10) : rounds);
            createJson.add("{\"mechanism\":" + Json.str(e.getKey()) + ",\"nanos\":" + ns + "}");
            createText.add(String.format("   %-40s %10.1f µs", e.getKey(), ns / 1000.0));
        }
        printLines("create + reap/join, median of " + rounds + " (posix_spawn: of " + Math.min(rounds, 10) + "):",
                createText);

        List<String> forkJson = new ArrayList<>();
        List<String> forkText = new ArrayList<>();
        long available = statusLikeMemAvailableKiB() / 1024;
        for (int mib = 16; mib <= maxMiB && mib <= available / 4; mib *= 4) {
            try (NativeMemory touched = NativeMemory.create((long) mib << 20)) {
                for (long off = 0; off < touched.size(); off += 4096) {
                    touched.setInt(off, 1); // a private page with a page-table entry that fork must copy
                }
                long fork = measureClone(CloneFlag.processPreset(), 7);
                long thread = measureClone(CloneFlag.threadPreset(), 7);
                forkJson.add("{\"touchedMiB\":" + mib + ",\"forkNanos\":" + fork + ",\"threadNanos\":" + thread + "}");
                forkText.add(String.format("   %8d MiB touched: fork %9.1f µs   thread %7.1f µs", mib, fork / 1000.0,
                        thread / 1000.0));
            }
        }
        printLines("CPU time of the clone call (where fork copies the page tables), fork vs thread, as this JVM's "
                + "touched memory grows (median of 7; MemAvailable " + available + " MiB, at most a quarter used):",
                forkText);

        long threadsSwitch = pingPong(false);
        long processesSwitch = pingPong(true);
        printLines("futex ping-pong on one CPU, per handoff (a wake and a switch):", List.of(
                String.format("   between two threads:   %7.2f µs", threadsSwitch / 1000.0),
                String.format("   between two processes: %7.2f µs", processesSwitch / 1000.0)));

        int parentTasks;
        int childTasks;
        try (NativeMemory shared = NativeMemory.createShared(4096);
                RawTask child = RawTask.spawn(CloneFlag.processPreset(), TaskProgram.builder().setName("forked-child")
                        .signal(shared, 0, 1).await(shared, 4, 0).build())) {
            try {
                Gates.awaitStarted(shared);
                parentTasks = nlwpOf(pid);
                childTasks = nlwpOf(child.tid());
                printPsRowsOfProcesses("the forked child: NLWP " + childTasks + ", while this JVM (PPID) has "
                        + parentTasks + " (ps -eLf rows of the child):", child.tid());
            } finally {
                Gates.open(shared);
                child.join(Duration.ofSeconds(30));
            }
        }
        if (json) {
            out.println("{\"demo\":\"processes-vs-threads\",\"create\":[" + String.join(",", createJson)
                    + "],\"forkByMemory\":[" + String.join(",", forkJson) + "],\"contextSwitch\":{\"threadsNanos\":"
                    + threadsSwitch + ",\"processesNanos\":" + processesSwitch + "},\"parentTasks\":" + parentTasks
                    + ",\"forkedChildTasks\":" + childTasks + "}");
        }
        return 0;
    }

    /** A program that does nothing: {@code true}, or the shell's {@code :} where there is none (a slim image). */
    private static List<String> trivialProgram() {
        for (String p : new String[] {"/bin/true", "/usr/bin/true"}) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Paths.get(p))) {
                return List.of(p);
            }
        }
        return List.of("/bin/sh", "-c", ":");
    }

    private static void spawnJoin(Set<CloneFlag> flags) throws InterruptedException {
        try (RawTask t = RawTask.spawn(flags, EXIT)) {
            if (!t.join(Duration.ofSeconds(30))) {
                throw new IllegalStateException("a task did not end within 30 s");
            }
        }
    }

    /** The median of {@code n} timed runs, after two untimed ones (class loading, first-use costs). */
    private static long measure(Creation c, int n) throws Exception {
        c.createAndReap();
        c.createAndReap();
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            c.createAndReap();
            t[i] = System.nanoTime() - t0;
        }
        return median(t);
    }

    /**
     * The median CPU time spent in the {@code clone} call ({@link RawTask#spawn}): the page-table copy is done by the
     * parent, in the call. lwp4j makes process-like tasks on its spawner thread (so that their death signal follows
     * the JVM, not the calling thread), so this is the CPU time of this thread plus that of the spawner. CPU time, not
     * wall time, so that on a busy machine the time spent waiting for a CPU does not count; and without the wait for
     * the task to run and end.
     */
    private static long measureClone(Set<CloneFlag> flags, int n) throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] t = new long[n];
        long spawner = -1;
        for (int i = -2; i < n; i++) {
            if (i == 0) {
                spawner = spawnerThreadId(); // made by the first process-like spawn
            }
            long t0 = mx.getCurrentThreadCpuTime() + (spawner < 0 ? 0 : mx.getThreadCpuTime(spawner));
            RawTask task = RawTask.spawn(flags, EXIT);
            long spent = mx.getCurrentThreadCpuTime() + (spawner < 0 ? 0 : mx.getThreadCpuTime(spawner)) - t0;
            try (task) {
                task.join(Duration.ofSeconds(30));
            }
            if (i >= 0) {
                t[i] = spent;
            }
        }
        return median(t);
    }

    /** The Java thread id of lwp4j's spawner of process-like tasks, or -1 when there is none (yet). */
    private static long spawnerThreadId() {
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().equals("lwp4j-task-spawner")) {
                return th.getId();
            }
        }
        return -1;
    }

    private static long statusLikeMemAvailableKiB() throws java.io.IOException {
        for (String l : java.nio.file.Files.readAllLines(java.nio.file.Paths.get("/proc/meminfo"))) {
            if (l.startsWith("MemAvailable:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /**
     * Two tasks play futex ping-pong on one CPU; nanoseconds per handoff. Threads use private memory; processes a
     * shared mapping (the only memory both see). Each task is pinned by its TID while it waits at the gate.
     */
    private long pingPong(boolean processes) throws Exception {
        CpuSet one = CpuSet.of(CpuTopology.allowedCpus().highest());
        try (NativeMemory m = processes ? NativeMemory.createShared(4096) : NativeMemory.create(4096)) {
            List<RawTask> tasks = new ArrayList<>();
            try {
                for (int player = 0; player < 2; player++) {
                    TaskProgram p = TaskProgram.builder().setName((processes ? "pp-proc-" : "pp-thread-") + player)
                            .signal(m, 8 + 4L * player, 1).await(m, 4, 0).pingPong(m, 16, switches, player).build();
                    tasks.add(RawTask.spawn(processes ? CloneFlag.processPreset() : CloneFlag.threadPreset(), p));
                    Scheduling.setAffinity(tasks.get(player).tid(), one);
                }
                Gates.awaitWord(m, 8);
                Gates.awaitWord(m, 12);
                long t0 = System.nanoTime();
                Gates.open(m);
                for (RawTask t : tasks) {
                    t.join(Duration.ofSeconds(60));
                }
                return (System.nanoTime() - t0) / (2L * switches);
            } finally {
                Gates.open(m);
                for (RawTask t : tasks) {
                    t.join(Duration.ofSeconds(60));
                    t.close();
                }
            }
        }
    }
}
