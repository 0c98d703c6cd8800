package io.lwp4j.cli.demo;

import io.lwp4j.Lwp4j;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lwp4j demo server}: the seeds' thread-per-connection image server on a loopback port, each connection
 * served by a native thread of its own ({@code conn-N}), under a bounded burst from a built-in client; NLWP rises
 * and falls. Then the same burst against a fixed pool of native threads, and the two compared.
 */
@Command(name = "server", description = {"Thread-per-connection image server on loopback vs a fixed pool: NLWP, "
        + "threads created, requests/s.",
    "Bounds (burst): at most --requests requests, 20 s per phase, 64 clients, 64 pool threads; a few MiB.",
    "--serve: a real HTTP server on --bind:--port (127.0.0.1:3000) serving the files of --dir until Ctrl-C",
    "(SIGINT) or SIGTERM, then a summary. Bounds: --max-connections at once (the next get 503), a request head of",
    "8 KiB read within 10 s, one thread (or virtual thread) per connection or --pool threads; files are sent by",
    "sendfile, never held in memory. '..', absolute paths, encoded traversal and symlinks leaving DIR get 403."})
public final class ServerDemo extends DemoSupport implements Callable<Integer> {
    private static final int MAX_ROWS = 8;
    private static final long PHASE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    @Option(names = "--requests", description = "Requests per run (1-5000, default ${DEFAULT-VALUE}).")
    int requests = 300;

    @Option(names = "--clients", description = "Concurrent client threads (1-64, default ${DEFAULT-VALUE}).")
    int clients = 24;

    @Option(names = "--pool", description = "Native threads in the fixed pool (1-64, default ${DEFAULT-VALUE}).")
    int pool = 4;

    @Option(names = "--delay-ms", description = "Latency per request before the answer, as storage would add "
            + "(0-1000, default ${DEFAULT-VALUE}).")
    int delayMs = 10;

    @Option(names = "--side", description = "Image side in pixels (1-512, default ${DEFAULT-VALUE}).")
    int side = 64;

    @Option(names = "--serve", description = "Run a real HTTP image server until SIGINT/SIGTERM (see above).")
    boolean serve;

    @Option(names = "--port", description = "--serve: the TCP port (0: any free one; default ${DEFAULT-VALUE}).")
    int port = 3000;

    @Option(names = "--bind", description = "--serve: the address to listen on (default ${DEFAULT-VALUE}: this "
            + "machine only; 0.0.0.0 inside a container whose port is published).")
    String bind = "127.0.0.1";

    @Option(names = "--dir", description = "--serve: the directory served (default: ./images if it exists, else a "
            + "temporary one holding a generated image).")
    java.nio.file.Path dir;

    @Option(names = "--mode", description = "--serve: per-connection (a native thread conn-N each), pool (--pool "
            + "native threads) or virtual (a virtual thread each); default ${DEFAULT-VALUE}.")
    String mode = "per-connection";

    @Option(names = "--max-connections", description = "--serve: connections served at once (1-10000, default "
            + "${DEFAULT-VALUE}); the next are answered 503.")
    int maxConnections = 256;

    /** One run's figures. */
    record Run(String mode, int threadsCreated, int baseline, int peak, int ok, int failed, double seconds,
            List<int[]> timeline, List<String> psAtPeak) {
        double perSecond() {
            return ok / seconds;
        }

        String json() {
            return "{\"mode\":" + Json.str(mode) + ",\"threadsCreated\":" + threadsCreated + ",\"baselineNlwp\":"
                    + baseline + ",\"peakNlwp\":" + peak + ",\"ok\":" + ok + ",\"failed\":" + failed
                    + ",\"seconds\":" + String.format("%.3f", seconds) + ",\"requestsPerSecond\":"
                    + String.format("%.1f", perSecond()) + "}";
        }
    }

    @Override
    public Integer call() throws Exception {
        Lwp4j.ensureAvailability();
        if (serve) {
            check("--port", port, 0, 65535);
            check("--pool", pool, 1, 64);
            check("--max-connections", maxConnections, 1, 10_000);
            return ServeMode.run(this, StaticImageServer.Mode.of(mode));
        }
        check("--requests", requests, 1, 5000);
        check("--clients", clients, 1, 64);
        check("--pool", pool, 1, 64);
        check("--side", side, 1, 512);
        check("--delay-ms", delayMs, 0, 1000);
        explain("server: thread per connection, then a fixed pool",
                "An image server listens on 127.0.0.1 only. A built-in client sends " + requests + " requests, "
                        + clients + " at a time;",
                "each request asks for a " + side + "x" + side + " Mandelbrot image (PGM), answered after "
                        + delayMs + " ms of simulated storage latency.",
                "First every connection gets a native thread of its own (pthread_create, named conn-N):",
                "NLWP, the process's thread count in ps -eLf, rises with the burst and falls after.",
                "Then " + pool + " native threads (pool-N) serve the same burst: NLWP stays flat, and at most "
                        + pool + " requests are served at once.");
        Run perConnection = run("thread-per-connection", 0);
        Run pooled = run("fixed pool of " + pool, pool);
        if (json) {
            out.println("{\"demo\":\"server\",\"requests\":" + requests + ",\"clients\":" + clients
                    + ",\"delayMs\":" + delayMs
                    + ",\"runs\":[" + perConnection.json() + "," + pooled.json() + "]}");
        } else {
            show(perConnection);
            show(pooled);
            out.println("== comparison");
            out.printf("   %-24s %16s %10s %12s%n", "", "threads created", "peak NLWP", "requests/s");
            for (Run r : List.of(perConnection, pooled)) {
                out.printf("   %-24s %16d %10d %12.0f%n", r.mode(), r.threadsCreated(), r.peak(), r.perSecond());
            }
            out.println();
        }
        return perConnection.failed() + pooled.failed() == 0 ? 0 : 1;
    }

