package io.lwp4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lwp4j.internal.proc.ProcSystem;
import io.lwp4j.ps.PsFormat;
import io.lwp4j.testing.KernelView;
import io.lwp4j.testing.PsRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PsFormat} against the real {@code ps -eLf} of this machine (procps-ng 4.0.2), row for row. The tolerance
 * for C and TIME is {@link ProcTesting#assertSameRows}'s: every other column must match exactly.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PsFormatTest {
    private static final int PID = (int) ProcessHandle.current().pid();

    @Test
    void thisJvmEqualsPs() throws Exception {
        try (NamedThreads named = new NamedThreads(300)) {
            List<String> compared = withRetries(() -> {
                List<String> before = PsFormat.psEfL(PID);
                List<String> ps = onlyPid(ProcTesting.run(0, "ps", "-eLf"), PID);
                List<String> after = PsFormat.psEfL(PID);
                return ProcTesting.assertSameRows(before, ps, after);
            });
            for (int tid : named.tids()) {
                assertTrue(compared.contains(PID + "/" + tid), "row for thread " + tid);
            }
            assertTrue(compared.contains(PID + "/" + PID), "row for the main thread");
        }
    }

    @Test
    void allProcessesEqualPs() {
        List<String> compared = withRetries(() -> {
            List<String> before = PsFormat.psEfL();
            List<String> ps = ProcTesting.run(0, "ps", "-eLf");
            List<String> after = PsFormat.psEfL();
            return ProcTesting.assertSameRows(before, ps, after);
        });
        assertTrue(compared.size() > 20, "compared " + compared.size());
        assertTrue(compared.contains("1/1"), "init");
        assertTrue(compared.contains("2/2"), "kthreadd, a kernel thread: [kthreadd]");
    }

    /**
     * The corners of the format, each on a real process: a user name longer than 8 ({@code lwp4jlo+}), a
     * terminal ({@code pts/N}, through {@code script}), and an empty command line (a zombie:
     * {@code [sleep] <defunct>}).
     */
    @Test
    void longUserTerminalAndZombieEqualPs() throws Exception {
        assumeTrue(ProcTesting.isRoot(), "needs root to add a user and run a process as that user");
        String user = "lwp4jlongusername";
        boolean added = ProcTesting.run(1, "id", "-u", user).isEmpty();
        if (added) {
            ProcTesting.run(0, "useradd", "-M", "-N", "-s", "/usr/sbin/nologin", user);
        }
        List<Process> started = new ArrayList<>();
        try {
            started.add(new ProcessBuilder("setpriv", "--reuid=" + user, "--regid=65534", "--clear-groups",
                    "sleep", "60").start());
            Process script = new ProcessBuilder("script", "-qfc", "exec sleep 60", "/dev/null").start();
            started.add(script);
            // "sleep 0 &" becomes a zombie: the exec'd sleep 60 never reaps it.
            Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 60").start();
            started.add(parent);
            long zombie = waitFor(() -> parent.descendants().filter(h -> state(h.pid()) == 'Z').findFirst()
                    .map(ProcessHandle::pid).orElse(-1L));
            // script forks a child, which takes the pty and then execs sleep: wait for the exec'd sleep on its tty,
            // not for the fork (which still has no terminal for a moment).
            long onTty = waitFor(() -> script.descendants()
                    .filter(h -> "sleep".equals(KernelView.comm(h.pid(), h.pid()))
                            && Tasks.task((int) h.pid(), (int) h.pid()).map(t -> t.ttyNr() != 0).orElse(false))
                    .findFirst().map(ProcessHandle::pid).orElse(-1L));
            long asUser = started.get(0).pid();
            waitFor(() -> "sleep".equals(KernelView.comm(asUser, asUser)) ? asUser : -1L);

            int[] pids = {(int) asUser, (int) onTty, (int) zombie};
            String list = java.util.Arrays.stream(pids).mapToObj(Long::toString).collect(Collectors.joining(","));
            List<String> before = PsFormat.psEfL(pids);
            List<String> ps = ProcTesting.run(0, "ps", "-Lf", "-p", list);
            List<String> after = PsFormat.psEfL(pids);
            assertEquals(3, ProcTesting.assertSameRows(before, ps, after).size(), String.join("\n", ps));
            assertEquals(ps.size(), before.size());
            for (String line : before.subList(1, before.size())) {
                PsRow r = PsRow.parse(line);
                if (r.pid() == asUser) {
                    assertTrue(line.startsWith("lwp4jlo+ "), line);
                } else if (r.pid() == onTty) {
                    assertTrue(line.matches(".* pts/\\d+ .*"), line);
                } else {
                    assertEquals("[sleep] <defunct>", r.cmd(), line);
                }
            }
        } finally {
            for (Process p : started) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            if (added) {
                ProcTesting.run(0, "userdel", user);
            }
        }
    }

    /**
     * A value wider than its column: NLWP of a process with 10,000 threads has five digits in a column of four, and
     * ps shifts the rest of the line (here the TTY column loses a blank) by its show_one_proc rules. Its TIDs also
     * wrap around pid_max on a busy machine, which shows that rows come in the kernel's order, not by TID.
     */
    @Test
    void overflowingColumnShiftsTheLineAsPsDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path src = dir.resolve("threads.c");
        java.nio.file.Files.writeString(src, "#include <pthread.h>\n#include <stdio.h>\n#include <unistd.h>\n"
                + "static void *run(void *a) { (void) a; pause(); return 0; }\n"
                + "int main(void) { pthread_attr_t at; pthread_attr_init(&at); pthread_attr_setstacksize(&at, 32768);\n"
                + "  for (int i = 0; i < 9999; i++) { pthread_t t; if (pthread_create(&t, &at, run, 0)) return 1; }\n"
                + "  puts(\"ready\"); fflush(stdout); sleep(120); return 0; }\n");
        String exe = dir.resolve("threads").toString();
        ProcTesting.run(0, "cc", "-O2", "-pthread", "-o", exe, src.toString());
        Process p = new ProcessBuilder(exe).start();
        try {
            assertEquals("ready", new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))
                    .readLine());
            int pid = (int) p.pid();
            List<String> before = PsFormat.psEfL(pid);
            List<String> ps = ProcTesting.run(0, "ps", "-Lf", "-p", Long.toString(pid));
            List<String> after = PsFormat.psEfL(pid);
            assertEquals(10_000, ProcTesting.assertSameRows(before, ps, after).size());
            assertTrue(before.get(1).matches(".* 10000 \\S+ \\?       \\d.*"), before.get(1));
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Non-printable and non-ASCII bytes in a command line, in a UTF-8 locale and in the C locale: a control
     * character, a valid 'é', a stray 0xff and DEL, which procps turns into '?' or '.' by its two escapes.
     */
    @Test
    void unprintableCommandLineInBothLocales() throws Exception {
        Process p = new ProcessBuilder("bash", "-c",
                "exec -a \"$(printf 'we\\001ird\\303\\251 tab\\there \\377\\177x')\" sleep 60").start();
        try {
            int pid = (int) p.pid();
            waitFor(() -> "sleep".equals(KernelView.comm(pid, pid)) ? pid : -1L);
            for (boolean utf8 : new boolean[] {true, false}) {
                PsFormat format = PsFormat.system(utf8);
                List<TaskInfo> tasks = Tasks.of(pid);
                List<String> before = format.render(tasks);
                List<String> ps = ProcTesting.run(java.util.Map.of("LC_ALL", utf8 ? "C.UTF-8" : "C"), 0,
                        "ps", "-Lf", "-p", Long.toString(pid));
                List<String> after = format.render(Tasks.of(pid));
                assertEquals(1, ProcTesting.assertSameRows(before, ps, after).size());
                String expected = utf8 ? "we?irdé tab?here ?.x 60" : "we.ird?? tab.here ?.x 60";
                assertEquals(expected, PsRow.parse(before.get(1)).cmd(), before.get(1));
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void missingPidGivesTheHeaderAlone() {
        int pidMax = Integer.parseInt(ProcSystem.pidMaxText()); // no process ever gets pid_max itself
        List<String> lines = PsFormat.psEfL(pidMax);
        assertEquals(List.of(PsFormat.system().header()), lines);
        assertEquals(ProcTesting.run(1, "ps", "-Lf", "-p", Long.toString(pidMax)), lines);
    }

    @Test
    void cpuTimeFormat() {
        assertEquals("00:00:00", PsFormat.cpuTime(0));
        assertEquals("01:02:03", PsFormat.cpuTime(3723));
        assertEquals("2-00:00:01", PsFormat.cpuTime(2 * 86400 + 1));
    }

    /**
     * Up to three attempts: on a busy machine a thread can start and end between our reads and ps' (a JIT compiler
     * thread, a build next door), which no tolerance on one snapshot can absorb. A real difference fails all three.
     */
    private static List<String> withRetries(java.util.function.Supplier<List<String>> comparison) {
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return comparison.get();
            } catch (AssertionError e) {
                last = e;
            }
        }
        throw last;
    }

    private static char state(long pid) {
        return Tasks.task((int) pid, (int) pid).map(TaskInfo::state).orElse('?');
    }

    private static long waitFor(java.util.function.LongSupplier probe) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            long v = probe.getAsLong();
            if (v > 0) {
                return v;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("condition not met in 10 s");
    }

    private static List<String> onlyPid(List<String> ps, long pid) {
        List<String> out = new ArrayList<>();
        out.add(ps.get(0));
        for (String line : ps.subList(1, ps.size())) {
            if (PsRow.parse(line).pid() == pid) {
                out.add(line);
            }
        }
        return out;
    }
}
