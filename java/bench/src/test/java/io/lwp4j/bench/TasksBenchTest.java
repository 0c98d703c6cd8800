package io.lwp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tasks group's C programs and its BlockedTasks steps, small and quick: they run and report sane figures. */
@Timeout(120)
class TasksBenchTest {

    @Test
    void spawnReferencesReportEveryVariant() throws Exception {
        List<Figure> f = ThreadFarmTest.C.run("bench_spawn", "--rounds", "3", "--warmup", "0", "--ops", "20");
        assertEquals(List.of("spawn.shim", "spawn.shimreuse", "spawn.clone", "spawn.pthread"),
                f.stream().map(Figure::name).toList());
        for (Figure x : f) {
            assertEquals("us/op", x.unit());
            // A spawn + join costs microseconds, never less than a syscall and not a second.
            assertTrue(x.median() > 0.5 && x.median() < 1e6, x.toString());
        }
    }

    @Test
    void cMemoryPerBlockedTaskCountsAKernelStackEach() throws Exception {
        for (String kind : List.of("pthread", "shim")) {
            Map<String, Figure> f = byName(ThreadFarmTest.C.run("bench_blocked", "500", "--kind", kind, "--rounds",
                    "1", "--warmup", "0"));
            String prefix = "tasks.mem." + (kind.equals("shim") ? "cshim" : kind) + ".";
            assertKernelStackEach(f, prefix, 500);
        }
    }

    @Test
    void javaMemoryPerBlockedRawTask() throws Exception {
        Map<String, Figure> f = byName(run("memory", "500", "--rounds", "1"));
        assertKernelStackEach(f, "tasks.mem.raw.", 500);
        assertEquals("KiB/task", f.get("tasks.mem.raw.total").unit());
    }

    @Test
    void aliveSpawnsTheTargetSeesItInProcAndJoinsAll() throws Exception {
        long before = tasksInProcSelf();
        List<String> notes = new ArrayList<>();
        Map<String, Figure> f = byName(run(notes, "alive", "300"));
        Figure alive = f.get("tasks.alive.raw");
        assertEquals(300, alive.median());
        assertTrue(alive.extra().get("inProcSelfTask") >= 300 + before - 5, alive.toString());
        assertTrue(alive.extra().get("pidMax") > 300, alive.toString());
        assertTrue(f.get("tasks.alive.spawn").median() > 0 && f.get("tasks.alive.join").median() > 0);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("300 (the target)"), notes.get(0));
        // Every task was joined: the JVM is back to its own threads (give or take a JIT or GC thread).
        assertTrue(tasksInProcSelf() < before + 10, "tasks left: " + tasksInProcSelf() + ", before " + before);
    }

    @Test
    void theRunnerStartsBlockedTasksInItsOwnJvm() throws Exception {
        List<String> cmd = new ArrayList<>(TasksGroup.javaCommand());
        cmd.addAll(List.of(BlockedTasks.class.getName(), "alive", "50"));
        NativeBench c = ThreadFarmTest.C.pinned(java.util.OptionalInt.of(Machine.lastAllowedCpu()));
        Figure alive = byName(c.runCommand(cmd, "java")).get("tasks.alive.raw");
        assertEquals(50, alive.median());
        assertEquals("java", alive.source());
        assertEquals(1, c.notes().size(), c.notes().toString());
    }

    @Test
    void blockedTasksRefusesBadArgumentsBeforeSpawningAnything() {
        for (String[] bad : List.of(new String[] {"memory"}, new String[] {"memory", "0"},
                new String[] {"memory", "10", "--rounds", "0"}, new String[] {"sideways", "10"})) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> BlockedTasks.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                            bad), String.join(" ", bad));
        }
    }

    private static void assertKernelStackEach(Map<String, Figure> f, String prefix, int n) {
        Figure kstack = f.get(prefix + "kstack");
        // Every task has a kernel stack (16 KiB on x86_64 and arm64); other processes move the system-wide
        // figure a little, never by tens of KiB per task with 500 tasks.
        assertTrue(kstack.median() > 4 && kstack.median() < 64, kstack.toString());
        assertEquals((long) n, kstack.extra().get("n"));
        Figure total = f.get(prefix + "total");
        assertTrue(total.median() >= kstack.median(), total + " < " + kstack);
        assertEquals(MemSample.COMPONENTS.length, f.keySet().stream().filter(k -> k.startsWith(prefix)).count());
    }

    private static List<Figure> run(String... args) throws Exception {
        return run(new ArrayList<>(), args);
    }

    /** BlockedTasks in this JVM; its result lines parsed as the runner parses them. */
    private static List<Figure> run(List<String> notes, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertEquals(0, BlockedTasks.run(out, args), bytes.toString(StandardCharsets.UTF_8));
        }
        return NativeBench.parse(bytes.toString(StandardCharsets.UTF_8), "java", new HashMap<>(), notes);
    }

    private static Map<String, Figure> byName(List<Figure> figures) {
        Map<String, Figure> m = new HashMap<>();
        figures.forEach(x -> m.put(x.name(), x));
        return m;
    }

    private static long tasksInProcSelf() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
            return s.count();
        }
    }
}
