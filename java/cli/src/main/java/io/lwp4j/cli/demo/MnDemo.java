package io.lwp4j.cli.demo;

import io.lwp4j.JavaThreads;
import io.lwp4j.Lwp4j;
import io.lwp4j.ThreadView;
import io.lwp4j.cli.VirtualThreads;
import io.lwp4j.futex.Futex;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import io.lwp4j.proc.ThreadLimits;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j demo m-n}: many virtual threads multiplexed on a few carrier threads (M:N) against as many platform
 * threads (1:1): NLWP, the task count {@code ps -eLf} shows, stays small with the first and grows by one per thread
 * with the second. A virtual thread blocked in a native call stays mounted (pinned) and holds its carrier's TID.
 */
@Command(name = "m-n", description = {
    "10,000 virtual threads on a few carriers (NLWP stays small) vs 10,000 platform threads (NLWP +10,000); a "
            + "virtual thread pinned by a native call holds its carrier's TID.",
    "Bounds: --threads (100-20000) sleeping threads of each kind, one kind at a time; platform threads get 256 KiB "
            + "stacks (address space reserved, little of it touched); scaled down, saying why, when a task limit "
            + "(cgroup pids.max, threads-max, pid_max) leaves less room; each phase gives up after 60 s (about 50 s "
            + "in all at 10,000 on a 2-CPU machine under load 19)."})
public final class MnDemo extends DemoSupport implements Callable<Integer> {
    /** Room left under a task limit for everyone else on the machine. */
    private static final int MARGIN = 500;
    private static final long PLATFORM_STACK = 256 * 1024;

    @Option(names = "--threads", description = "Threads of each kind (100-20000, default ${DEFAULT-VALUE}).")
    int threads = 10_000;