    private Run run(String mode, int poolSize) throws Exception {
        List<int[]> timeline = new ArrayList<>();
        List<String> psAtPeak = new ArrayList<>();
        int[] peak = {0};
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long start;
        double seconds;
        int created;
        int baseline;
        try (ImageServer server = new ImageServer(poolSize, delayMs)) {
            // The clients live in this process too: start them (waiting) before the baseline, so that what NLWP
            // gains during the burst is the server's threads only.
            CountDownLatch go = new CountDownLatch(1);
            long[] deadline = new long[1];
            List<Thread> clientThreads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Thread t = new Thread(() -> {
                    PthreadsDemo.awaitQuietly(go);
                    while (next.getAndIncrement() < requests && System.nanoTime() < deadline[0]) {
                        (ImageServer.request(server.port(), side) ? ok : failed).incrementAndGet();
                    }
                }, "client-" + c);
                t.start();
                clientThreads.add(t);
            }
            stopSampling = false;
            Thread sampler = new Thread(() -> {
                PthreadsDemo.awaitQuietly(go);
                sample(timeline, psAtPeak, peak);
            }, "nlwp-sampler");
            sampler.start();
            baseline = nlwp();
            peak[0] = baseline;
            start = System.nanoTime();
            deadline[0] = start + PHASE_LIMIT_NANOS;
            go.countDown();
            for (Thread t : clientThreads) {
                t.join(TimeUnit.NANOSECONDS.toMillis(PHASE_LIMIT_NANOS) + 10_000);
            }
            seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(100); // let the last connection threads end: NLWP falls back
            stopSampling = true;
            sampler.join(10_000);
            created = server.threadsCreated();
        }
        failed.addAndGet(Math.max(0, Math.min(requests, next.get()) - ok.get() - failed.get()));
        return new Run(mode, created, baseline, peak[0], ok.get(), failed.get(), seconds, timeline, psAtPeak);
    }

    private volatile boolean stopSampling;

    /** Samples NLWP every 2 ms (what ps -eLf's NLWP column shows); renders ps rows of serving threads at the peak. */
    private void sample(List<int[]> timeline, List<String> psAtPeak, int[] peak) {
        long t0 = System.nanoTime();
        int lastMs = -1000;
        int rowsPeak = 0;
        while (!stopSampling) {
            int n = nlwp();
            int ms = (int) ((System.nanoTime() - t0) / 1_000_000);
            peak[0] = Math.max(peak[0], n);
            if (ms - lastMs >= 25) {
                timeline.add(new int[] {ms, n});
                lastMs = ms;
            }
            if (n >= peak[0] && rowsPeak < MAX_ROWS) {
                List<Integer> serving = new ArrayList<>();
                for (TaskInfo t : Tasks.self()) {
                    if (t.name().startsWith("conn-") || t.name().startsWith("pool-")) {
                        serving.add(t.tid());
                    }
                }
                List<String> rows = psRows(serving.subList(0, Math.min(serving.size(), MAX_ROWS)));
                if (rows.size() - 1 > rowsPeak) { // the header is the first row
                    rowsPeak = rows.size() - 1;
                    psAtPeak.clear();
                    psAtPeak.addAll(rows);
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void show(Run r) {
        out.println("== " + r.mode());
        out.printf("   %d requests served (%d failed) in %.2f s: %.0f requests/s; native threads created: %d%n",
                r.ok(), r.failed(), r.seconds(), r.perSecond(), r.threadsCreated());
        out.printf("   NLWP before %d, peak %d. NLWP over time (sampled from /proc/self/status, as ps reads it):%n",
                r.baseline(), r.peak());
        int step = Math.max(1, (r.timeline().size() + 39) / 40); // at most 40 lines
        for (int i = 0; i < r.timeline().size(); i += step) {
            int[] s = r.timeline().get(i);
            out.printf("   %6d ms  NLWP %4d  %s%n", s[0], s[1], "#".repeat(Math.max(0, Math.min(60, s[1] - r.baseline()))));
        }
        if (!r.psAtPeak().isEmpty()) {
            out.println("   ps -eLf rows of serving threads (conn-N / pool-N) near the peak (NLWP is the 6th column):");
            r.psAtPeak().forEach(l -> out.println("   " + l));
        }
        out.println();
    }

    /** The process's thread count, from /proc/self/status: the NLWP column of ps -eLf. */
    static int nlwp() {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (l.startsWith("Threads:")) {
                    return Integer.parseInt(l.substring(8).trim());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no Threads: line in /proc/self/status");
    }
}
