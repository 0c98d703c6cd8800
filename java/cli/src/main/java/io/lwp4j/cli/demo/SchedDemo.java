package io.lwp4j.cli.demo;

import io.lwp4j.JavaThreads;
import io.lwp4j.Lwp4j;
import io.lwp4j.Lwp4jException;
import io.lwp4j.sched.CpuSet;
import io.lwp4j.sched.CpuTopology;
import io.lwp4j.sched.SchedPolicy;
import io.lwp4j.sched.Scheduling;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j demo sched}: Linux's scheduler, measured. Threads pinned to one CPU at nice 0, 5 and 10 share it in
 * proportion to their weights (1024, 335, 110: each nice step is about 1.25x); then a {@code SCHED_FIFO} thread
 * against a normal one, and two {@code SCHED_RR} threads, where this process may use real-time policies — else the
 * reason. CPU share and run-queue delay per thread from lwp4j's thread sampler.
 */
@Command(name = "sched", description = {
    "Threads pinned to one CPU at nice 0, 5, 10 get CPU by weight; SCHED_FIFO vs SCHED_OTHER and SCHED_RR vs "
            + "SCHED_RR where allowed (else why); CPU share and run-queue delay per thread.",
    "Bounds: 3 spinning threads on one CPU for --millis (200-10000) ms; the real-time runs last at most 300 ms each "
            + "(the kernel's RT throttling leaves others 5%% anyway); no memory to speak of."})
public final class SchedDemo extends DemoSupport implements Callable<Integer> {
    /** The kernel's sched_prio_to_weight[] for nice 0, 5 and 10 (kernel/sched/core.c). */
    private static final int[] NICE = {0, 5, 10};
    private static final int[] WEIGHT = {1024, 335, 110};
    private static final int RT_MILLIS = 300;

    @Option(names = "--millis", description = "How long the nice run lasts (200-10000 ms, default ${DEFAULT-VALUE}).")
    int millis = 2000;

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        check("--millis", millis, 200, 10_000);
        int cpu = CpuTopology.allowedCpus().highest();
        CpuSet one = CpuSet.of(cpu);
        explain("sched: one CPU, shared by weight",
                "Three threads spin on CPU " + cpu + " only (sched_setaffinity), at nice 0, 5 and 10 (setpriority on",
                "each TID). CFS gives each runnable thread CPU in proportion to its weight: 1024, 335 and 110 for",
                "these nice values, so about 70%, 23% and 7.5% of the CPU between them. CPU = time on the CPU,",
                "DELAY = runnable but waiting, as % of the run, from lwp4j's ThreadSampler (schedstat): the",
                "figures `lwp4j top` shows. Other work on CPU " + cpu + " takes its share first.");
        int total = 0;
        for (int w : WEIGHT) {
            total += w;
        }
        List<BusyThreads.Result> nice = BusyThreads.run("nice", 3, millis, i -> {
            int tid = JavaThreads.currentTid();
            Scheduling.setAffinity(tid, one);
            Scheduling.setNice(tid, NICE[i]);
        }, BusyThreads.ONE_UNIT);
        double sum = BusyThreads.totalCpu(nice);
        List<String> niceJson = new ArrayList<>();
        List<String> niceText = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BusyThreads.Result r = nice.get(i);
            double expected = 100.0 * WEIGHT[i] / total;
            double share = sum == 0 ? 0 : 100 * r.cpu() / sum;
            niceJson.add("{\"nice\":" + NICE[i] + ",\"tid\":" + r.tid() + ",\"cpuPercent\":" + fmt(r.cpu())
                    + ",\"shareOfOurCpuPercent\":" + fmt(share) + ",\"expectedSharePercent\":" + fmt(expected)
                    + ",\"runDelayPercent\":" + fmt(r.delay()) + "}");
            niceText.add(String.format("   %-8s %8d %5d %8.1f %14.1f %14.1f %8.1f", r.name(), r.tid(), NICE[i], r.cpu(),
                    share, expected, r.delay()));
        }
        String rtReason = null;
        List<String> rtJson = new ArrayList<>();
        List<String> rtText = new ArrayList<>();
        try {
            realTime(one, "fifo", new SchedPolicy[] {SchedPolicy.FIFO, SchedPolicy.OTHER}, rtJson, rtText);
            realTime(one, "rr", new SchedPolicy[] {SchedPolicy.RR, SchedPolicy.RR}, rtJson, rtText);
        } catch (IllegalStateException e) {
            rtReason = e.getCause() instanceof Lwp4jException ? e.getCause().getMessage() : e.getMessage();
        }
        if (json) {
            out.println("{\"demo\":\"sched\",\"cpu\":" + cpu + ",\"nice\":[" + String.join(",", niceJson)
                    + "],\"realTime\":{\"allowed\":" + (rtReason == null) + ",\"reason\":" + Json.str(rtReason)
                    + ",\"rows\":[" + String.join(",", rtJson) + "]}}");
            return 0;
        }
        out.printf("   %-8s %8s %5s %8s %14s %14s %8s%n", "THREAD", "TID", "NICE", "CPU%", "SHARE OF OURS%",
                "BY WEIGHT%", "DELAY%");
        niceText.forEach(out::println);
        out.println();
        out.println("== real-time policies on CPU " + cpu);
        if (rtReason != null) {
            out.println("   Not allowed here: " + rtReason);
        } else {
            out.println("   A SCHED_FIFO thread runs until it blocks or yields: the SCHED_OTHER thread beside it gets only");
            out.println("   what RT throttling leaves (5% of each second by default). Two SCHED_RR threads of one priority");
            out.println("   take turns every time slice (100 ms): about half each.");
            out.printf("   %-10s %8s %-12s %8s %8s%n", "THREAD", "TID", "POLICY", "CPU%", "DELAY%");
            rtText.forEach(out::println);
        }
        out.println();
        return 0;
    }

    private static String fmt(double v) {
        return String.format("%.1f", v);
    }

    /** Two threads on {@code one} with the given policies for RT_MILLIS; EPERM ends it with the reason. */
    private void realTime(CpuSet one, String prefix, SchedPolicy[] policies, List<String> json, List<String> text)
            throws Exception {
        List<BusyThreads.Result> rs = BusyThreads.run(prefix, 2, RT_MILLIS, i -> {
            int tid = JavaThreads.currentTid();
            Scheduling.setAffinity(tid, one);
            if (policies[i].isRealTime()) {
                Scheduling.setPolicy(tid, policies[i], 1);
            }
        }, BusyThreads.ONE_UNIT);
        for (int i = 0; i < 2; i++) {
            BusyThreads.Result r = rs.get(i);
            json.add("{\"policy\":" + Json.str(policies[i].cName()) + ",\"tid\":" + r.tid() + ",\"cpuPercent\":"
                    + fmt(r.cpu()) + ",\"runDelayPercent\":" + fmt(r.delay()) + "}");
            text.add(String.format("   %-10s %8d %-12s %8.1f %8.1f", r.name(), r.tid(), policies[i].cName(), r.cpu(),
                    r.delay()));
        }
    }
}
