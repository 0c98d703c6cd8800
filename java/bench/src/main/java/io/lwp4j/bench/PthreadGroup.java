package io.lwp4j.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The runner's {@code pthread} group: {@code NativeThread} start + join ({@link ThreadStartBench}) and the robust
 * process-shared {@code PthreadMutex} ({@link RobustMutexBench}) against C ({@code bench_pthread_create}) and the
 * Java peers.
 */
final class PthreadGroup extends Group {

    PthreadGroup() {
        super("pthread", List.of(ThreadStartBench.class, RobustMutexBench.class),
                "NativeThread start+join vs C pthread_create and Thread;",
                "robust PthreadMutex lock+unlock vs C and FutexMutex");
    }

    @Override
    void run(BenchRun run) {
        run.attempt("pthread", () -> pthread(run));
    }

    /** NativeThread start + join and the robust mutex, against C (bench_pthread_create) and the Java peers. */
    private void pthread(BenchRun run) throws IOException, InterruptedException, RunnerException {
        Map<String, Figure> f = run.figures();
        String rounds = run.quick() ? "5" : "15";
        run.progress("[C] bench_pthread_create: " + rounds + " rounds (500 threads, 1,000,000 lock+unlock each)");
        for (Figure x : run.c().run("bench_pthread_create", "--rounds", rounds, "--warmup", "2")) {
            run.keep(x);
        }
        run.progress("[pthread] JMH ThreadStartBench, RobustMutexBench");
        for (Class<?> bench : benchmarks()) {
            run.jmh(bench, "pthread.", "jmh-" + bench.getSimpleName());
        }
        Report report = run.report();
        report.row(new Report.Row("`NativeThread` start + join (pthread_create + upcall)", f.get("pthread.nativeThread"),
                f.get("pthread.create_join"), "C pthread_create + join", f.get("pthread.javaThread"),
                "java.lang.Thread start + join", Target.NONE, null));
        report.row(new Report.Row("… with an exact 512 KiB stack (`stackSize`)", f.get("pthread.nativeThreadOwnStack"),
                f.get("pthread.create_join.own_stack"), "C, own mmap'd stack", null, null, Target.NONE, null));
        report.row(new Report.Row("robust process-shared `PthreadMutex` lock + unlock", f.get("pthread.robustPthreadMutex"),
                f.get("pthread.robust_mutex"), "C, same glibc mutex", f.get("pthread.futexMutex"),
                "FutexMutex lock + unlock", Target.NONE, null));
    }
}
