package io.lwp4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The machine's own {@code ps}, run beside lwp4j's view so the reader can compare the two. */
final class RealPs {
    private RealPs() {}

    /**
     * {@code ps -eLf}, cut to the header and the rows of {@code pid}; empty when no {@code ps} is installed (the
     * tour then shows lwp4j's view alone — lwp4j's renderer needs no {@code ps}).
     */
    static Optional<List<String>> psEfLRowsOf(long pid) {
        List<String> all = run("ps", "-eLf");
        if (all == null || all.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        out.add(all.get(0));
        for (String line : all.subList(1, all.size())) {
            String[] f = line.trim().split("\\s+", 3);
            if (f.length > 1 && f[1].equals(Long.toString(pid))) {
                out.add(line);
            }
        }
        return Optional.of(out);
    }

    /** Runs a command and returns its stdout lines, or null when it cannot be run or fails. */
    static List<String> run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
