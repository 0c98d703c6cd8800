package io.lwp4j.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

/** The runner's {@code backends} group: one shim call through each backend ({@link BackendCallBench}) against C. */
final class BackendsGroup extends Group {

    BackendsGroup() {
        super("backends", List.of(BackendCallBench.class),
                "one shim call (gettid, getcpu) through FFM, jnr-ffi and JNA vs C");
    }

    @Override
    void run(BenchRun run) {
        run.attempt("backends", () -> backends(run));
    }

    /** One shim call through each backend (BackendCallBench) against C calling the same function. */
    private static void backends(BenchRun run) throws IOException, InterruptedException, RunnerException {
        run.cGettid();
        Map<String, Figure> f = run.figures();
        run.progress("[backends] JMH BackendCallBench (gettid, getcpu; one fork per backend)");
        run.jmh(BackendCallBench.class, "backend.", "jmh-backends");
        for (String call : List.of("gettid", "getcpu")) {
            for (String backend : List.of("ffm", "jnr", "jna")) {
                run.report().row(new Report.Row("`" + call + "` through the " + backend + " backend",
                        f.get("backend." + call + "." + backend), f.get(call + ".shim"),
                        "C → lwp_" + call + "() (PLT)", null, null, Target.NONE, null));
            }
        }
    }
}
