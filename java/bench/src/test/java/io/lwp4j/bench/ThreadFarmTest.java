package io.lwp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.proc.Tasks;
import io.lwp4j.testing.KernelView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The listing target and the C reader, checked against /proc and ps. */
@Timeout(60)
class ThreadFarmTest {
    static final NativeBench C = new NativeBench(
            Path.of(System.getProperty("lwp4j.bench.nativeDir", "../core/target/native/host")), OptionalInt.empty());

    @Test
    void farmRunsExactlyItsThreadsAndLeavesNothingBehind() throws Exception {
        Path proc;
        try (ThreadFarm farm = ThreadFarm.start(C.program("thread_farm"), 100, Duration.ofSeconds(30))) {
            proc = Path.of("/proc", Long.toString(farm.pid()));
            List<String> names;
            try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
                names = tasks.map(t -> KernelView.comm(farm.pid(), Long.parseLong(t.getFileName().toString())))
                        .sorted().toList();
            }
            assertEquals(101, names.size(), "tasks in " + proc);
            assertEquals(100, names.stream().filter(n -> n.startsWith("farm-")).count(), names.toString());
            assertTrue(names.contains("thread_farm"), names.toString());

            long psRows = PeerTimer.output(List.of("ps", "-L", "-p", Long.toString(farm.pid()))).lines().count();
            assertEquals(102, psRows, "ps -L -p: a header and one row per task");
        }
        assertFalse(Files.exists(proc), proc + " still exists after close()");
    }

    @Test
    void cReaderAndTasksOfListEveryTaskOfTheFarm() throws Exception {
        try (ThreadFarm farm = ThreadFarm.start(C.program("thread_farm"), 30, Duration.ofSeconds(30))) {
            assertEquals(31, Tasks.of((int) farm.pid()).size(), "Tasks.of(farm)");
            List<Figure> f = C.run("bench_proc_reader", Long.toString(farm.pid()), "--rounds", "3", "--warmup", "0");
            assertEquals(1, f.size());
            assertEquals("list.c", f.get(0).name());
            assertEquals("ms/op", f.get(0).unit());
            assertEquals(3, f.get(0).rounds());
            assertEquals(31L, f.get(0).extra().get("tasks"));
            assertTrue(f.get(0).min() > 0 && f.get(0).min() <= f.get(0).median()
                    && f.get(0).median() <= f.get(0).max(), f.toString());
        }
    }

    @Test
    void cReaderNamesAMissingProcess() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> C.run("bench_proc_reader", "999999999", "--rounds", "1"));
        assertTrue(e.getMessage().contains("/proc/999999999/task"), e.getMessage());
    }

    @Test
    void farmRefusesMoreThreadsThanPidMaxAllows() throws Exception {
        int pidMax = Integer.parseInt(Machine.read("/proc/sys/kernel/pid_max").orElseThrow());
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> ThreadFarm.start(C.program("thread_farm"), (int) pidMax, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("pid_max") || e.getMessage().contains("threads-max"), e.getMessage());
    }
}
