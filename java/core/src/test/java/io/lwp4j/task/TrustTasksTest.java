package io.lwp4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexGate;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.memory.SharedMemory;
import io.lwp4j.testing.ChildJvm;
import io.lwp4j.testing.KernelView;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Raw tasks that cannot take the JVM down (ARCHITECTURE.md §3): one test per rule, each against the kernel. The
 * scenarios that would kill a JVM on a regression run in a child JVM ({@link io.lwp4j.testing.ChildJvm}), so a
 * regression fails the test instead of killing the test runner.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrustTasksTest {

    static final Duration JOIN = Duration.ofSeconds(30);

    /** The state letter of /proc/PID/stat (after the last ')'), or '-' when there is no such process. */
    static char state(int pid) {
        return KernelView.state(pid, pid);
    }

    static long mappings() throws Exception {
        return Files.readAllLines(Paths.get("/proc/self/maps"), StandardCharsets.ISO_8859_1).size();
    }

    /** Whether an address lies in any mapping of this process. */
    static boolean mapped(long address) throws Exception {
        for (String l : Files.readAllLines(Paths.get("/proc/self/maps"), StandardCharsets.ISO_8859_1)) {
            String[] range = l.substring(0, l.indexOf(' ')).split("-");
            if (Long.compareUnsigned(address, Long.parseUnsignedLong(range[0], 16)) >= 0
                    && Long.compareUnsigned(address, Long.parseUnsignedLong(range[1], 16)) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Item 5: a task sharing the JVM's handler table without being one of its threads is refused before clone. */
    @Test
    void item5_sighandWithoutThreadIsRefused() throws Exception {
        TaskProgram p = TaskProgram.builder().exit(0).build();
        for (EnumSet<CloneFlag> flags : java.util.List.of(EnumSet.of(CloneFlag.CLONE_VM, CloneFlag.CLONE_SIGHAND),
                EnumSet.of(CloneFlag.CLONE_VM, CloneFlag.CLONE_SIGHAND, CloneFlag.CLONE_FILES, CloneFlag.CLONE_FS))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RawTask.spawn(flags, p));
            assertTrue(e.getMessage().startsWith("CLONE_SIGHAND without CLONE_THREAD is refused"), e.getMessage());
            assertTrue(e.getMessage().contains("SIG_DFL"), e.getMessage()); // says why
        }
        // The thread preset (which has both) and a process-like task without SIGHAND stay accepted.
        CloneFlag.validate(CloneFlag.threadPreset(), false);
        CloneFlag.validate(EnumSet.of(CloneFlag.CLONE_VM, CloneFlag.CLONE_FILES), false);
    }

    /**
     * Item 4: another process truncates the /dev/shm file a task counts in. A task sharing this JVM's memory over a
     * SharedMemory is refused before it runs (on main it ran, took SIGBUS with every signal blocked, and the forced
     * SIG_DFL killed the JVM); a process-like task without CLONE_VM may count there, and its fault ends only itself.
     */
    @Test
    void item4_aTruncatedSharedMemoryCannotTakeTheJvmDown() throws Exception {
        String name = "lwp4j-trust-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try {
            List<String> out = ChildJvm.run(List.of(), TrustTasksChild.class, "truncate", name);
            String thread = out.stream().filter(l -> l.startsWith("refused [CLONE_VM, CLONE_FS")).findFirst()
                    .orElseThrow(() -> new AssertionError("the thread-like task was not refused: " + out));
            assertTrue(thread.contains("another process can truncate"), thread);
            assertTrue(out.contains("refused [CLONE_VM]: " + thread.substring(thread.indexOf(": ") + 2)), out.toString());
            assertTrue(out.contains("process-like exit " + (128 + 7)), "SIGBUS ends the task alone: " + out);
            assertEquals("survived", out.get(out.size() - 1));
        } finally {
            Files.deleteIfExists(Paths.get(SharedMemory.DIRECTORY, name));
        }
        // In this JVM too: refused before any clone, whatever the program does.
        try (SharedMemory shm = SharedMemory.create("lwp4j-trust-" + System.nanoTime(), 4096)) {
            shm.unlink();
            TaskProgram p = TaskProgram.builder().add(shm, 0, 1, TaskProgram.AddMode.ATOMIC).build();
            assertThrows(IllegalArgumentException.class, () -> RawTask.spawn(CloneFlag.threadPreset(), p));
            try (RawTask t = RawTask.spawn(CloneFlag.processPreset(), p)) {
                assertTrue(t.join(JOIN));
                assertEquals(0, t.exitCode().getAsInt());
            }
            assertEquals(1, shm.getLong(0));
        }
    }

    /**
     * Item 6: process-like tasks, with and without CLONE_VM, made by a Java thread that ended at once, die with the
     * JVM — at System.exit (the shutdown hook kills and reaps them) and when the JVM is SIGKILLed (their death signal;
     * their new parent reaps them, or — where PID 1 reaps nothing, as in some sandboxes — they stay zombies: no
     * longer running, no memory).
     */
    @Test
    void item6_processLikeTasksDieWithTheJvm() throws Exception {
        for (String how : new String[] {"exit", "wait"}) {
            Process child = ChildJvm.start(List.of(), TrustTasksChild.class, "outlive", how);
            List<Integer> pids = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while (pids.size() < 2 && (line = r.readLine()) != null) {
                    String[] f = line.split(" ");
                    assertEquals("true", f[2], "the task died with the Java thread that made it: " + line);
                    pids.add(Integer.parseInt(f[1]));
                }
                assertEquals(2, pids.size(), "the child printed no PIDs");
                if (how.equals("wait")) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hook runs
                }
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            } finally {
                child.destroyForcibly();
            }
            try {
                for (int pid : pids) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    char st;
                    while ((st = state(pid)) != '-' && st != 'Z' && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    if (how.equals("exit")) {
                        assertEquals('-', st, "task " + pid + " after System.exit (killed and reaped by the hook)");
                    } else {
                        assertTrue(st == '-' || st == 'Z', "task " + pid + " outlived its SIGKILLed JVM: state " + st);
                    }
                }
            } finally {
                for (int pid : pids) { // a regression leaves them running: end them (only ours, by their command line)
                    Path cmdline = Paths.get("/proc/" + pid + "/cmdline");
                    if (state(pid) != 'Z' && Files.exists(cmdline)
                            && Files.readString(cmdline).contains(TrustTasksChild.class.getName())) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
        }
    }

    /** Item 6: kill(signal) ends a process-like task, only while it is not reaped; never a thread-like one. */
    @Test
    void item6_processLikeTaskCanBeKilledFromTheApi() throws Exception {
        try (NativeMemory gate = NativeMemory.createShared(4096)) {
            TaskProgram p = TaskProgram.builder().signal(gate, 0, 1).await(gate, 4, 0).build();
            for (Set<CloneFlag> flags : List.of(CloneFlag.processPreset(), EnumSet.of(CloneFlag.CLONE_VM))) {
                gate.setIntVolatile(0, 0);
                RawTask t = RawTask.spawn(flags, p);
                assertTrue(FutexGate.on(Futex.on(gate, 0)).await(JOIN));
                assertThrows(IllegalArgumentException.class, () -> t.kill(0));
                assertThrows(IllegalArgumentException.class, () -> t.kill(65));
                assertTrue(t.kill(9));
                assertTrue(t.join(JOIN));
                assertEquals(128 + 9, t.exitCode().getAsInt());
                assertEquals('-', state(t.tid()), "reaped");
                assertFalse(t.kill(9), "a reaped task's PID is not ours to signal");
            }
            gate.setIntVolatile(0, 0);
            try (RawTask thread = RawTask.spawn(CloneFlag.threadPreset(), p)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> thread.kill(9));
                assertTrue(e.getMessage().contains("ends the whole JVM"), e.getMessage());
                FutexGate.on(Futex.on(gate, 4)).open();
            }
        }
    }

    /**
     * Item 7: 200 tasks dropped without join or close — thread-like and process-like, half of them still running
     * when dropped — are reaped once collected: no task left in /proc, no zombie, mappings back to the baseline, and
     * the memory their program named unmapped after its close (not before: the running ones still used it).
     */
    @Test
    void item7_droppedTasksAreReapedAndReleased() throws Exception {
        try (NativeMemory gate = NativeMemory.createShared(4096)) {
            NativeMemory counter = NativeMemory.createShared(4096);
            TaskProgram quick = TaskProgram.builder().add(counter, 0, 1, TaskProgram.AddMode.ATOMIC).build();
            TaskProgram gated = TaskProgram.builder().await(gate, 4, 0).add(counter, 0, 1, TaskProgram.AddMode.ATOMIC)
                    .build();
            List<Set<CloneFlag>> kinds = List.of(CloneFlag.threadPreset(), CloneFlag.processPreset(),
                    EnumSet.of(CloneFlag.CLONE_VM));
            // Warm up: fill the stack cache (64 stacks, 2 mappings each: more tasks at once than it holds), start
            // lwp4j's threads (cleaner, reaper, spawner), then take the baseline.
            TaskProgram held = TaskProgram.builder().await(gate, 8, 0).build();
            List<RawTask> fill = new ArrayList<>();
            for (int i = 0; i < StackCache.DEFAULT_CAPACITY + 8; i++) {
                fill.add(RawTask.spawn(CloneFlag.threadPreset(), held));
            }
            FutexGate.on(Futex.on(gate, 8)).open();
            for (RawTask t : fill) {
                assertTrue(t.join(JOIN));
            }
            dropAndCollect(kinds, quick, 100);
            long maps0 = mappings();
            List<Integer> running = new ArrayList<>();
            List<Integer> ended = dropAndCollect(kinds, quick, 100);
            for (int i = 0; i < 100; i++) {
                running.add(RawTask.spawn(kinds.get(i % kinds.size()), gated).tid()); // dropped at once
            }
            long address = counter.address();
            counter.close(); // while 100 dropped tasks may still add to it
            awaitGone(ended);
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
            }
            assertTrue(mapped(address), "the memory was unmapped under tasks that still use it");
            for (int tid : running) {
                assertTrue(RawTask.isLive(tid), "a running task was released: " + tid);
            }
            FutexGate.on(Futex.on(gate, 4)).open();
            awaitGone(running);
            assertFalse(mapped(address), "the memory is still mapped after its close and its tasks' end");
            long maps1 = mappings();
            assertTrue(maps1 - maps0 < 20, "mappings " + maps0 + " -> " + maps1 + " after 200 dropped tasks");
        }
    }

    /** Spawns {@code n} tasks, keeps only their TIDs, and waits until lwp4j has reaped them all. */
    private static List<Integer> dropAndCollect(List<Set<CloneFlag>> kinds, TaskProgram p, int n) throws Exception {
        List<Integer> tids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tids.add(RawTask.spawn(kinds.get(i % kinds.size()), p).tid());
        }
        awaitGone(tids);
        return tids;
    }

    /** Collects garbage until none of {@code tids} is live, then checks the kernel agrees: no task, no zombie. */
    private static void awaitGone(List<Integer> tids) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (tids.stream().anyMatch(RawTask::isLive)) {
            if (System.nanoTime() > deadline) {
                fail("dropped tasks never reaped: " + tids.stream().filter(RawTask::isLive).count() + " of "
                        + tids.size() + " still live");
            }
            System.gc();
            Thread.sleep(20);
        }
        for (int tid : tids) {
            assertFalse(Files.exists(Paths.get("/proc/self/task/" + tid)), "task " + tid + " still in /proc/self/task");
            assertEquals('-', state(tid), "task " + tid + " not reaped (a zombie?)");
        }
    }

    /**
     * Item 8: a task without CLONE_VM runs on its own copy of memory: a program over private memory, or with a
     * private futex op, is refused before any clone; over shared memory it counts where the JVM sees it.
     */
    @Test
    void item8_processLikeTaskRefusesPrivateMemoryAndPrivateFutexes() throws Exception {
        try (NativeMemory priv = NativeMemory.create(4096); NativeMemory shared = NativeMemory.createShared(4096)) {
            TaskProgram overPrivate = TaskProgram.builder().add(priv, 0, 5, TaskProgram.AddMode.ATOMIC).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RawTask.spawn(CloneFlag.processPreset(), overPrivate));
            assertTrue(e.getMessage().startsWith("the program names private memory"), e.getMessage());
            TaskProgram privateFutex = TaskProgram.builder().await(Futex.privateOn(shared, 0), 1).build();
            e = assertThrows(IllegalArgumentException.class,
                    () -> RawTask.spawn(EnumSet.of(CloneFlag.CLONE_FILES), privateFutex));
            assertTrue(e.getMessage().startsWith("op 0 (await) uses a private futex"), e.getMessage());
            // With CLONE_VM the same programs are fine: the task shares this address space.
            try (RawTask t = RawTask.spawn(EnumSet.of(CloneFlag.CLONE_VM), overPrivate)) {
                assertTrue(t.join(JOIN));
            }
            assertEquals(5, priv.getLong(0));
            // Without CLONE_VM over shared memory: the JVM sees the count.
            TaskProgram overShared = TaskProgram.builder().add(shared, 8, 7, TaskProgram.AddMode.ATOMIC).build();
            try (RawTask t = RawTask.spawn(CloneFlag.processPreset(), overShared)) {
                assertTrue(t.join(JOIN));
            }
            assertEquals(7, shared.getLong(8));
        }
    }

    /** Item 9 for raw tasks: join takes every Duration — zero and negative only look, FOREVER waits, none overflows. */
    @Test
    void item9_rawTaskJoinTakesEveryDuration() throws Exception {
        Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
        try (NativeMemory gate = NativeMemory.createShared(4096)) {
            TaskProgram p = TaskProgram.builder().signal(gate, 0, 1).await(gate, 4, 0).exit(3).build();
            for (Set<CloneFlag> flags : List.of(CloneFlag.threadPreset(), CloneFlag.processPreset())) {
                gate.setIntVolatile(0, 0);
                gate.setIntVolatile(4, 0);
                RawTask t = RawTask.spawn(flags, p);
                assertTrue(FutexGate.on(Futex.on(gate, 0)).await(JOIN));
                for (Duration d : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(Long.MIN_VALUE))) {
                    assertFalse(t.join(d), d + " only looks");
                }
                FutexGate.on(Futex.on(gate, 4)).open();
                assertTrue(t.join(forever));
                assertEquals(3, t.exitCode().getAsInt());
                assertTrue(t.join(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
                try (RawTask u = RawTask.spawn(flags, TaskProgram.builder().build())) {
                    assertTrue(u.join(Duration.ofSeconds(Long.MAX_VALUE)));
                }
            }
        }
    }
}
