package io.lwp4j.cli.demo;

import io.lwp4j.Lwp4j;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import io.lwp4j.pthread.NativeThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code lwp4j demo pthreads}: five workers made with {@code pthread_create} (lwp4j's {@link NativeThread}), each
 * named by itself before its Java code runs, shown as LWPs in {@code ps -eLf} while they wait, then joined.
 */
@Command(name = "pthreads", description = "Five workers made with pthread_create, named, seen in ps -eLf, joined.")
public final class PthreadsDemo extends DemoSupport implements Callable<Integer> {
    private static final int WORKERS = 5;

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        explain("pthreads: five native workers",
                "Each worker is a thread made by pthread_create in lwp4j's C shim, not by java.lang.Thread.",
                "It names itself (prctl PR_SET_NAME) and then calls into Java through the " + Lwp4j.backendName()
                        + " backend's upcall,",
                "so Thread.currentThread() inside it is a Java thread the JVM attached to that native thread.");
        CountDownLatch ready = new CountDownLatch(WORKERS);
        CountDownLatch release = new CountDownLatch(1);
        long[] sums = new long[WORKERS];
        String[] javaNames = new String[WORKERS];
        List<NativeThread> workers = new ArrayList<>();
        Map<Integer, String> comm = new HashMap<>();
        try {
            for (int i = 0; i < WORKERS; i++) {
                int k = i;
                workers.add(NativeThread.builder().name("worker-" + (i + 1)).start(() -> {
                    long s = 0;
                    for (int n = 1; n <= 1_000_000 * (k + 1); n++) {
                        s += n;
                    }
                    sums[k] = s;
                    javaNames[k] = Thread.currentThread().getName();
                    ready.countDown();
                    awaitQuietly(release);
                }));
            }
            ready.await();
            for (TaskInfo t : Tasks.self()) {
                comm.put(t.tid(), t.name());
            }
            printPsRows("ps -eLf rows of the five workers (LWP is the TID; CMD is the process's):",
                    workers.stream().map(NativeThread::tid).collect(Collectors.toList()));
        } finally {
            release.countDown();
        }
        boolean allJoined = true;
        for (NativeThread w : workers) {
            allJoined &= w.join(Duration.ofSeconds(10));
        }
        Thread.sleep(50); // the kernel releases an exited thread's /proc entry just after the join
        Set<Integer> left = new HashSet<>();
        for (TaskInfo t : Tasks.self()) {
            left.add(t.tid());
        }
        long stillListed = workers.stream().filter(w -> left.contains(w.tid())).count();
        if (json) {
            out.println("{\"demo\":\"pthreads\",\"backend\":" + Json.str(Lwp4j.backendName()) + ",\"workers\":["
                    + workers.stream().map(w -> "{\"name\":" + Json.str(w.name()) + ",\"tid\":" + w.tid()
                            + ",\"comm\":" + Json.str(comm.get(w.tid())) + ",\"sum\":" + sums[workers.indexOf(w)] + "}").collect(Collectors.joining(","))
                    + "],\"joined\":" + allJoined + ",\"stillListed\":" + stillListed + "}");
            return allJoined ? 0 : 1;
        }
        out.printf("   %-7s %-16s %-16s %s%n", "LWP", "COMM (kernel)", "JAVA NAME", "WORK");
        for (int i = 0; i < WORKERS; i++) {
            int tid = workers.get(i).tid();
            out.printf("   %-7d %-16s %-16s summed 1..%d = %d%n", tid, comm.get(tid), javaNames[i],
                    1_000_000 * (i + 1), sums[i]);
        }
        out.println();
        out.println("   COMM is what `ps -L -o lwp,comm` and `top -H` show: the name each worker gave itself.");
        out.println(allJoined ? "   All five joined (pthread_join); " + (stillListed == 0
                ? "none of their LWPs is left in /proc/self/task." : stillListed + " LWPs still listed.")
                : "   Not every worker ended within 10 s.");
        return allJoined ? 0 : 1;
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
