package io.lwp4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.ps.PsFormat;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import io.lwp4j.testing.KernelView;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Raw tasks against the kernel: /proc, ps, join, exit codes, private TLS, clone3/clone. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RawTaskTest {

    static final Duration JOIN = Duration.ofSeconds(30);

    /** A program that signals "started" at word 0, waits while word 4 is 0, then exits with {@code code}. */
    static TaskProgram gated(NativeMemory words, String name, int code) {
        return TaskProgram.builder().setName(name).signal(words, 0, 1).await(words, 4, 0).exit(code).build();
    }

    static void awaitStarted(NativeMemory words) throws InterruptedException {
        assertTrue(io.lwp4j.futex.FutexGate.on(io.lwp4j.futex.Futex.on(words, 0)).await(JOIN),
                "the task never started");
    }

    static void open(NativeMemory words) {
        io.lwp4j.futex.FutexGate.on(io.lwp4j.futex.Futex.on(words, 4)).open();
    }

    @Test
    void aTaskIsInProcSelfTaskAndPsWithItsNameAndGoneAfterJoin() throws Exception {
        try (NativeMemory words = NativeMemory.create(4096)) {
            RawTask t = RawTask.spawn(CloneFlag.threadPreset(), gated(words, "raw-visible", 9));
            awaitStarted(words);
            assertEquals("raw-visible", KernelView.comm(t.tid()));
            TaskInfo info = Tasks.task((int) ProcessHandle.current().pid(), t.tid()).orElseThrow();
            assertEquals(ProcessHandle.current().pid(), info.tgid());
            // ps -eLf shows it as one more LWP of this PID (lwp4j's rendering equals ps's, see PsFormatTest) …
            String lwp = " " + t.tid() + " ";
            assertTrue(PsFormat.psEfL((int) ProcessHandle.current().pid()).stream().anyMatch(l -> l.contains(lwp)));
            // … and the real ps -L shows its name.
            Process ps = new ProcessBuilder("ps", "-L", "-o", "lwp=,comm=", "-p",
                    Long.toString(ProcessHandle.current().pid())).start();
            String out = new String(ps.getInputStream().readAllBytes());
            assertTrue(ps.waitFor(30, TimeUnit.SECONDS));
            assertTrue(out.lines().anyMatch(l -> l.trim().equals(t.tid() + " raw-visible")), out);
            assertTrue(t.isAlive());
            // The JVM knows nothing of it (no Java thread); the snapshot labels it as lwp4j's raw task.
            assertTrue(io.lwp4j.JavaThreads.threadOf(t.tid()).isEmpty());
            io.lwp4j.ThreadView v = io.lwp4j.JavaThreads.snapshot().stream().filter(x -> x.task().tid() == t.tid())
                    .findFirst().orElseThrow();
            assertTrue(v.rawTask() && v.java() == null, v.toString());
            open(words);
            assertTrue(t.join(JOIN));
            assertFalse(t.isAlive());
            assertFalse(RawTask.isLive(t.tid()));
            assertEquals(9, t.exitCode().getAsInt());
            assertFalse(Files.exists(Paths.get("/proc/self/task/" + t.tid())), "task still in /proc after join");
            t.close(); // idempotent after join
        }
    }

    @Test
    void exitCodesArriveForThreadsAndProcessLikeTasks() throws Exception {
        for (int code : new int[] {0, 1, 42, 255}) {
            TaskProgram p = TaskProgram.builder().exit(code).build();
            try (RawTask thread = RawTask.spawn(CloneFlag.threadPreset(), p);
                    RawTask proc = RawTask.spawn(CloneFlag.processPreset(), p);
                    RawTask procVm = RawTask.spawn(EnumSet.of(CloneFlag.CLONE_VM, CloneFlag.CLONE_FILES), p)) {
                assertTrue(thread.join(JOIN) && proc.join(JOIN) && procVm.join(JOIN));
                assertEquals(code, thread.exitCode().getAsInt());
                assertEquals(code, proc.exitCode().getAsInt());
                assertEquals(code, procVm.exitCode().getAsInt());
            }
        }
        // A program that runs to its end exits 0.
        try (RawTask t = RawTask.spawn(CloneFlag.threadPreset(), TaskProgram.builder().spin(10).build())) {
            assertTrue(t.join(JOIN));
            assertEquals(0, t.exitCode().getAsInt());
        }
    }

    @Test
    void theTaskRunsOnItsOwnPrivateTlsNeverItsParents() throws Exception {
        try (RawTask t = RawTask.spawn(CloneFlag.threadPreset(), TaskProgram.builder().build())) {
            assertTrue(t.join(JOIN));
            assertEquals(t.privateTlsAddress(), t.threadPointerSeen());
            assertNotEquals(Native.backend().threadPointer(), t.threadPointerSeen());
        }
    }

    @Test
    void clone3IsTriedFirstAndCloneOnRequest() throws Exception {
        TaskProgram p = TaskProgram.builder().build();
        try (RawTask viaClone = RawTask.spawn(CloneFlag.threadPreset(), p, RawTask.Options.defaults().tryClone3(false));
                RawTask viaClone3 = RawTask.spawn(CloneFlag.threadPreset(), p)) {
            assertEquals("clone", viaClone.cloneMethod());
            // clone3 where the kernel allows it (Docker's default seccomp answers ENOSYS: then clone, see java/it)
            String expected = System.getenv("LWP4J_EXPECT_CLONE") != null ? "clone" : "clone3";
            assertEquals(expected, viaClone3.cloneMethod());
        }
    }

    @Test
    void idsAreTheTasksOwn() throws Exception {
        try (NativeMemory out = NativeMemory.createShared(4096)) {
            TaskProgram p = TaskProgram.builder().writeIds(out, 0).build();
            try (RawTask t = RawTask.spawn(CloneFlag.threadPreset(), p)) {
                assertTrue(t.join(JOIN));
                assertEquals(t.tid(), out.getLong(0));
                assertEquals(ProcessHandle.current().pid(), out.getLong(8));
                assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), out.getLong(16));
            }
            try (RawTask t = RawTask.spawn(CloneFlag.processPreset(), p)) { // a shared mapping reaches back
                assertTrue(t.join(JOIN));
                assertEquals(t.tid(), out.getLong(0));
                assertEquals(t.tid(), out.getLong(8)); // its own process
                assertEquals(ProcessHandle.current().pid(), out.getLong(16));
            }
        }
    }

    @Test
    void joinWithATimeoutTimesOut() throws Exception {
        try (NativeMemory words = NativeMemory.create(4096)) {
            RawTask t = RawTask.spawn(CloneFlag.threadPreset(), gated(words, "raw-waits", 3));
            long t0 = System.nanoTime();
            assertFalse(t.join(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(200));
            assertTrue(t.isAlive());
            assertTrue(t.exitCode().isEmpty());
            open(words);
            assertTrue(t.join(JOIN));
            assertEquals(3, t.exitCode().getAsInt());
        }
    }

    @Test
    void memoryClosedWhileATaskUsesItStaysMappedUntilTheTaskIsGone() throws Exception {
        NativeMemory words = NativeMemory.create(4096);
        NativeMemory counter = NativeMemory.create(4096);
        TaskProgram p = TaskProgram.builder().signal(words, 0, 1).await(words, 4, 0)
                .add(counter, 0, 1000, TaskProgram.AddMode.ATOMIC).build();
        RawTask t = RawTask.spawn(CloneFlag.threadPreset(), p);
        awaitStarted(words);
        counter.close(); // the task still holds it: no unmap yet
        assertThrows(IllegalStateException.class, () -> counter.getLong(0));
        open(words);
        assertTrue(t.join(JOIN)); // the task wrote into counter after our close: no crash
        assertEquals(0, t.exitCode().getAsInt());
        words.close();
    }

    @Test
    void spawnsFromEightJavaThreadsAtOnce() throws Exception {
        int perThread = 200;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        try (NativeMemory counter = NativeMemory.create(4096)) {
            TaskProgram p = TaskProgram.builder().add(counter, 0, 10, TaskProgram.AddMode.ATOMIC).exit(5).build();
            for (int i = 0; i < 8; i++) {
                Thread th = new Thread(() -> {
                    try {
                        for (int k = 0; k < perThread; k++) {
                            try (RawTask t = RawTask.spawn(CloneFlag.threadPreset(), p)) {
                                assertTrue(t.join(JOIN));
                                assertEquals(5, t.exitCode().getAsInt());
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join(60_000);
            }
            assertEquals(List.of(), errors);
            assertEquals(8L * perThread * 10, counter.getLong(0));
        }
    }

    @Test
    void badStackSizesAndFlagsAreRefusedBeforeAnySyscall() {
        TaskProgram p = TaskProgram.builder().build();
        for (int s : new int[] {0, 4096, RawTask.MIN_STACK_SIZE + 1, Integer.MAX_VALUE, -4096}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RawTask.spawn(CloneFlag.threadPreset(), p, RawTask.Options.defaults().stackSize(s)));
            assertTrue(e.getMessage().startsWith("stackSize=" + s), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RawTask.spawn(EnumSet.of(CloneFlag.CLONE_THREAD, CloneFlag.CLONE_VM), p));
        assertEquals("CLONE_THREAD needs CLONE_SIGHAND (a thread group shares one signal handler table)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RawTask.spawn(EnumSet.of(CloneFlag.CLONE_NEWPID), p));
        assertTrue(e.getMessage().startsWith("CLONE_NEWPID makes a new namespace"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RawTask.spawn(EnumSet.of(CloneFlag.CLONE_VFORK), p));
        assertTrue(e.getMessage().startsWith("CLONE_VFORK is not accepted"), e.getMessage());
    }
}
