package io.lwp4j.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

/** The runner's {@code tid} group: the current TID, cached and uncached ({@link CurrentTidBenchmark}), against C. */
final class TidGroup extends Group {

    TidGroup() {
        super("tid", List.of(CurrentTidBenchmark.class),
                "current TID, cached and uncached (JMH) vs the gettid syscall in C");
    }

    @Override
    void run(BenchRun run) {
        run.attempt("tid", () -> tid(run));
    }

    /** Current TID: JMH cached/uncached against bench_gettid. */
    private static void tid(BenchRun run) throws IOException, InterruptedException, RunnerException {
        run.cGettid();
        Map<String, Figure> f = run.figures();
        run.progress("[tid] JMH CurrentTidBenchmark (cached, uncached)");
        run.jmh(CurrentTidBenchmark.class, "tid.", "jmh-tid");
        String raw = "C gettid, inline asm syscall";
        Report report = run.report();
        report.row(new Report.Row("current TID, cached (`JavaThreads.currentTid()`)", f.get("tid.cached"),
                f.get("gettid.raw"), raw, null, null, Target.atMostNanos(5), null));
        report.row(new Report.Row("current TID, uncached (`JavaThreads.uncachedTid()`: gettid downcall)",
                f.get("tid.uncached"), f.get("gettid.raw"), raw, null, null, Target.atMostTimesC(1.15), null));
        // Context for the uncached figure: C paying what the downcall pays (a call into the shim), and glibc.
        report.row(new Report.Row("… uncached, against C calling the same shim function", f.get("tid.uncached"),
                f.get("gettid.shim"), "C → lwp_gettid() (PLT)", null, null, Target.NONE, null));
        report.row(new Report.Row("… uncached, against C glibc `syscall(SYS_gettid)`", f.get("tid.uncached"),
                f.get("gettid.libc"), "C glibc syscall()", null, null, Target.NONE, null));
    }
}
