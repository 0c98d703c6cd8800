package io.lwp4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running {@code native/bench/thread_farm}: a process with N sleeping threads, the target of the listing
 * benchmarks. It lives while its stdin is open; {@link #close()} closes it and waits, so a farm never outlives
 * the runner (if the runner dies, the pipe closes and the farm exits by itself).
 */
final class ThreadFarm implements AutoCloseable {
    private final Process process;
    private final long pid;
    private final int threads;

    private ThreadFarm(Process process, long pid, int threads) {
        this.process = process;
        this.pid = pid;
        this.threads = threads;
    }

    /** Starts a farm of {@code threads} threads and waits until all of them run. */
    static ThreadFarm start(Path program, int threads, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(program.toString(), Integer.toString(threads)))
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            p.destroyForcibly().waitFor();
            throw new IOException("thread_farm " + threads + " did not report ready within " + timeout, e);
        }
        String expected = "READY pid=" + p.pid() + " threads=" + threads;
        if (!expected.equals(line)) {
            p.getOutputStream().close();
            p.waitFor(10, TimeUnit.SECONDS);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.destroyForcibly().waitFor();
            throw new IOException("thread_farm " + threads + " failed (said '" + line + "', exit "
                    + (p.isAlive() ? "-" : p.exitValue()) + "): " + err);
        }
        return new ThreadFarm(p, p.pid(), threads);
    }

    long pid() {
        return pid;
    }

    int threads() {
        return threads;
    }

    /** The farm's task count: its threads and its main thread. */
    int tasks() {
        return threads + 1;
    }

    /**
     * Closes stdin (the farm's signal to exit) and waits; kills it if it does not go within ten seconds, or at
     * once when this thread is interrupted (the interrupt stays set).
     */
    @Override
    public void close() throws IOException {
        try {
            process.getOutputStream().close();
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
