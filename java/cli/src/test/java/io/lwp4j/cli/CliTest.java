package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.JavaThreads;
import io.lwp4j.testing.ChildJvm;
import io.lwp4j.testing.PsRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lwp4j command, run in-process, against the real ps and /proc. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliTest {

    record Result(int code, String out, String err) {}

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void psOfAQuietProcessIsExactlyWhatPsEfLPrints() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Thread.sleep(200); // let it exec: before that its cmdline is still the JVM's
            int pid = (int) sleep.pid();
            // C is CPU time over elapsed time: a young process's C falls while it ages (2 -> 1 between the two reads
            // was seen under load), so the two reads are repeated until they fall in the same second; every other
            // column must match exactly on every attempt.
            List<String> real = List.of();
            List<String> ours = List.of();
            for (int attempt = 0; attempt < 5; attempt++) {
                real = RealPs.psEfLRowsOf(pid).orElseThrow();
                Result r = run("ps", Long.toString(pid));
                assertEquals(0, r.code(), r.err());
                ours = List.of(r.out().split("\n"));
                assertEquals(real.size(), ours.size(), ours.toString());
                for (int i = 0; i < real.size(); i++) {
                    assertTrue(PsRow.sameButCpuColumns(real.get(i), ours.get(i)), real.get(i) + "\n" + ours.get(i));
                }
                if (real.equals(ours)) {
                    break;
                }
                Thread.sleep(300);
            }
            assertEquals(real, ours);
            assertEquals(2, real.size()); // the header and sleep's one task
        } finally {
            sleep.destroy();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void psOfThisJvmMatchesPsEfLRowForRowUpToCpuColumns() {
        int pid = (int) ProcessHandle.current().pid();
        RealPs.psEfLRowsOf(pid); // start the JVM's process reaper before either read (see TourCommand)
        List<String> real = RealPs.psEfLRowsOf(pid).orElseThrow();
        Result r = run("ps", Long.toString(pid));
        List<String> mine = List.of(r.out().split("\n"));
        assertEquals(real.get(0), mine.get(0));
        // Tolerance: C and TIME of running threads may move between the two reads; nothing else may differ. A
        // thread may start or end between the reads (the JVM's own, e.g. a compiler thread), so compare by LWP.
        java.util.Map<String, String> byLwp = new java.util.HashMap<>();
        for (String line : real.subList(1, real.size())) {
            byLwp.put(line.trim().split("\\s+")[3], line);
        }
        int compared = 0;
        for (String line : mine.subList(1, mine.size())) {
            String other = byLwp.get(line.trim().split("\\s+")[3]);
            if (other != null) {
                assertTrue(PsRow.sameButCpuColumns(line, other), line + "\n" + other);
                compared++;
            }
        }
        assertTrue(compared >= real.size() - 3, compared + " of " + real.size());
    }

    @Test
    void psOfAMissingPidSaysSoAndFails() {
        Result r = run("ps", "999999999");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("lwp4j ps: no process 999999999"), r.err());
        assertEquals(1, r.out().split("\n").length); // the header only, as ps prints
        Result bad = run("ps", "-5");
        assertTrue(bad.code() != 0);
    }

    @Test
    void psJavaOfThisJvmShowsTheCallingThreadAtItsTid() {
        int pid = (int) ProcessHandle.current().pid();
        int tid = JavaThreads.currentTid();
        Result r = run("ps", "--java", Long.toString(pid));
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().filter(l -> l.trim().split("\\s+")[1].equals(Integer.toString(tid)))
                .findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(row.endsWith(" " + Thread.currentThread().getName()), row);
        assertTrue(row.contains(" RUNNABLE "), row);
    }

    @Test
    void psJsonHasEveryTaskWithItsNspid() {
        int pid = (int) ProcessHandle.current().pid();
        int tid = JavaThreads.currentTid();
        Result r = run("ps", "--json", Long.toString(pid));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("[\n") && r.out().endsWith("]\n"), r.out());
        assertTrue(r.out().contains("{\"pid\":" + pid + ",\"tid\":" + tid + ","), r.out());
        assertTrue(r.out().contains("\"nspid\":[" + tid), r.out());
    }

    @Test
    void psJavaOfAnotherJvmGoesThroughTheAttachApi() throws Exception {
        Process child = ChildJvm.startReady(List.of(), List.of(), Sleeper.class).process();
        try {
            Result r = run("ps", "--java", Long.toString(child.pid()));
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().lines().anyMatch(l -> l.endsWith(" sleeper-worker") && l.contains("TIMED_WAITING")),
                    r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.endsWith(" main")), r.out());
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void theTourRunsEverySectionAndExitsZero() {
        Result r = run("tour");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {"== 1. Platform threads", "== 2. Virtual threads", "== 3. Native threads",
            "== 4. Raw tasks", "== 5. This JVM in ps -eLf", "== 6. Every task of this JVM",
            "All tour threads have ended."}) {
            assertTrue(r.out().contains(s), s + " missing from:\n" + r.out());
        }
        assertTrue(r.out().contains("tour-renamed"), r.out());
        assertTrue(r.out().contains("none (a raw task)"), r.out());
        // It ends with a recording of its own threads, and says how to open it.
        assertTrue(r.out().contains("== 7. Which thread burns the CPU?"), r.out());
        assertTrue(r.out().contains("== 8. This JVM's threads over time"), r.out());
        assertTrue(r.out().contains("ui.perfetto.dev"), r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("wrote (\\S+tour\\.json)").matcher(r.out());
        assertTrue(m.find(), r.out());
        java.nio.file.Path json = java.nio.file.Paths.get(m.group(1));
        try {
            String trace = java.nio.file.Files.readString(json);
            assertTrue(trace.contains("\"name\":\"thread_name\"") && trace.contains("\"ph\":\"X\""), trace);
            assertTrue(java.nio.file.Files.size(json.resolveSibling("tour.html")) > 1000);
            java.nio.file.Files.delete(json.resolveSibling("tour.html"));
            java.nio.file.Files.delete(json);
            java.nio.file.Files.delete(json.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void backendsListsTheOneInUse() {
        Result r = run("backends");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("in use"), r.out());
    }
}
