package io.lwp4j.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The runner's {@code futex} group: lwp4j's futexes against C and the JDK.
 * <ol>
 *   <li>ping-pong between two Java threads ({@link FutexPingPongBench}) against {@code bench_futex_pingpong threads}
 *       and {@code LockSupport.park/unpark}, pinned to one CPU;</li>
 *   <li>ping-pong between two JVMs ({@link IpcPingPongBench}: a shared futex, and a pipe between the same two JVMs)
 *       against {@code bench_futex_pingpong processes} (and {@code pipe}), pinned to one CPU (the echo JVM inherits
 *       the fork's affinity);</li>
 *   <li>uncontended {@code FutexMutex} lock + unlock ({@link MutexBench}, one thread) against
 *       {@code bench_futex_mutex uncontended}, {@code ReentrantLock} and {@code synchronized}, pinned;</li>
 *   <li>contended lock + unlock with 2, 4 and 8 threads against glibc's adaptive and normal mutex from C
 *       ({@code bench_futex_mutex adaptive|pthread N}), the C futex mutex, {@code ReentrantLock} and
 *       {@code synchronized}: <b>not</b> pinned, since contention on one CPU is only preemption.</li>
 * </ol>
 * The pinned steps time wake-ups: a wake-up of another, idle vCPU costs tens of microseconds here and would swamp
 * the figure. Each step is a step of its own: one that fails is reported and the others still run.
 */
final class FutexGroup extends Group {
    /** Thread counts of the contended step. */
    static final List<Integer> CONTENDED_THREADS = List.of(2, 4, 8);

    FutexGroup() {
        super("futex", List.of(FutexPingPongBench.class, IpcPingPongBench.class, MutexBench.class),
                "Futex ping-pong between threads (vs C, park/unpark) and between",
                "JVMs (vs C processes, a pipe); FutexMutex uncontended (vs C,",
                "ReentrantLock, synchronized) and contended with 2, 4, 8 threads.",
                "Pinned like tasks, except the contended step (pinned only by --pin)");
    }

    /**
     * The wake-up steps pinned to {@code --pin}'s CPU or else to the last CPU this process may use (as the tasks
     * group), the contended step pinned only by {@code --pin}.
     */
    @Override
    void run(BenchRun run) {
        BenchRun.Pinned p = run.pinned("futex", "wake-up steps ");
        run.attempt("futex ping-pong", () -> pingPong(run, p));
        run.attempt("futex uncontended", () -> uncontended(run, p));
        run.attempt("futex contended", () -> contended(run));
        run.report().note("The futex group's ping-pong and uncontended rows ran pinned to CPU " + p.cpu() + " (C "
                + "programs, JMH fork and the echo JVM)" + (p.asked() ? "; the contended rows too (--pin)." : ": its "
                + "default, since they time wake-ups; the contended rows ran unpinned (contention on one CPU is only "
                + "preemption)."));
    }

    /** Round trips between two threads and between two JVMs. */
    private static void pingPong(BenchRun run, BenchRun.Pinned p)
            throws IOException, InterruptedException, RunnerException {
        Map<String, Figure> f = run.figures();
        Report report = run.report();
        String[] rounds = {"--rounds", run.quick() ? "5" : "21", "--warmup", run.quick() ? "1" : "3", "--ops",
            run.quick() ? "5000" : "20000"};
        run.progress("[futex] C bench_futex_pingpong threads, processes, pipe: " + rounds[1] + " rounds of "
                + rounds[5] + " round trips each");
        for (String mode : List.of("threads", "processes", "pipe")) {
            p.c().run("bench_futex_pingpong", concat(mode, rounds)).forEach(run::keep);
        }
        run.progress("[futex] JMH FutexPingPongBench (futex, park/unpark), IpcPingPongBench (futex, pipe)");
        jmh(run, p.jmh(), FutexPingPongBench.class, 0, "futex.pingpong.");
        jmh(run, p.jmh(), IpcPingPongBench.class, 0, "futex.ipc.");
        report.row(new Report.Row("ping-pong between two Java threads, private `Futex` (one round trip)",
                f.get("futex.pingpong.futex"), f.get("futex.c.threads"), "C: two threads, private futex",
                f.get("futex.pingpong.parkUnpark"), "`LockSupport.park/unpark`", Target.timesCAndFasterThanPeer(1.15,
                        1), null));
        report.row(new Report.Row("ping-pong between two JVMs, shared `Futex` in `SharedMemory` (one round trip)",
                f.get("futex.ipc.futex"), f.get("futex.c.processes"), "C: two processes, shared futex",
                f.get("futex.ipc.pipe"), "a pipe between the same two JVMs", Target.timesCAndFasterThanPeer(1.2,
                        1.3), null));
        report.row(new Report.Row("… the JVM pipe, against a pipe between two C processes", f.get("futex.ipc.pipe"),
                f.get("futex.c.pipe"), "C: two processes, a pipe", null, null, Target.NONE, null));
    }

    /** Uncontended lock + unlock on one thread. */
    private static void uncontended(BenchRun run, BenchRun.Pinned p)
            throws IOException, InterruptedException, RunnerException {
        Map<String, Figure> f = run.figures();
        Report report = run.report();
        String rounds = run.quick() ? "5" : "15";
        run.progress("[futex] C bench_futex_mutex uncontended: " + rounds + " rounds of 2,000,000 lock+unlock");
        p.c().run("bench_futex_mutex", "uncontended", "--rounds", rounds, "--warmup", "2").forEach(run::keep);
        run.progress("[futex] JMH MutexBench, one thread (FutexMutex, ReentrantLock, synchronized)");
        jmh(run, p.jmh(), MutexBench.class, 1, "futex.mutex.");
        Figure mutex = f.get("futex.mutex.futexMutex");
        report.row(new Report.Row("uncontended `FutexMutex` lock + unlock", mutex, f.get("futex.c.mutex"),
                "C: the same three-state futex mutex", f.get("futex.mutex.reentrantLock"), "`ReentrantLock`",
                Target.timesCAndFasterThanPeer(1.2, 1), null));
        report.row(new Report.Row("… against `synchronized`", mutex, null, null, f.get(
                "futex.mutex.synchronizedBlock"), "`synchronized`", Target.NONE, null));
    }

    /**
     * Contended lock + unlock with 2, 4, 8 threads (the targets: {@code FutexMutex} at most
     * {@code ReentrantLock}'s time and at most 1.1× glibc's adaptive mutex from C), beside the C futex mutex, glibc's
     * normal mutex and {@code synchronized}.
     */
    private static void contended(BenchRun run) throws IOException, InterruptedException, RunnerException {
        Map<String, Figure> f = run.figures();
        Report report = run.report();
        String rounds = run.quick() ? "3" : "7";
        for (int n : CONTENDED_THREADS) {
            run.progress("[futex] contended, " + n + " threads: C bench_futex_mutex contended|pthread|adaptive ("
                    + rounds + " rounds of 200 ms), JMH MutexBench -t " + n
                    + " (FutexMutex, ReentrantLock, synchronized)");
            for (String mode : List.of("contended", "pthread", "adaptive")) {
                run.c().run("bench_futex_mutex", mode, Integer.toString(n), "--rounds", rounds, "--warmup", "1")
                        .forEach(run::keep);
            }
            jmh(run, run.jmh(), MutexBench.class, n, "futex.contended." + n + ".");
            Figure mutex = f.get("futex.contended." + n + ".futexMutex");
            report.row(new Report.Row("contended `FutexMutex` lock + unlock, " + n + " threads (time per operation "
                    + "per thread)", mutex, f.get("futex.c.pthread-adaptive." + n),
                    "C: glibc `PTHREAD_MUTEX_ADAPTIVE_NP`, " + n + " threads", f.get("futex.contended." + n
                    + ".reentrantLock"), "`ReentrantLock`, " + n + " threads", Target.timesCAndFasterThanPeer(1.1, 1),
                    null));
            report.row(new Report.Row("… against glibc's normal `pthread_mutex` (C) and `synchronized`, " + n
                    + " threads", mutex, f.get("futex.c.pthread." + n), "C: glibc `pthread_mutex_t`, normal",
                    f.get("futex.contended." + n + ".synchronizedBlock"), "`synchronized`", Target.NONE, null));
            report.row(new Report.Row("… against the same futex mutex in C (never spins), " + n + " threads", mutex,
                    f.get("futex.c.contended." + n), "C: the three-state futex mutex", null, null, Target.NONE,
                    null));
        }
    }

    private static void jmh(BenchRun run, JmhBench bench, Class<?> cls, int threads, String prefix)
            throws IOException, RunnerException {
        String log = "jmh-futex-" + cls.getSimpleName() + (threads > 1 ? "-t" + threads : "");
        run.jmh(bench, cls, ".*", threads, prefix, Map.of(), log);
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
