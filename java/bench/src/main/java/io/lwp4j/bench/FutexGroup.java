package io.lwp4j.bench;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The runner's {@code futex} group (issue 5, item 6): lwp4j's futexes against C and the JDK.
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
final class FutexGroup {
    /** Thread counts of the contended step. */
    static final List<Integer> CONTENDED_THREADS = List.of(2, 4, 8);

    private final Report report;
    private final NativeBench pinnedC;
    private final JmhBench pinnedJmh;
    private final NativeBench c;
    private final JmhBench jmh;
    private final boolean quick;
    private final Consumer<String> progress;
    private final UnaryOperator<Figure> record;
    private final Map<String, Figure> f = new HashMap<>();

    /** {@code pinnedC}/{@code pinnedJmh} for the wake-up steps, {@code c}/{@code jmh} (as asked) for contention. */
    FutexGroup(Report report, NativeBench pinnedC, JmhBench pinnedJmh, NativeBench c, JmhBench jmh, boolean quick,
            Consumer<String> progress, UnaryOperator<Figure> record) {
        this.report = report;
        this.pinnedC = pinnedC;
        this.pinnedJmh = pinnedJmh;
        this.c = c;
        this.jmh = jmh;
        this.quick = quick;
        this.progress = progress;
        this.record = record;
    }

    /** Round trips between two threads and between two JVMs. */
    void pingPong() throws IOException, InterruptedException, RunnerException {
        String[] rounds = {"--rounds", quick ? "5" : "21", "--warmup", quick ? "1" : "3", "--ops",
            quick ? "5000" : "20000"};
        progress.accept("[futex] C bench_futex_pingpong threads, processes, pipe: " + rounds[1] + " rounds of "
                + rounds[5] + " round trips each");
        for (String mode : List.of("threads", "processes", "pipe")) {
            pinnedC.run("bench_futex_pingpong", concat(mode, rounds)).forEach(this::keep);
        }
        progress.accept("[futex] JMH FutexPingPongBench (futex, park/unpark), IpcPingPongBench (futex, pipe)");
        jmh(pinnedJmh, FutexPingPongBench.class, ".*", 0, "futex.pingpong.");
        jmh(pinnedJmh, IpcPingPongBench.class, ".*", 0, "futex.ipc.");
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
    void uncontended() throws IOException, InterruptedException, RunnerException {
        String rounds = quick ? "5" : "15";
        progress.accept("[futex] C bench_futex_mutex uncontended: " + rounds + " rounds of 2,000,000 lock+unlock");
        pinnedC.run("bench_futex_mutex", "uncontended", "--rounds", rounds, "--warmup", "2").forEach(this::keep);
        progress.accept("[futex] JMH MutexBench, one thread (FutexMutex, ReentrantLock, synchronized)");
        jmh(pinnedJmh, MutexBench.class, ".*", 1, "futex.mutex.");
        Figure mutex = f.get("futex.mutex.futexMutex");
        report.row(new Report.Row("uncontended `FutexMutex` lock + unlock", mutex, f.get("futex.c.mutex"),
                "C: the same three-state futex mutex", f.get("futex.mutex.reentrantLock"), "`ReentrantLock`",
                Target.timesCAndFasterThanPeer(1.2, 1), null));
        report.row(new Report.Row("… against `synchronized`", mutex, null, null, f.get(
                "futex.mutex.synchronizedBlock"), "`synchronized`", Target.NONE, null));
    }

    /**
     * Contended lock + unlock with 2, 4, 8 threads (issue 14's targets: {@code FutexMutex} at most
     * {@code ReentrantLock}'s time and at most 1.1× glibc's adaptive mutex from C), beside the C futex mutex, glibc's
     * normal mutex and {@code synchronized}.
     */
    void contended() throws IOException, InterruptedException, RunnerException {
        String rounds = quick ? "3" : "7";
        for (int n : CONTENDED_THREADS) {
            progress.accept("[futex] contended, " + n + " threads: C bench_futex_mutex contended|pthread|adaptive ("
                    + rounds + " rounds of 200 ms), JMH MutexBench -t " + n
                    + " (FutexMutex, ReentrantLock, synchronized)");
            for (String mode : List.of("contended", "pthread", "adaptive")) {
                c.run("bench_futex_mutex", mode, Integer.toString(n), "--rounds", rounds, "--warmup", "1")
                        .forEach(this::keep);
            }
            jmh(jmh, MutexBench.class, ".*", n, "futex.contended." + n + ".");
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

    private void jmh(JmhBench bench, Class<?> cls, String methods, int threads, String prefix)
            throws IOException, RunnerException {
        String log = "jmh-futex-" + cls.getSimpleName() + (threads > 1 ? "-t" + threads : "");
        for (JmhBench.Outcome o : bench.run(cls, methods, threads, prefix, Map.of(), log)) {
            keep(o.figure());
            report.profile(o.figure().name(), o.secondary());
        }
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private void keep(Figure x) {
        f.put(x.name(), record.apply(x));
    }
}
