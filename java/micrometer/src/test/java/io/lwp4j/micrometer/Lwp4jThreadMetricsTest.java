package io.lwp4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexGate;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The binder against the kernel: /proc/self/task, a spinning thread, a raw task, a pool of 2,000 threads. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class Lwp4jThreadMetricsTest {

    @Test
    void simpleRegistryShowsStatesGroupsCpuAndRawTasks() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Lwp4jThreadMetrics.builder().minRefresh(Duration.ZERO).topThreads(3).build().bindTo(registry);
        AtomicBoolean stop = new AtomicBoolean();
        Thread spin = new Thread(() -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!stop.get() && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }, "metrics-spin-1");
        try (NativeMemory words = NativeMemory.create(4096)) {
            RawTask raw = RawTask.spawn(CloneFlag.threadPreset(), TaskProgram.builder().setName("metrics-raw")
                    .signal(words, 0, 1).await(words, 4, 0).build());
            assertTrue(FutexGate.on(Futex.on(words, 0)).await(Duration.ofSeconds(30)));
            spin.start();
            // Reading any meter takes a reading: the spinner's group gets its meters (as a scrape would do).
            assertTrue(registry.get(Lwp4jThreadMetrics.THREADS).tag("state", "R").gauge().value() >= 1);
            Thread.sleep(1_500);
            double user = registry.get(Lwp4jThreadMetrics.GROUP_CPU).tag("group", "metrics-spin-#")
                    .tag("mode", "user").functionCounter().count();
            double system = registry.get(Lwp4jThreadMetrics.GROUP_CPU).tag("group", "metrics-spin-#")
                    .tag("mode", "system").functionCounter().count();
            double delay = registry.get(Lwp4jThreadMetrics.GROUP_RUN_DELAY).tag("group", "metrics-spin-#")
                    .functionCounter().count();
            // A spinning thread is on a CPU or waiting for one for the whole 1.5 s (this machine is shared).
            assertTrue(user + system + delay > 0.9, "user " + user + " system " + system + " delay " + delay);
            assertTrue(user > 0.05, "user " + user);
            assertEquals(1.0, registry.get(Lwp4jThreadMetrics.GROUP_THREADS).tag("group", "metrics-spin-#")
                    .gauge().value());
            assertEquals(1.0, registry.get(Lwp4jThreadMetrics.RAW_TASKS).gauge().value());
            assertTrue(registry.get(Lwp4jThreadMetrics.GROUP_THREADS).tag("group", "metrics-raw").gauge()
                    .value() == 1.0, "the raw task is a group of its own, by its comm");
            // Threads by state add up to /proc/self/task (within the few threads that may come and go).
            double states = registry.find(Lwp4jThreadMetrics.THREADS).gauges().stream().mapToDouble(Gauge::value)
                    .sum();
            long tasks;
            try (Stream<java.nio.file.Path> s = Files.list(Paths.get("/proc/self/task"))) {
                tasks = s.count();
            }
            assertTrue(Math.abs(states - tasks) <= 3, states + " by state, " + tasks + " in /proc/self/task");
            assertTrue(registry.get(Lwp4jThreadMetrics.THREADS).tag("state", "R").gauge().value() >= 1);
            // The opt-in top threads name the spinner with its TID.
            assertTrue(registry.find(Lwp4jThreadMetrics.TOP_THREAD_CPU).tag("thread", "metrics-spin-1").gauge()
                    != null, registry.find(Lwp4jThreadMetrics.TOP_THREAD_CPU).gauges().stream()
                    .map(g -> g.getId().toString()).collect(Collectors.joining("\n")));
            // Counters only grow.
            double before = registry.get(Lwp4jThreadMetrics.PROCESS_CONTEXT_SWITCHES).tag("type", "voluntary")
                    .functionCounter().count();
            Thread.sleep(200);
            assertTrue(registry.get(Lwp4jThreadMetrics.PROCESS_CONTEXT_SWITCHES).tag("type", "voluntary")
                    .functionCounter().count() >= before);
            FutexGate.on(Futex.on(words, 4)).open();
            assertTrue(raw.join(Duration.ofSeconds(30)));
            assertEquals(0.0, registry.get(Lwp4jThreadMetrics.RAW_TASKS).gauge().value());
        } finally {
            stop.set(true);
            spin.join(10_000);
        }
    }

    @Test
    void aPrometheusScrapeOfTwoThousandPoolThreadsHasFewerThanOneHundredSeries() throws Exception {
        int n = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(n);
        try {
            for (int i = 0; i < n; i++) {
                pool.execute(() -> {
                    running.countDown();
                    try {
                        release.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertTrue(running.await(120, TimeUnit.SECONDS));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Lwp4jThreadMetrics.builder().topThreads(5).build().bindTo(registry);
            String scrape = registry.scrape();
            List<String> series = scrape.lines().filter(l -> l.startsWith("lwp4j_")).collect(Collectors.toList());
            assertTrue(series.size() < 100, series.size() + " series:\n" + scrape);
            // Names and units as a Prometheus user expects them.
            assertTrue(scrape.contains("lwp4j_thread_group_threads{group=\"pool-#-thread-#\"} 2000"), scrape);
            assertTrue(scrape.contains("# TYPE lwp4j_thread_group_cpu_seconds_total counter")
                    || scrape.contains("# TYPE lwp4j_thread_group_cpu_seconds counter"), scrape);
            for (String name : List.of("lwp4j_threads{state=\"S\"}",
                    "lwp4j_process_context_switches_total{type=\"voluntary\"}",
                    "lwp4j_process_context_switches_total{type=\"involuntary\"}",
                    "lwp4j_process_run_delay_seconds_total ",
                    "lwp4j_thread_group_cpu_seconds_total{group=\"pool-#-thread-#\",mode=\"user\"}",
                    "lwp4j_thread_group_cpu_seconds_total{group=\"pool-#-thread-#\",mode=\"system\"}",
                    "lwp4j_thread_group_run_delay_seconds_total{group=\"pool-#-thread-#\"}",
                    "lwp4j_thread_group_context_switches_total{group=\"pool-#-thread-#\"}",
                    "lwp4j_thread_group_cpu_seconds_total{group=\"jvm-gc\",mode=\"user\"}",
                    "lwp4j_raw_tasks ", "lwp4j_native_threads ", "lwp4j_thread_cpu_usage{group=")) {
                assertTrue(scrape.contains(name), name + " in\n" + scrape);
            }
            Files.writeString(Paths.get(System.getProperty("lwp4j.scrape.out", "target/scrape.txt")), scrape);
        } finally {
            release.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
    }
}
