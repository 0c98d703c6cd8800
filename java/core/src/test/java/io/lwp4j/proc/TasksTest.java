package io.lwp4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lwp4j.testing.KernelView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Tasks} against the kernel's own view: /proc read independently, and a nested PID namespace. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TasksTest {
    private static final int PID = (int) ProcessHandle.current().pid();

    @Test
    void selfEqualsProcSelfTaskWithAwkwardNames() throws Exception {
        try (NamedThreads named = new NamedThreads(300)) {
            List<TaskInfo> tasks = Tasks.self();
            Map<Integer, String> kernel = independentComms();

            for (int i = 1; i < tasks.size(); i++) {
                assertTrue(tasks.get(i - 1).tid() < tasks.get(i).tid(), "sorted by tid");
            }
            Map<Integer, TaskInfo> byTid = tasks.stream().collect(Collectors.toMap(TaskInfo::tid, t -> t));
            int compared = 0;
            for (Map.Entry<Integer, String> e : kernel.entrySet()) {
                TaskInfo t = byTid.get(e.getKey());
                if (t != null) { // else: a JVM thread that started after our read
                    assertEquals(e.getValue(), t.name(), "comm of tid " + e.getKey());
                    compared++;
                }
            }
            assertTrue(compared >= 300, "compared " + compared);
            for (int tid : named.tids()) {
                assertTrue(byTid.containsKey(tid) && kernel.containsKey(tid), "thread " + tid + " listed");
            }
            named.expectedNames().forEach((tid, name) -> assertEquals(name, byTid.get(tid).name(), "renamed " + tid));
            // HotSpot passes a long Thread name on, cut to the kernel's 15 bytes.
            long longOnes = named.tids().stream().filter(t -> !named.expectedNames().containsKey(t)).count();
            assertEquals(100, longOnes);
        }
    }

    @Test
    void fieldsEqualStatus() throws Exception {
        try (NamedThreads named = new NamedThreads(20)) {
            List<TaskInfo> tasks = Tasks.self();
            long parent = ProcessHandle.current().parent().orElseThrow().pid();
            for (TaskInfo t : tasks) {
                String uids = KernelView.status(PID, t.tid(), "Uid");
                if (uids == null) {
                    continue; // ended since
                }
                assertEquals(PID, t.tgid());
                assertEquals(parent, t.ppid());
                String[] u = uids.split("\\s+");
                assertEquals(Integer.parseInt(u[0]), t.uid());
                assertEquals(Integer.parseInt(u[1]), t.euid());
                assertEquals(KernelView.status(PID, t.tid(), "Cpus_allowed_list"), t.cpusAllowedList());
                assertEquals(KernelView.status(PID, t.tid(), "NSpid"), join(t.nsTids()));
                assertEquals(t.tid(), t.nsTids()[0]);
                assertFalse(t.isKernelThread());
                assertTrue(t.numThreads() >= 20);
                assertTrue(t.allowedCpus().contains(t.processor()), "last CPU is an allowed one");
                assertTrue(t.startTimeTicks() > 0);
                assertEquals(t.tid() == PID, t.isMainThread());
            }
            assertTrue(named.tids().stream().allMatch(tid -> tasks.stream().anyMatch(t -> t.tid() == tid)));
        }
    }

    @Test
    void kernelThreadIsFlagged() {
        TaskInfo kthreadd = Tasks.task(2, 2).orElseThrow(); // kthreadd is pid 2 in the initial PID namespace
        assumeTrue(kthreadd.name().equals("kthreadd"), "not in the initial PID namespace");
        assertTrue(kthreadd.isKernelThread());
        assertEquals(0, kthreadd.ppid());
        assertFalse(Tasks.self().get(0).isKernelThread());
    }

    @Test
    void taskOfAnotherProcessAndPids() {
        Optional<TaskInfo> init = Tasks.task(1, 1);
        assertTrue(init.isPresent());
        assertEquals(1, init.get().tgid());
        assertTrue(Tasks.of(1).stream().allMatch(t -> t.tgid() == 1));
        int[] pids = Tasks.pids();
        assertTrue(Arrays.binarySearch(pids, PID) >= 0);
        assertTrue(Arrays.binarySearch(pids, 1) >= 0);
        assertTrue(Tasks.all().stream().anyMatch(t -> t.tid() == PID));
        List<TaskInfo> kernelOrder = Tasks.ofInKernelOrder(1);
        assertEquals(1, kernelOrder.get(0).tid(), "the main thread comes first");
        assertEquals(Tasks.of(1).stream().map(TaskInfo::tid).collect(Collectors.toSet()),
                kernelOrder.stream().map(TaskInfo::tid).collect(Collectors.toSet()));
        assertTrue(Tasks.allInKernelOrder().stream().anyMatch(t -> t.tid() == PID));
    }

    /** NSpid: the chain of TIDs of a task inside a nested PID namespace, outermost first, checked against status. */
    @Test
    void nsPidChainInANestedNamespace() throws Exception {
        assumeTrue(ProcTesting.isRoot(), "needs root to create a PID namespace (unshare)");
        Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "--kill-child",
                "sh", "-c", "sleep 60 & sleep 60 & wait").redirectErrorStream(true).start();
        try {
            List<ProcessHandle> sleeps = waitForDescendants(p, 3); // sh (pid 1 inside) and two sleeps
            for (ProcessHandle h : sleeps) {
                List<TaskInfo> tasks = Tasks.of((int) h.pid());
                assertEquals(1, tasks.size());
                TaskInfo t = tasks.get(0);
                assertEquals(KernelView.status(h.pid(), h.pid(), "NSpid"), join(t.nsTids()));
                assertEquals(2, t.nsTids().length, "visible in two namespaces");
                assertEquals(h.pid(), t.nsTids()[0]);
                assertTrue(t.innermostTid() >= 1 && t.innermostTid() <= 3, "inner tid " + t.innermostTid());
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<ProcessHandle> waitForDescendants(Process p, int n) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<ProcessHandle> d = p.descendants().collect(Collectors.toList());
            if (d.size() >= n) {
                return d;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("namespace did not start");
    }

    private static String join(int[] ids) {
        return Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining("\t"));
    }

    /** tid to comm, read with plain NIO straight from /proc/self/task. */
    private static Map<Integer, String> independentComms() throws Exception {
        Map<Integer, String> out = new HashMap<>();
        try (Stream<Path> s = Files.list(Paths.get("/proc/self/task"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                int tid = Integer.parseInt(p.getFileName().toString());
                String comm = KernelView.comm(KernelView.self(), tid);
                if (comm != null) {
                    out.put(tid, comm);
                }
            }
        }
        assertNotNull(out.get((int) PID));
        return out;
    }
}
