package io.lwp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/** The futex group's C programs, small and quick: they run, name their figures as the group reads them, and are sane. */
@Timeout(60)
class FutexBenchTest {

    private static final NativeBench PINNED = ThreadFarmTest.C.pinned(OptionalInt.of(Machine.lastAllowedCpu()));

    @Test
    void pingPongReferencesReportEveryMode() throws Exception {
        for (String mode : List.of("threads", "processes", "pipe")) {
            List<Figure> f = PINNED.run("bench_futex_pingpong", mode, "--rounds", "3", "--warmup", "0", "--ops",
                    "200");
            assertEquals(1, f.size(), f.toString());
            Figure x = f.get(0);
            assertEquals("futex.c." + mode, x.name());
            assertEquals("ns/op", x.unit());
            assertEquals(3, x.rounds());
            // A round trip on one CPU is two context switches: more than 100 ns, far less than a second.
            assertTrue(x.median() > 100 && x.median() < 1e9, x.toString());
        }
    }

    @Test
    void mutexReferencesReportUncontendedAndContended() throws Exception {
        Figure u = PINNED.run("bench_futex_mutex", "uncontended", "--rounds", "3", "--warmup", "0", "--ops",
                "100000").get(0);
        assertEquals("futex.c.mutex", u.name());
        // A CAS and an atomic decrement: nanoseconds, no syscall (which would cost at least ~50 ns).
        assertTrue(u.median() > 0.1 && u.median() < 200, u.toString());
        Figure c = ThreadFarmTest.C.run("bench_futex_mutex", "contended", "2", "--rounds", "2", "--warmup", "0",
                "--ms", "20").get(0);
        assertEquals("futex.c.contended.2", c.name());
        assertTrue(c.median() > 0.1 && c.median() < 1e6, c.toString());
        for (String[] mode : new String[][] {{"pthread", "futex.c.pthread.2"},
                {"adaptive", "futex.c.pthread-adaptive.2"}}) {
            Figure g = ThreadFarmTest.C.run("bench_futex_mutex", mode[0], "2", "--rounds", "2", "--warmup", "0",
                    "--ms", "20").get(0);
            assertEquals(mode[1], g.name());
            assertTrue(g.median() > 0.1 && g.median() < 1e6, g.toString());
        }
    }

    /**
     * {@code futex} runs the futex group's three steps: without the C programs each one fails at its first program,
     * says so in the report, and the others still run; the group's note names its CPU; no other group ran.
     */
    @Test
    void theRunnerRunsTheGroupsThreeSteps(@TempDir Path out) throws Exception {
        assertEquals(2, Runner.run("futex", "--bogus"));
        assertEquals(1, Runner.run("futex", "--quick", "--native-dir", out.resolve("none").toString(), "--out",
                out.toString()));
        String report = Files.readString(out.resolve("bench-report.md"));
        for (String step : List.of("futex ping-pong", "futex uncontended", "futex contended")) {
            assertTrue(report.contains("**" + step + " failed**: no C benchmark program " + out.resolve("none")),
                    report);
        }
        assertEquals(3, report.split(" failed\\*\\*").length - 1, report);
        assertTrue(report.contains("The futex group's ping-pong and uncontended rows ran pinned to CPU "
                + Machine.lastAllowedCpu() + " "), report);
        assertTrue(report.contains("benchmarks [futex]"), report);
    }

    /** The benchmark methods whose figures the futex group's rows read exist in JMH's list. */
    @Test
    void theGroupsRowsReadBenchmarksThatExist() throws Exception {
        List<BenchmarkListEntry> list = GroupsTest.jmhList();
        assertEquals(Set.of("futex", "parkUnpark"), GroupsTest.methods(list, FutexPingPongBench.class));
        assertEquals(Set.of("futex", "pipe"), GroupsTest.methods(list, IpcPingPongBench.class));
        assertEquals(Set.of("futexMutex", "reentrantLock", "synchronizedBlock"), GroupsTest.methods(list,
                MutexBench.class));
        assertEquals(List.of(FutexPingPongBench.class, IpcPingPongBench.class, MutexBench.class),
                Runner.group("futex").benchmarks());
        assertEquals(List.of(2, 4, 8), FutexGroup.CONTENDED_THREADS);
    }
}