    record Phase(int threads, int nlwp) {
        String json() {
            return "{\"threads\":" + threads + ",\"nlwp\":" + nlwp + "}";
        }
    }

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        check("--threads", threads, 100, 20_000);
        int pid = (int) ProcessHandle.current().pid();
        int count = threads;
        String scaledBecause = null;
        long room = roomForTasks();
        if (room - MARGIN < count) {
            count = (int) Math.max(100, room - MARGIN);
            scaledBecause = "only " + room + " more tasks fit under this machine's limits (" + limitsText()
                    + "), so " + count + " threads of each kind, keeping " + MARGIN + " for everyone else";
        }
        explain("m-n: many virtual threads on a few kernel tasks, against one task per platform thread",
                count + " virtual threads sleep at once. A sleeping virtual thread is unmounted: it is a Java object",
                "and a stack chunk in the heap, not a kernel task, so ps -eLf shows only the few carrier threads",
                "(ForkJoinPool-1-worker-N) that run whichever virtual threads are ready: many-to-many (M:N).",
                "Then " + count + " platform threads sleep at once: each is a kernel task of its own (one-to-one), so",
                "NLWP, the thread count of ps -eLf, grows by " + count + ".",
                "One more virtual thread blocks inside a native call (a futex wait through lwp4j): it cannot unmount,",
                "so it pins its carrier, and the TID it reads with gettid is that carrier's.");
        if (scaledBecause != null && !json) {
            out.println("   Scaled down: " + scaledBecause + ".");
            out.println();
        }
        int before = nlwpOf(pid);
        String virtualJson = "null";
        String pinnedJson = "null";
        if (Runtime.version().feature() >= 21) {
            Phase v = virtualPhase(pid, count);
            virtualJson = v.json();
            pinnedJson = pinned();
        } else if (!json) {
            out.println("   This is Java " + Runtime.version().feature() + ": virtual threads need Java 21 or newer.");
        }
        Phase p = platformPhase(pid, count);
        if (json) {
            out.println("{\"demo\":\"m-n\",\"nlwpBefore\":" + before + ",\"virtual\":" + virtualJson
                    + ",\"platform\":" + p.json() + ",\"pinned\":" + pinnedJson + ",\"scaledDownBecause\":"
                    + Json.str(scaledBecause) + "}");
        } else {
            out.println("== summary");
            out.printf("   NLWP before: %d%n", before);
            out.printf("   %-28s %s%n", count + " virtual threads:", virtualJson.equals("null") ? "(Java 21+)"
                    : "NLWP " + virtualJson.replaceAll(".*\"nlwp\":(\\d+).*", "$1"));
            out.printf("   %-28s NLWP %d%n", p.threads() + " platform threads:", p.nlwp());
            out.println();
        }
        return 0;
    }

    /** How many more tasks this process may make: the tightest of the cgroup's pids.max, threads-max, pid_max. */
    static long roomForTasks() {
        long room = Long.MAX_VALUE;
        for (ThreadLimits.Limit l : ThreadLimits.current().all()) {
            if (l.headroom() != ThreadLimits.UNLIMITED) {
                room = Math.min(room, l.headroom());
            }
        }
        try {
            int pidMax = Integer.parseInt(Files.readAllLines(Paths.get("/proc/sys/kernel/pid_max")).get(0).trim());
            room = Math.min(room, pidMax - Tasks.allInKernelOrder().size());
        } catch (java.io.IOException | NumberFormatException e) {
            // no pid_max to read: the other limits stand
        }
        return room;
    }

    private static String limitsText() {
        StringBuilder b = new StringBuilder();
        for (ThreadLimits.Limit l : ThreadLimits.current().all()) {
            b.append(b.length() == 0 ? "" : "; ").append(l);
        }
        try {
            b.append("; kernel.pid_max=").append(Files.readAllLines(Paths.get("/proc/sys/kernel/pid_max")).get(0).trim())
                    .append(" (tasks on the machine now: ").append(Tasks.allInKernelOrder().size()).append(')');
        } catch (java.io.IOException e) {
            // no pid_max to read
        }
        return b.toString();
    }

    private Phase virtualPhase(long pid, int count) throws Exception {
        CountDownLatch started = new CountDownLatch(count);
        List<Thread> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(VirtualThreads.start("mn-virtual-" + i, () -> {
                started.countDown();
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(2)); // unmounts: the carrier runs others meanwhile
                } catch (InterruptedException e) {
                    // released
                }
            }));
        }
        try {
            if (!started.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("virtual threads did not all start within 60 s");
            }
            int nlwp = nlwpOf(pid);
            if (!json) {
                out.printf("   %d virtual threads sleeping: NLWP %d.%n", count, nlwp);
                // The carriers: the virtual-thread scheduler's workers (ForkJoinPool-N-worker-M), from the thread dump.
                List<ThreadView> views = JavaThreads.snapshot();
                List<Integer> carriers = new ArrayList<>();
                for (ThreadView tv : views) {
                    if (tv.java() != null && tv.java().name().matches("ForkJoinPool-\\d+-worker-\\d+")) {
                        carriers.add(tv.task().tid());
                    }
                }
                printPsRows("ps -eLf rows of the carrier threads (ForkJoinPool-N-worker-M); NLWP is the 6th column:",
                        carriers);
                out.println("   What each carrier runs now (from the thread dump): a sleeping virtual thread is on none.");
                for (ThreadView tv : views) {
                    if (tv.java() != null && carriers.contains(tv.task().tid())) {
                        long carried = tv.java().carriedVirtualThreadId();
                        out.printf("   TID %7d  %-26s %s%n", tv.task().tid(), tv.java().name(),
                                carried >= 0 ? "carrying virtual thread #" + carried : "idle (no virtual thread mounted)");
                    }
                }
                out.println();
            }
            return new Phase(count, nlwp);
        } finally {
            all.forEach(Thread::interrupt);
            for (Thread t : all) {
                t.join(10_000);
            }
        }
    }

    /** A virtual thread blocked in a native futex wait: it stays mounted, and the snapshot finds it on its carrier. */
    private String pinned() throws Exception {
        try (NativeMemory word = NativeMemory.create(4096)) {
            Futex<Futex.Private> f = Futex.privateOn(word, 0);
            AtomicInteger seenInside = new AtomicInteger();
            CountDownLatch inside = new CountDownLatch(1);
            Thread v = VirtualThreads.start("mn-pinned", () -> {
                seenInside.set(JavaThreads.currentTid()); // gettid: the carrier's TID
                inside.countDown();
                f.await(0, Duration.ofSeconds(30)); // a native call: the virtual thread cannot unmount
            });
            try {
                inside.await(30, TimeUnit.SECONDS);
                int carrierTid = -1;
                String carrierName = "";
                for (int attempt = 0; attempt < 50 && carrierTid < 0; attempt++) {
                    for (ThreadView tv : JavaThreads.snapshot()) {
                        if (tv.java() != null && tv.java().carriedVirtualThreadId() == v.getId()) {
                            carrierTid = tv.task().tid();
                            carrierName = tv.java().name();
                        }
                    }
                    if (carrierTid < 0) {
                        Thread.sleep(20); // between countDown and the futex call it may still be moving
                    }
                }
                char state = carrierTid < 0 ? '?' : Tasks.task((int) ProcessHandle.current().pid(), carrierTid)
                        .map(TaskInfo::state).orElse('?');
                if (!json) {
                    out.printf("   A virtual thread (#%d) blocked in FUTEX_WAIT read TID %d inside; the thread dump shows"
                            + " carrier %s (TID %d) carrying it, in state %c (sleeping in the kernel).%n", v.getId(),
                            seenInside.get(), carrierName, carrierTid, state);
                    printPsRows("ps -eLf row of the pinned carrier:", List.of(carrierTid));
                }
                return "{\"virtualThreadId\":" + v.getId() + ",\"tidSeenInside\":" + seenInside.get()
                        + ",\"carrierTid\":" + carrierTid + ",\"carrierName\":" + Json.str(carrierName)
                        + ",\"carrierState\":" + Json.str(String.valueOf(state)) + "}";
            } finally {
                word.setIntRelease(0, 1);
                f.wakeAll();
                v.join(30_000);
            }
        }
    }

    private Phase platformPhase(long pid, int count) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(count);
        List<Thread> all = new ArrayList<>(count);
        String stoppedBy = null;
        try {
            for (int i = 0; i < count; i++) {
                Thread t = new Thread(null, () -> {
                    started.countDown();
                    try {
                        release.await(2, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "mn-platform-" + i, PLATFORM_STACK);
                t.setDaemon(true);
                try {
                    t.start();
                } catch (OutOfMemoryError e) {
                    stoppedBy = "Thread.start failed after " + i + " threads: " + ThreadLimits.current().describe();
                    break;
                }
                all.add(t);
            }
            for (int k = all.size(); k < count; k++) {
                started.countDown(); // the threads that could not start are not waited for
            }
            if (!started.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("platform threads did not all start within 60 s");
            }
            int nlwp = nlwpOf(pid);
            if (!json) {
                out.printf("%n   %d platform threads sleeping: NLWP %d.%s%n", all.size(), nlwp,
                        stoppedBy == null ? "" : " " + stoppedBy);
                List<Integer> some = new ArrayList<>();
                for (TaskInfo t : Tasks.self()) {
                    if (t.name().startsWith("mn-platform-") && some.size() < 5) {
                        some.add(t.tid());
                    }
                }
                printPsRows("ps -eLf rows of the first five (of " + all.size() + " rows like them):", some);
            }
            return new Phase(all.size(), nlwp);
        } finally {
            release.countDown();
            for (Thread t : all) {
                t.join(10_000);
            }
        }
    }
}
