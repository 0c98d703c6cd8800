package io.lwp4j.cli;

import io.lwp4j.JavaThreads;
import io.lwp4j.Lwp4j;
import io.lwp4j.ThreadView;
import io.lwp4j.TidObservation;
import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexGate;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import io.lwp4j.ps.PsFormat;
import io.lwp4j.proc.Tasks;
import io.lwp4j.pthread.NativeThread;
import io.lwp4j.sched.CpuSet;
import io.lwp4j.sched.CpuTopology;
import io.lwp4j.sched.Scheduling;
import java.time.Duration;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntUnaryOperator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code lwp4j tour}: the first thing a new user runs. Starts threads of every kind lwp4j supports, shows lwp4j's
 * view beside the real {@code ps -eLf}, says in plain words what the reader is looking at, cleans up, exits 0.
 */
@Command(name = "tour", description = "Start threads of every kind and show them as the kernel sees them, beside ps -eLf.")
final class TourCommand implements Callable<Integer> {

    private static final int PLATFORM = 3;
    private static final int VIRTUAL = 4;
    private static final int RAW = 2;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        int pid = (int) ProcessHandle.current().pid();
        out.println("lwp4j tour — Linux threads as the kernel sees them, from Java");
        out.printf("pid %d, Java %s, Linux %s %s, backend %s (%s)%n%n", pid, Runtime.version(),
                System.getProperty("os.version"), System.getProperty("os.arch"), Lwp4j.backendName(),
                Lwp4j.librarySource());

        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean stopSpinning = new AtomicBoolean();
        List<Thread> started = new ArrayList<>();
        List<NativeThread> natives = new ArrayList<>();
        try {
            platformThreads(release, started);
            virtualThreads(release, stopSpinning, started);
            nativeThreads(release, natives);
            rawTasks(release, started);
            psSideBySide(pid);
            snapshot();
            busiest();
            timeline(pid);
        } finally {
            release.countDown();
            stopSpinning.set(true);
            for (Thread t : started) {
                t.join(10_000);
            }
            for (NativeThread t : natives) {
                t.join(Duration.ofSeconds(10));
            }
        }
        out.println("All tour threads have ended. Next: `lwp4j ps --java " + "<pid>` for any JVM, `lwp4j ps` for all "
                + "processes, `lwp4j backends`.");
        out.println("The rest of the course, measured here: lwp4j demo kernel-threads, processes-vs-threads, stacks, m-n, "
                + "gil, sched, and server --serve (a real image server on port 3000); each with --help.");
        return 0;
    }

    private void section(String title, String... explanation) {
        out.println("== " + title);
        for (String line : explanation) {
            out.println("   " + line);
        }
        out.println();
    }

    /** Platform threads: one kernel task each, for life. Each asks the kernel its own TID; lwp4j finds it too. */
    private void platformThreads(CountDownLatch release, List<Thread> started) throws Exception {
        AtomicIntegerArray own = new AtomicIntegerArray(PLATFORM);
        CountDownLatch ready = new CountDownLatch(PLATFORM);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < PLATFORM; i++) {
            int k = i;
            Thread t = new Thread(() -> {
                own.set(k, JavaThreads.currentTid());
                if (k == 0) {
                    Tasks.rename(JavaThreads.currentTid(), "tour-renamed");
                }
                ready.countDown();
                awaitQuietly(release);
            }, "tour-platform-" + (i + 1));
            t.setDaemon(true);
            t.start();
            threads.add(t);
            started.add(t);
        }
        ready.await(10, TimeUnit.SECONDS);
        section("1. Platform threads (new Thread().start())",
                "Each platform thread is one kernel task for its whole life: the kernel gives it a TID, which is",
                "the LWP column of `ps -eLf` and the thread `top -H` and `perf` show. The thread asked the kernel",
                "itself (gettid); lwp4j also found it from outside, in the JVM's thread dump. They agree.",
                "The first thread renamed its kernel task (comm, at most 15 bytes) to \"tour-renamed\": that is",
                "the name `ps -L -o comm` and `top -H` show; the Java name is unchanged.");
        tidTable(threads.subList(0, PLATFORM), own::get, "OWN TID", 8, "FOUND", 8, "HOW FOUND", "-", "not alive");
    }

    /** Virtual threads: no task of their own; each runs mounted on a carrier, whose TID it answers. */
    private void virtualThreads(CountDownLatch release, AtomicBoolean stopSpinning, List<Thread> started)
            throws Exception {
        if (Runtime.version().feature() < 21) {
            section("2. Virtual threads", "This is Java " + Runtime.version().feature()
                    + ": virtual threads need Java 21 or newer.");
            return;
        }
        AtomicIntegerArray carrierTid = new AtomicIntegerArray(VIRTUAL);
        CountDownLatch ready = new CountDownLatch(VIRTUAL);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < VIRTUAL; i++) {
            int k = i;
            // One spinner only, started last: a spinning virtual thread holds its carrier, and with few CPUs the
            // carriers are few (parallelism = CPU count), so the waiting ones must get to run first.
            boolean spins = i == VIRTUAL - 1;
            Runnable body = () -> {
                carrierTid.set(k, JavaThreads.currentTid());
                ready.countDown();
                if (spins) {
                    while (!stopSpinning.get()) {
                        Thread.onSpinWait(); // stays mounted on its carrier
                    }
                } else {
                    awaitQuietly(release); // parks: unmounts, leaving its carrier free
                }
            };
            Thread t = VirtualThreads.start("tour-virtual-" + (i + 1), body);
            threads.add(t);
            started.add(t);
        }
        if (!ready.await(10, TimeUnit.SECONDS)) {
            out.println("   (some virtual threads did not get a carrier within 10 s)");
        }
        section("2. Virtual threads (Thread.ofVirtual())",
                "A virtual thread has no kernel task. It runs mounted on a carrier (a ForkJoinPool platform",
                "thread), so `ps` never lists it; asked for its TID it answers its carrier's at that moment.",
                "The last one spins (still mounted: the thread dump shows its carrier); the others wait (unmounted:",
                "no TID at all until they run again, perhaps on another carrier).");
        tidTable(threads, carrierTid::get, "TID AT START", 12, "CARRIER NOW", 14, "HOW", "(unmounted)",
                "parked: no carrier");
    }

    /**
     * One row per thread: its Java name and id, the TID it saw for itself ({@code seen}), and the TID lwp4j finds for
     * it now with how it found it ({@code absent}/{@code absentHow} when there is none), then a blank line.
     */
    private void tidTable(List<Thread> threads, IntUnaryOperator seen, String seenHeader, int seenWidth,
            String nowHeader, int nowWidth, String howHeader, String absent, String absentHow) {
        String format = "   %-16s %7s %" + seenWidth + "s %" + nowWidth + "s  %s%n";
        out.printf(format, "JAVA NAME", "JAVA ID", seenHeader, nowHeader, howHeader);
        for (int i = 0; i < threads.size(); i++) {
            Thread t = threads.get(i);
            Optional<TidObservation> o = JavaThreads.tidOf(t);
            out.printf(format, t.getName(), t.getId(), seen.applyAsInt(i),
                    o.map(x -> Integer.toString(x.tid())).orElse(absent),
                    o.map(x -> x.source().toString()).orElse(absentHow));
        }
        out.println();
    }

    /** Native threads: made by pthread_create in lwp4j's shim, pinned and named at birth, running Java. */
    private void nativeThreads(CountDownLatch release, List<NativeThread> natives) throws Exception {
        CpuSet allowed = CpuTopology.allowedCpus();
        int cpu = allowed.highest();
        int[] ranOn = new int[2];
        CountDownLatch ready = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            int k = i;
            natives.add(NativeThread.builder().name("tour-native-" + (i + 1)).affinity(CpuSet.of(cpu))
                    .stackSize(512 * 1024).start(() -> {
                        ranOn[k] = Scheduling.lastCpu(0).orElse(-1);
                        ready.countDown();
                        awaitQuietly(release);
                    }));
        }
        ready.await(10, TimeUnit.SECONDS);
        section("3. Native threads (lwp4j NativeThread: pthread_create, running Java through an upcall)",
                "Attributes Thread cannot set, applied before any Java code runs: a native name, a 512 KiB stack,",
                "and CPU affinity (here CPU " + cpu + " of " + allowed + "). Each is a kernel task like a platform",
                "thread; inside, Thread.currentThread() is the Java thread the JVM attached to it.");
        out.printf("   %-16s %8s %8s  %s%n", "NAME", "TID", "RAN ON", "JAVA THREAD");
        for (int i = 0; i < natives.size(); i++) {
            NativeThread t = natives.get(i);
            out.printf("   %-16s %8d %8d  %s%n", t.name(), t.tid(), ranOn[i], t.thread().getName());
        }
        out.println();
    }

    /**
     * Raw tasks: made with clone() by the shim, they run no Java at all — the JVM does not know them, so they have no
     * Java thread, but the kernel lists them like any other LWP of this process.
     */
    private void rawTasks(CountDownLatch release, List<Thread> started) throws Exception {
        NativeMemory gate = NativeMemory.create(4096);
        List<RawTask> tasks = new ArrayList<>();
        for (int i = 0; i < RAW; i++) {
            TaskProgram p = TaskProgram.builder().setName("tour-raw-" + (i + 1)).await(gate, 4, 0).exit(i).build();
            tasks.add(RawTask.spawn(CloneFlag.threadPreset(), p));
        }
        // Opened when the tour ends (the same moment the other tour threads are released).
        Thread opener = new Thread(() -> {
            awaitQuietly(release);
            FutexGate.on(Futex.privateOn(gate, 4)).open();
            for (RawTask t : tasks) {
                t.close();
            }
            gate.close();
        }, "tour-raw-closer");
        opener.setDaemon(true);
        opener.start();
        started.add(opener);
        section("4. Raw tasks (clone() from the shim: RawTask.spawn)",
                "These are kernel tasks made directly with " + tasks.get(0).cloneMethod() + "(), flags CLONE_VM|CLONE_FS"
                        + "|CLONE_FILES|",
                "CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM: threads of this process that run only the shim's small",
                "interpreter (here: wait at a futex gate), never Java. They have a TID and a name like any thread,",
                "but no Java Thread object: below, and in the snapshot, they are tasks the JVM knows nothing about.");
        out.printf("   %-12s %8s  %-14s %s%n", "NAME", "TID", "MADE WITH", "JAVA THREAD");
        for (int i = 0; i < RAW; i++) {
            RawTask t = tasks.get(i);
            out.printf("   %-12s %8d  %-14s %s%n", "tour-raw-" + (i + 1), t.tid(), t.cloneMethod(),
                    JavaThreads.threadOf(t.tid()).map(Thread::getName).orElse("none (a raw task)"));
        }
        out.println();
    }

    /** lwp4j's own rendering of {@code ps -eLf} for this JVM, beside the real one. */
    private void psSideBySide(int pid) {
        // The real ps first: starting a process makes the JVM start its "process reaper" thread, which must
        // exist before lwp4j reads /proc, or the two views would differ by that one task.
        Optional<List<String>> real = RealPs.psEfLRowsOf(pid);
        List<String> mine = PsFormat.psEfL(pid);
        section("5. This JVM in ps -eLf: lwp4j's rendering, then the real ps",
                "One row per kernel task (LWP) of this process: the JVM's own threads (GC, compiler, ...), the",
                "platform threads above, the carriers of the virtual threads, the raw tasks. NLWP is the task",
                "count. lwp4j reads",
                "/proc itself, so `lwp4j ps` works where no ps is installed.");
        out.println("   lwp4j ps " + pid + ":");
        mine.forEach(l -> out.println("   " + l));
        out.println();
        if (real.isEmpty()) {
            out.println("   (no `ps` on this machine to compare with)");
        } else {
            out.println("   ps -eLf (rows of pid " + pid + "):");
            real.get().forEach(l -> out.println("   " + l));
            out.printf("%n   %d rows from lwp4j, %d from ps; %s%n", mine.size() - 1, real.get().size() - 1,
                    PsCompare.summary(mine, real.get()));
        }
        out.println();
    }

    /** Tasks joined with Java threads: which task is which Java thread, and which are the JVM's own. */
    private void snapshot() {
        List<ThreadView> views = JavaThreads.snapshot();
        section("6. Every task of this JVM joined with its Java thread (JavaThreads.snapshot())",
                "Tasks with no Java thread are the JVM's own (GC, JIT compiler, ...). A carrier row shows the",
                "virtual thread mounted on it when the snapshot was taken.");
        out.printf("   %7s  %-16s %-26s %-14s %s%n", "TID", "COMM", "JAVA THREAD", "STATE", "NOTE");
        for (ThreadView v : views) {
            out.printf("   %7d  %-16s %-26s %-14s %s%n", v.task().tid(), v.task().name(),
                    v.javaName().orElse("-"), v.javaState().map(Enum::name).orElse("-"), v.note());
        }
        out.println();
    }

    /** The tour's own threads over one second, as a trace and a page: where to look next. */
    private void timeline(int pid) throws Exception {
        section("8. This JVM's threads over time (lwp4j record)",
                "One second sampled every 50 ms: a track per thread, coloured running / runnable (waiting for a",
                "CPU) / sleeping, with the CPU% of the process above.");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("lwp4j-tour");
        java.nio.file.Path json = dir.resolve("tour.json");
        io.lwp4j.cli.record.Timeline t = io.lwp4j.cli.record.Recorder.record(new int[] {pid}, 50_000_000L,
                1_000_000_000L);
        for (java.nio.file.Path written : RecordCommand.write(t, json, true)) {
            out.println("   wrote " + written);
        }
        out.println("   " + RecordCommand.howToOpen(json, true));
        out.println("   Any JVM: lwp4j record -p <pid> --seconds 10 --out app.json --html");
        out.println();
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** lwp4j top in one frame: a thread made busy on purpose, found by the sampler, named, with its stack. */
    private void busiest() throws Exception {
        section("7. Which thread burns the CPU? (lwp4j top: ThreadSampler)",
                "One second of this JVM's tasks: %CPU (100 = one CPU), run-queue delay, context switches, each",
                "joined with its Java thread; the two busiest get their stacks from the same thread dump (section 2's",
                "virtual thread still spins on its carrier beside this section's tour-spinner).");
        AtomicBoolean stop = new AtomicBoolean();
        Thread spinner = new Thread(() -> spinForTheTour(stop), "tour-spinner");
        spinner.setDaemon(true);
        spinner.start();
        try {
            io.lwp4j.proc.ThreadSampler sampler = io.lwp4j.proc.ThreadSampler.builder().stacks(2, 4)
                    .contextSwitchTypes(false).build();
            Thread.sleep(1000);
            io.lwp4j.proc.ThreadSampler.Sample s = sampler.sample();
            List<io.lwp4j.proc.ThreadSample> top = TopView.select(s, TopView.Sort.CPU, "", 5);
            boolean ns = TopView.nsColumn(top);
            out.println("   " + TopView.header(ns));
            for (io.lwp4j.proc.ThreadSample t : top) {
                out.println("   " + TopView.row(t, ns));
                TopView.stack(t).forEach(l -> out.println("   " + l));
            }
            out.println();
            out.println("   Any JVM, live: lwp4j top -p <pid>   (batch: -b -n 3; scripts: --json; stacks: --stacks 3)");
            out.println();
        } finally {
            stop.set(true);
            spinner.join(10_000);
        }
    }

    private static volatile long tourSink;

    private static void spinForTheTour(AtomicBoolean stop) {
        long x = 0;
        while (!stop.get()) {
            x = x * 31 + 7;
        }
        tourSink = x;
    }
}
