package io.lwp4j.bench;

import java.util.List;

/** The runner's {@code startup} group: the CLI's whole-process start-up ({@link StartupBench}). */
final class StartupGroup extends Group {

    StartupGroup() {
        super(StartupBench.NAME, List.of(), StartupBench.HELP);
    }

    @Override
    void run(BenchRun run) {
        run.attempt(StartupBench.NAME, () -> StartupBench.run(run.report(), Runner.repositoryRoot(),
                run.quick() ? 5 : 15, run::progress).forEach(run::record));
    }
}
