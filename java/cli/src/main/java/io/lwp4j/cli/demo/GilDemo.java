package io.lwp4j.cli.demo;

import io.lwp4j.Lwp4j;
import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexMutex;
import io.lwp4j.memory.NativeMemory;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j demo gil}: CPU-bound threads run in parallel on Linux (one kernel task each, on any CPU), until they
 * all take one global lock for every step of work, as CPython's threads take the GIL: then they are serialised,
 * and together use about one CPU however many there are. Measured with lwp4j's thread sampler.
 */
@Command(name = "gil", description = {
    "N CPU-bound threads free (parallel: more than one CPU) vs all under one global FutexMutex, like CPython's GIL "
            + "(serialised: about one CPU); throughput and each thread's CPU share and run-queue delay.",
    "Bounds: --threads (2-16) threads spinning for --millis (200-10000) ms, twice; no memory to speak of."})
public final class GilDemo extends DemoSupport implements Callable<Integer> {
    /** Units of work per hold of the global lock: about 1 to 5 ms, CPython's switch interval is 5 ms. */
    private static final int UNITS_PER_HOLD = 1000;

    @Option(names = "--threads", description = "CPU-bound threads (2-16; default: the CPUs this process may use, at "
            + "least 2).")
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());

    @Option(names = "--millis", description = "How long each run lasts (200-10000 ms, default ${DEFAULT-VALUE}).")
    int millis = 2000;

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        check("--threads", threads, 2, 16);
        check("--millis", millis, 200, 10_000);
        explain("gil: parallel threads, then one global lock",
                threads + " threads do the same CPU-bound work (a few microseconds a step). Free, each is a kernel task",
                "the scheduler runs on any CPU: together they use up to " + Runtime.getRuntime().availableProcessors()
                        + " CPUs (100% = one CPU).",
                "Then the work is done holding one global futex mutex, 1,000 steps a hold, as CPython's threads hold the GIL",
                "for a switch interval (5 ms) at a time: only",
                "the holder runs, the others sleep in FUTEX_WAIT, so together they use about one CPU, whatever the",
                "CPU count. CPU = time on a CPU, DELAY = time runnable but waiting for one (busy machine), both as",
                "% of the run, per thread, from lwp4j's ThreadSampler (/proc/PID/task/TID/schedstat).");
        List<BusyThreads.Result> free = BusyThreads.run("gil-free", threads, millis, i -> { },
                BusyThreads.ONE_UNIT);
        List<BusyThreads.Result> locked;
        try (NativeMemory m = NativeMemory.create(4096)) {
            FutexMutex gil = FutexMutex.on(Futex.privateOn(m, 0));
            // Like CPython's GIL, the lock is held for a switch interval's worth of work (CPython: 5 ms), not for
            // one step: a lock handed over every few microseconds would measure the handover (wakes, and the
            // adaptive mutex's brief spin), not the serialisation.
            locked = BusyThreads.run("gil-locked", threads, millis, i -> { }, i -> {
                gil.lock();
                try {
                    for (int k = 0; k < UNITS_PER_HOLD; k++) {
                        BusyThreads.ONE_UNIT.run(i);
                    }
                } finally {
                    gil.unlock();
                }
                return UNITS_PER_HOLD;
            });
        }
        if (json) {
            out.println("{\"demo\":\"gil\",\"threads\":" + threads + ",\"free\":" + phaseJson(free)
                    + ",\"globalLock\":" + phaseJson(locked) + "}");
            return 0;
        }
        show("free: no lock", free);
        show("every step under one global FutexMutex (a GIL)", locked);
        out.printf("   Free: %.0f%% CPU in all; under the lock: %.0f%% (%.1fx the throughput without it).%n",
                BusyThreads.totalCpu(free), BusyThreads.totalCpu(locked),
                (double) BusyThreads.totalUnits(free) / Math.max(1, BusyThreads.totalUnits(locked)));
        out.println("   Free threads that wait for a CPU (DELAY) show a machine busy with other work, not a lock.");
        out.println();
        return 0;
    }

    private String phaseJson(List<BusyThreads.Result> rs) {
        StringBuilder b = new StringBuilder("{\"opsPerSecond\":")
                .append(Math.round(BusyThreads.totalUnits(rs) * 1000.0 / millis))
                .append(",\"totalCpuPercent\":").append(String.format("%.1f", BusyThreads.totalCpu(rs)))
                .append(",\"totalRunDelayPercent\":").append(String.format("%.1f", BusyThreads.totalDelay(rs)))
                .append(",\"perThread\":[");
        for (int i = 0; i < rs.size(); i++) {
            BusyThreads.Result r = rs.get(i);
            b.append(i == 0 ? "" : ",").append("{\"tid\":").append(r.tid()).append(",\"ops\":").append(r.units())
                    .append(",\"cpuPercent\":").append(String.format("%.1f", r.cpu()))
                    .append(",\"runDelayPercent\":").append(String.format("%.1f", r.delay())).append('}');
        }
        return b.append("]}").toString();
    }

    private void show(String title, List<BusyThreads.Result> rs) {
        out.println("== " + title);
        out.printf("   %-14s %8s %12s %7s %7s%n", "THREAD", "TID", "OPS/S", "CPU%", "DELAY%");
        for (BusyThreads.Result r : rs) {
            out.printf("   %-14s %8d %12.0f %7.1f %7.1f%n", r.name(), r.tid(), r.units() * 1000.0 / millis, r.cpu(),
                    r.delay());
        }
        out.printf("   %-14s %8s %12.0f %7.1f %7.1f%n%n", "all", "", BusyThreads.totalUnits(rs) * 1000.0 / millis,
                BusyThreads.totalCpu(rs), BusyThreads.totalDelay(rs));
    }
}
