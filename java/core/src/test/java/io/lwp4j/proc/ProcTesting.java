package io.lwp4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lwp4j.testing.KernelView;
import io.lwp4j.testing.PsRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Running real commands and reading /proc independently of the code under test. */
final class ProcTesting {
    private ProcTesting() {}

    /** True when the tests run as root (needed to add users, mount a procfs and enter namespaces). */
    static boolean isRoot() {
        long self = KernelView.self();
        return KernelView.status(self, self, "Uid").split("\\s+")[1].equals("0");
    }

    /**
     * Runs a command to completion and returns its standard output as lines. COLUMNS is removed from its
     * environment so that {@code ps} uses its unlimited width for a pipe, as {@link PsFormat} does.
     */
    static List<String> run(int allowedExit, String... command) {
        return run(Map.of(), allowedExit, command);
    }

    /** {@link #run(int, String...)} with some environment variables set (for example LANG). */
    static List<String> run(Map<String, String> env, int allowedExit, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
            pb.environment().remove("COLUMNS");
            pb.environment().putAll(env);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", command));
            }
            int rc = p.exitValue();
            if (rc != 0 && rc != allowedExit) {
                fail("exit " + rc + ": " + String.join(" ", command));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the rows of a real {@code ps} run against our rendering made just before and just after it.
     *
     * <p>Tolerance: a row must equal one of our two renderings exactly once C, NLWP and TIME are blanked out; TIME
     * (seconds of CPU, which only grows) and NLWP (threads starting and ending) must lie between our two values,
     * and C (CPU percent over the task's life,
     * which can move either way) within one of them; for a task younger than 30 s, whose C swings by several
     * points between reads, C is only checked to be 0 to 99. kworker threads rename themselves as they pick up work, so
     * their name after the {@code '-'} is not compared. Rows present in only some of the three reads (threads that
     * started or ended meanwhile) are not compared. The rows compared must come in the same order.
     *
     * @return the keys ({@code pid/lwp}) of the rows compared
     */
    static List<String> assertSameRows(List<String> before, List<String> ps, List<String> after) {
        assertEquals(before.get(0), ps.get(0), "header");
        Map<String, PsRow> b = byKey(before);
        Map<String, PsRow> a = byKey(after);
        List<String> compared = new ArrayList<>();
        StringBuilder problems = new StringBuilder();
        Map<Long, Integer> psRowsPerPid = new java.util.HashMap<>();
        for (String line : ps.subList(1, ps.size())) {
            psRowsPerPid.merge(PsRow.parse(line).pid(), 1, Integer::sum);
        }
        for (String line : ps.subList(1, ps.size())) {
            PsRow r = PsRow.parse(line);
            PsRow r1 = b.get(r.key());
            PsRow r2 = a.get(r.key());
            if (r1 == null || r2 == null) {
                continue;
            }
            compared.add(r.key());
            if (line.equals(r1.line()) || line.equals(r2.line())) {
                continue;
            }
            String m = kworker(r.masked());
            boolean layout = m.equals(kworker(r1.masked())) || m.equals(kworker(r2.masked()));
            boolean time = r.timeSeconds() >= Math.min(r1.timeSeconds(), r2.timeSeconds())
                    && r.timeSeconds() <= Math.max(r1.timeSeconds(), r2.timeSeconds());
            // NLWP between our two reads — or, when a thread started and ended between them, what ps saw itself:
            // one row per task of that process.
            boolean nlwp = r.nlwp() >= Math.min(r1.nlwp(), r2.nlwp()) && r.nlwp() <= Math.max(r1.nlwp(), r2.nlwp())
                    || r.nlwp() == psRowsPerPid.getOrDefault(r.pid(), -1);
            boolean cpu = r.cpu() >= Math.min(r1.cpu(), r2.cpu()) - 1 && r.cpu() <= Math.max(r1.cpu(), r2.cpu()) + 1;
            if (!cpu && layout && time && ageSeconds(r.pid(), r.lwp()) < 30) {
                cpu = r.cpu() >= 0 && r.cpu() <= 99; // a young task's C jumps between reads (few ticks of life)
            }
            if (!layout || !time || !cpu || !nlwp) {
                problems.append("\n  ps:     ").append(line).append("\n  before: ").append(r1.line())
                        .append("\n  after:  ").append(r2.line());
            }
        }
        assertTrue(problems.length() == 0, "rows differ from ps:" + problems);
        List<String> ourOrder = new ArrayList<>();
        for (String line : before.subList(1, before.size())) {
            String key = PsRow.parse(line).key();
            if (a.containsKey(key) && compared.contains(key)) {
                ourOrder.add(key);
            }
        }
        assertEquals(compared, ourOrder, "rows in ps' order");
        return compared;
    }

    /** The age of a task from its stat start time (field 22) and /proc/uptime, or 0 when it is gone. */
    private static double ageSeconds(long pid, long tid) {
        try {
            String startTicks = KernelView.statField(pid, tid, 22);
            if (startTicks == null) {
                return 0;
            }
            double start = Long.parseLong(startTicks) / (double) Tasks.clockTicksPerSecond();
            String up = Files.readString(Paths.get("/proc/uptime"));
            return Double.parseDouble(up.substring(0, up.indexOf(' '))) - start;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String kworker(String masked) {
        return masked.replaceAll("\\[kworker/([^\\]\\-]*)(-[^\\]]*)?\\]$", "[kworker/$1]");
    }

    private static Map<String, PsRow> byKey(List<String> lines) {
        Map<String, PsRow> m = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            PsRow r = PsRow.parse(line);
            m.put(r.key(), r);
        }
        return m;
    }
}
