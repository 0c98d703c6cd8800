package io.lwp4j.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.JavaThreads;
import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexGate;
import io.lwp4j.futex.WaitOutcome;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.pthread.NativeThread;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import io.lwp4j.testing.ChildJvm;
import io.lwp4j.testing.KernelView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * lwp4j's JFR events in real recordings, read back with {@code jdk.jfr.consumer} and {@code jfr print}: each
 * event's TID checked against {@code /proc/self/task} while the task lived, and its Java thread by name.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JfrEventsTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** What {@link #emitEveryEvent} made, to check the recording against. */
    record Made(int rawTid, String cloneMethod, int nativeTid, long futexAddress, int waiterTid, String waiterName) {}

    /** Makes one of each event: a raw task (exit 9), a native thread, a 150 ms futex wait and a 0 ms one. */
    static Made emitEveryEvent() throws Exception {
        int rawTid;
        String method;
        try (NativeMemory words = NativeMemory.create(4096)) {
            RawTask t = RawTask.spawn(CloneFlag.threadPreset(), TaskProgram.builder().setName("jfr-raw")
                    .signal(words, 0, 1).await(words, 4, 0).exit(9).build());
            assertTrue(FutexGate.on(Futex.on(words, 0)).await(LONG), "the raw task never started");
            rawTid = t.tid();
            method = t.cloneMethod();
            assertEquals("jfr-raw", comm(rawTid));
            FutexGate.on(Futex.on(words, 4)).open();
            assertTrue(t.join(LONG));
        }
        AtomicInteger seenTid = new AtomicInteger();
        NativeThread n = NativeThread.builder().name("jfr-native").stackSize(512 * 1024).start(() -> {
            seenTid.set(JavaThreads.currentTid());
            try {
                if (!"jfr-native".equals(comm(seenTid.get()))) {
                    seenTid.set(-1);
                }
            } catch (Exception e) {
                seenTid.set(-2);
            }
        });
        assertTrue(n.join(LONG));
        assertEquals(n.tid(), seenTid.get(), "the native thread saw itself in /proc/self/task under its name");
        long address;
        try (NativeMemory word = NativeMemory.create(4096)) {
            // Not offset 0: an earlier wait of this method (the raw task's gate) was on offset 0 of a mapping whose
            // address this one may reuse, and the events are matched by address.
            Futex<Futex.Private> f = Futex.privateOn(word, 2044);
            address = f.address();
            long t0 = System.nanoTime();
            assertEquals(WaitOutcome.TIMED_OUT, f.await(0, Duration.ofMillis(150)));
            assertTrue(System.nanoTime() - t0 >= 150_000_000L);
            assertEquals(WaitOutcome.VALUE_MISMATCH, f.await(1, Duration.ofMillis(150))); // under the threshold
        }
        int me = JavaThreads.currentTid();
        assertTrue(Files.isDirectory(Paths.get("/proc/self/task/" + me)));
        return new Made(rawTid, method, n.tid(), address, me, Thread.currentThread().getName());
    }

    static String comm(int tid) {
        return KernelView.comm(tid);
    }

    @Test
    void anInProcessRecordingHoldsEveryEventWithItsTidAndJavaThread() throws Exception {
        Path file = dir.resolve("lwp4j.jfr");
        Made m;
        try (Recording r = new Recording(Lwp4jJfr.configuration())) {
            r.start();
            m = emitEveryEvent();
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> all = RecordingFile.readAllEvents(file);
        List<RecordedEvent> ours = all.stream().filter(e -> e.getEventType().getName().startsWith("lwp4j."))
                .collect(Collectors.toList());
        for (RecordedEvent e : ours) {
            assertEquals(List.of("lwp4j"), e.getEventType().getCategoryNames(), e.toString());
            assertTrue(e.getStackTrace() == null, "stack traces are off: " + e);
        }

        RecordedEvent spawn = one(ours, Lwp4jJfr.RAW_TASK_SPAWN, "tid", m.rawTid());
        assertTrue(spawn.getString("flags").contains("CLONE_THREAD"), spawn.toString());
        assertTrue(spawn.getBoolean("threadLike"));
        assertEquals(m.cloneMethod(), spawn.getString("cloneMethod"));
        assertEquals(RawTask.DEFAULT_STACK_SIZE, spawn.getLong("stackSize"));
        RecordedEvent exit = one(ours, Lwp4jJfr.RAW_TASK_EXIT, "tid", m.rawTid());
        assertEquals(9, exit.getInt("exitCode"));
        assertTrue(exit.getDuration("lifetime").toNanos() > 0, exit.toString());

        RecordedEvent start = one(ours, Lwp4jJfr.NATIVE_THREAD_START, "tid", m.nativeTid());
        assertEquals("jfr-native", start.getString("name"));
        // Committed on the native thread itself. (Its Java name in JFR's thread table is the one it had when the
        // backend attached it, before the code set "jfr-native": the event's own name field carries that.)
        // (JDK 17's JFR gives no event thread to a thread a JNI backend attached after the recorder started: the
        // tid field, checked against /proc/self/task by the thread itself, is what every JDK records.)
        if (start.getThread() != null || Runtime.version().feature() >= 21) {
            assertEquals(m.nativeTid(), start.getThread().getOSThreadId(), "committed on the native thread itself");
        }
        assertEquals(512 * 1024, start.getLong("stackSizeAsked"));
        assertEquals(512 * 1024, start.getLong("stackSize"), "an exact stack is what pthread_getattr_np reports");
        assertNotNull(start.getString("policy"));
        assertNotNull(start.getString("cpus"));
        RecordedEvent end = one(ours, Lwp4jJfr.NATIVE_THREAD_END, "tid", m.nativeTid());
        if (end.getThread() != null || Runtime.version().feature() >= 21) {
            assertEquals(m.nativeTid(), end.getThread().getOSThreadId());
        }
        assertEquals("jfr-native", end.getString("name"));
        assertTrue(end.getDuration("lifetime").toNanos() > 0);

        List<RecordedEvent> waits = ours.stream().filter(e -> e.getEventType().getName().equals(Lwp4jJfr.FUTEX_WAIT)
                && e.getLong("address") == m.futexAddress()).collect(Collectors.toList());
        assertEquals(1, waits.size(), "the 150 ms wait, not the one under the 20 ms threshold: " + waits);
        RecordedEvent w = waits.get(0);
        assertEquals("TIMED_OUT", w.getString("outcome"));
        assertEquals("private", w.getString("scope"));
        assertEquals(1, w.getInt("words"));
        assertTrue(w.getString("waiter").contains("futex wait"), w.toString());
        // JFR times events with its own tick clock, which on this virtual machine under load read a 60 ms wait
        // (by System.nanoTime) as 32 to 54 ms: the wait is 150 ms so that it clears the 20 ms threshold anyway.
        assertTrue(w.getDuration().toMillis() >= 20, w.toString());
        assertEquals(m.waiterTid(), w.getThread().getOSThreadId());
        assertEquals(m.waiterName(), w.getThread().getJavaName());

        String printed = jfrPrint(file);
        for (String name : List.of(Lwp4jJfr.RAW_TASK_SPAWN, Lwp4jJfr.RAW_TASK_EXIT, Lwp4jJfr.NATIVE_THREAD_START,
                Lwp4jJfr.NATIVE_THREAD_END, Lwp4jJfr.FUTEX_WAIT)) {
            assertTrue(printed.contains(name + " {"), "jfr print shows " + name + ":\n" + printed);
        }
        assertTrue(printed.contains("tid = " + m.rawTid()), printed);
    }

    /**
     * {@code lwp4j.ThreadCpu} covers every task of this JVM, the JVM's own included, with the TID and the Java thread:
     * a spinning Java thread shows most of a CPU under its name and TID.
     */
    @Test
    void threadCpuCoversEveryTaskWithItsTidAndJavaThread() throws Exception {
        io.lwp4j.Lwp4j.ensureAvailability(); // loading lwp4j registers the periodic event
        Path file = dir.resolve("cpu.jfr");
        AtomicInteger spinTid = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread spin = new Thread(() -> {
            spinTid.set(JavaThreads.currentTid());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!stop.get() && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }, "jfr-spin");
        java.util.Set<Integer> before;
        try (Recording r = new Recording(Lwp4jJfr.configuration())) {
            r.enable(Lwp4jJfr.THREAD_CPU).withPeriod(Duration.ofMillis(400));
            spin.start();
            before = tids();
            r.start();
            Thread.sleep(3_000);
            r.stop();
            r.dump(file);
        } finally {
            stop.set(true);
            spin.join(10_000);
        }
        java.util.Set<Integer> after = tids();
        List<RecordedEvent> cpu = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(Lwp4jJfr.THREAD_CPU)).collect(Collectors.toList());
        assertFalse(cpu.isEmpty(), "no lwp4j.ThreadCpu event in 3 s at a 400 ms period");
        java.util.Set<Integer> seen = cpu.stream().map(e -> e.getInt("tid")).collect(Collectors.toSet());
        java.util.Set<Integer> throughout = new java.util.HashSet<>(before);
        throughout.retainAll(after);
        assertTrue(seen.containsAll(throughout), "tasks of /proc/self/task without an event: "
                + throughout.stream().filter(t -> !seen.contains(t)).collect(Collectors.toList()));
        assertTrue(cpu.stream().anyMatch(e -> e.getThread("javaThread") == null && !"JAVA".equals(e.getString("role"))),
                "JVM-internal tasks are covered too");
        List<RecordedEvent> spinning = cpu.stream().filter(e -> e.getInt("tid") == spinTid.get())
                .collect(Collectors.toList());
        assertFalse(spinning.isEmpty());
        RecordedEvent busiest = spinning.stream().max(java.util.Comparator.comparingDouble(
                e -> e.getFloat("cpu") + e.getFloat("delay")))
                .orElseThrow();
        assertEquals("jfr-spin", busiest.getString("javaName"));
        assertEquals("jfr-spin", busiest.getThread("javaThread").getJavaName());
        assertEquals(spinTid.get(), busiest.getThread("javaThread").getOSThreadId());
        // A spinning thread is always runnable: on a CPU, or waiting for one (this machine is shared and loaded).
        assertTrue(busiest.getFloat("cpu") + busiest.getFloat("delay") > 0.7f, "on a CPU or waiting: " + busiest);
        assertTrue(busiest.getFloat("cpu") > 0.05f, busiest.toString());
        assertEquals("R", busiest.getString("state"));
        assertTrue(busiest.getDuration("interval").toMillis() >= 200, busiest.toString());
        assertTrue(jfrPrint(file).contains(Lwp4jJfr.THREAD_CPU + " {"));
    }

    static java.util.Set<Integer> tids() throws Exception {
        try (java.util.stream.Stream<Path> s = Files.list(Paths.get("/proc/self/task"))) {
            return s.map(p -> Integer.parseInt(p.getFileName().toString())).collect(Collectors.toSet());
        }
    }

    @Test
    void disabledEventsAreNotRecorded() throws Exception {
        Path file = dir.resolve("none.jfr");
        try (Recording r = new Recording()) { // no settings: lwp4j's events keep their @Enabled(false)
            r.enable("jdk.ThreadStart");
            r.start();
            emitEveryEvent();
            r.stop();
            r.dump(file);
        }
        assertFalse(RecordingFile.readAllEvents(file).stream()
                .anyMatch(e -> e.getEventType().getName().startsWith("lwp4j.")));
    }

    /** The documented command line: {@code -XX:StartFlightRecording:settings=default,settings=lwp4j.jfc}. */
    @Test
    void theDocumentedCommandLineRecordsThem() throws Exception {
        Path jfc = dir.resolve("lwp4j.jfc");
        Lwp4jJfr.writeSettings(jfc);
        Path file = dir.resolve("child.jfr");
        List<String> cmd = ChildJvm.command(List.of(), List.of("-XX:StartFlightRecording:settings=default,settings="
                + jfc + ",filename=" + file), Child.class);
        Path err = dir.resolve("child.err");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "child did not finish");
        assertEquals(0, p.exitValue(), Files.readString(err));
        String printed = jfrPrint(file);
        for (String name : List.of(Lwp4jJfr.RAW_TASK_SPAWN, Lwp4jJfr.RAW_TASK_EXIT, Lwp4jJfr.NATIVE_THREAD_START,
                Lwp4jJfr.NATIVE_THREAD_END, Lwp4jJfr.FUTEX_WAIT)) {
            assertTrue(printed.contains(name + " {"), "jfr print shows " + name + ":\n" + printed);
        }
        // The JDK's default events are there too: the two settings were merged (jdk.JVMInformation is written at
        // every chunk's start; a periodic one such as jdk.CPULoad may not come round in a short run under load).
        assertTrue(RecordingFile.readAllEvents(file).stream()
                .anyMatch(e -> e.getEventType().getName().equals("jdk.JVMInformation")), "no jdk.JVMInformation");
    }

    /** The child JVM of {@link #theDocumentedCommandLineRecordsThem}. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            emitEveryEvent();
        }
    }

    static RecordedEvent one(List<RecordedEvent> events, String name, String field, int value) {
        List<RecordedEvent> m = events.stream().filter(e -> e.getEventType().getName().equals(name)
                && e.getInt(field) == value).collect(Collectors.toList());
        assertEquals(1, m.size(), name + " with " + field + "=" + value + ": " + m);
        return m.get(0);
    }

    /** {@code jfr print --events 'lwp4j.*' FILE}, with this JDK's jfr tool. */
    static String jfrPrint(Path file) throws Exception {
        Path jfr = Paths.get(System.getProperty("java.home"), "bin", "jfr");
        Process p = new ProcessBuilder(jfr.toString(), "print", "--events", "lwp4j.*", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
