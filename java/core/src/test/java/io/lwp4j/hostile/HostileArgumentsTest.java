package io.lwp4j.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.ErrnoException;
import io.lwp4j.JavaThreads;
import io.lwp4j.futex.Futex;
import io.lwp4j.futex.FutexGate;
import io.lwp4j.futex.FutexLatch;
import io.lwp4j.futex.FutexMutex;
import io.lwp4j.futex.FutexSemaphore;
import io.lwp4j.futex.WaitOutcome;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.memory.SharedMemory;
import io.lwp4j.proc.Tasks;
import io.lwp4j.sched.CpuSet;
import io.lwp4j.sched.Scheduling;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The hostile-input suite over the public API's numeric arguments: offsets, sizes, alignments, timeouts, counts,
 * flag sets, CPU sets, names. Every property asserts that a call either succeeds — exactly when its arguments are
 * valid — or throws one of the documented exceptions ({@link IllegalArgumentException},
 * {@link IndexOutOfBoundsException}, {@link ErrnoException}); anything else (an {@code ArithmeticException}, a
 * hang, a crash of the JVM, which would end this test fork) fails the suite. Blocking calls are only given durations
 * in states where they must return at once, so a regression shows as a timeout, not as a stuck build.
 */
class HostileArgumentsTest {

    private static final int SIZE = 8192;
    private static NativeMemory memory; // the properties over offsets write anywhere in it
    private static NativeMemory words; // the primitives' words: nothing else writes here

    @BeforeContainer
    static void map() {
        memory = NativeMemory.create(SIZE);
        words = NativeMemory.create(4096);
    }

    @AfterContainer
    static void unmap() {
        memory.close();
        words.close();
    }

    // ---- generators ----------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, -1L, 1L, 2L, 3L, 4L, 7L, 8L, SIZE - 8L, SIZE - 4L, SIZE - 1L, (long) SIZE,
                        SIZE + 4L, (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, (long) Integer.MIN_VALUE, Long.MIN_VALUE,
                        Long.MAX_VALUE, Long.MAX_VALUE - 3, 1L << 32, (1L << 32) + 4),
                Arbitraries.longs().between(-16, SIZE + 16),
                Arbitraries.longs());
    }

    @Provide
    Arbitrary<Duration> durations() {
        return Arbitraries.oneOf(
                Arbitraries.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(-1), Duration.ofMillis(-5),
                        ChronoUnit.FOREVER.getDuration(), ChronoUnit.FOREVER.getDuration().negated(),
                        Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofSeconds(Long.MIN_VALUE),
                        Duration.ofNanos(Long.MAX_VALUE), Duration.ofNanos(Long.MIN_VALUE),
                        Duration.ofDays(365L * 10_000)),
                Arbitraries.longs().map(Duration::ofNanos),
                Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L).map(Duration::ofSeconds));
    }

    @Provide
    Arbitrary<Integer> counts() {
        return Arbitraries.oneOf(Arbitraries.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE),
                Arbitraries.integers());
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of("", ".", "..", "/", "//x", "a/b", "a\0b", "a\nb", ")", ") (", "\u001b]0;x\u0007\u001b[2J",
                        "x".repeat(255), "x".repeat(256), "x".repeat(4096), "\ud800", "é".repeat(8), "\u0085"),
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withCharRange((char) 0, (char) 0x7f).ofMaxLength(40));
    }

    @Provide
    Arbitrary<Set<CloneFlag>> flagSets() {
        return Arbitraries.subsetOf(CloneFlag.values()).map(s -> s.isEmpty() ? EnumSet.noneOf(CloneFlag.class)
                : EnumSet.copyOf(s));
    }

    // ---- native memory ---------------------------------------------------------------------------------------

    @Property(tries = 400)
    void wordAccessSucceedsExactlyInBoundsAndAligned(@ForAll("offsets") long offset) {
        boolean int32 = offset >= 0 && offset <= SIZE - 4 && offset % 4 == 0;
        boolean int64 = offset >= 0 && offset <= SIZE - 8 && offset % 8 == 0;
        assertEquals(int32, succeeds(() -> memory.setInt(offset, 7)), "setInt(" + offset + ")");
        assertEquals(int32, succeeds(() -> memory.getIntAcquire(offset)), "getIntAcquire(" + offset + ")");
        assertEquals(int32, succeeds(() -> memory.compareAndSetInt(offset, 7, 8)), "CAS(" + offset + ")");
        assertEquals(int32, succeeds(() -> memory.getAndAddInt(offset, 1)), "getAndAddInt(" + offset + ")");
        assertEquals(int64, succeeds(() -> memory.getLong(offset)), "getLong(" + offset + ")");
        assertEquals(int64, succeeds(() -> memory.getAndAddLong(offset, 1)), "getAndAddLong(" + offset + ")");
        assertEquals(int32, succeeds(() -> memory.address(offset, 4)), "address(" + offset + ", 4)");
    }

    @Property(tries = 300)
    void byteRangesSucceedExactlyInBounds(@ForAll("offsets") long offset,
                                          @ForAll("counts") int length) {
        boolean inBounds = offset >= 0 && length >= 0 && offset <= SIZE - length;
        assertEquals(inBounds, succeeds(() -> memory.get(offset, length)), "get(" + offset + ", " + length + ")");
        if (length >= 0 && length <= 2 * SIZE) {
            byte[] bytes = new byte[length];
            assertEquals(inBounds, succeeds(() -> memory.put(offset, bytes)), "put(" + offset + ", " + length + ")");
        }
    }

    @Property(tries = 60)
    void allocationSizesAreCheckedOrMapped(@ForAll("offsets") long bytes) {
        boolean valid = bytes > 0 && bytes <= Integer.MAX_VALUE - 65536L;
        try (NativeMemory m = NativeMemory.create(bytes)) {
            assertTrue(bytes > 0 && bytes <= Integer.MAX_VALUE, "allocate(" + bytes + ") mapped");
            assertTrue(m.size() >= bytes);
        } catch (IllegalArgumentException | ErrnoException e) {
            assertFalse(valid && e instanceof IllegalArgumentException, "allocate(" + bytes + "): " + e);
        }
    }

    @Property(tries = 200)
    void sharedMemoryNamesAndSizesAreCheckedBeforeAnySyscall(@ForAll("names") String name,
                                                             @ForAll("offsets") long bytes) {
        String unique = "lwp4j-hostile-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(name.hashCode());
        String candidate = name.length() > 40 || name.isEmpty() ? name : unique + name;
        try (SharedMemory shm = SharedMemory.create(candidate, bytes)) {
            shm.unlink();
            assertTrue(bytes > 0 && bytes <= Integer.MAX_VALUE, "created with bytes=" + bytes);
            assertFalse(candidate.isEmpty() || candidate.indexOf('/', 1) >= 0 || candidate.indexOf('\0') >= 0,
                    "created a bad name " + candidate);
        } catch (IllegalArgumentException | ErrnoException expected) {
            // refused, naming what: good
        }
    }

    @net.jqwik.api.Example
    void aSharedFileSizedByItsOwnerPastTwoGibIsRefusedNotMapped() throws Exception {
        String name = "lwp4j-hostile-big-" + ProcessHandle.current().pid();
        java.nio.file.Path file = java.nio.file.Path.of("/dev/shm", name);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(Integer.MAX_VALUE); // sparse: no memory is used
            java.nio.file.Files.setPosixFilePermissions(file,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SharedMemory.open(name));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    // ---- futexes and the primitives: every Duration, every count -----------------------------------------------

    @Property(tries = 300)
    void futexWordsAreCheckedLikeMemory(@ForAll("offsets") long offset) {
        boolean valid = offset >= 0 && offset <= SIZE - 4 && offset % 4 == 0;
        assertEquals(valid, succeeds(() -> Futex.privateOn(memory, offset)), "privateOn(" + offset + ")");
    }

    @Property(tries = 400)
    void everyDurationIsClampedNeverThrown(@ForAll("durations") Duration d) throws InterruptedException {
        Futex<Futex.Private> word = Futex.privateOn(words, 64);
        words.setIntRelease(64, 1);
        assertEquals(WaitOutcome.VALUE_MISMATCH, word.await(0, d), "a mismatch returns at once, for " + d);
        boolean shortOrPast = d.isNegative() || d.compareTo(Duration.ofMillis(2)) <= 0;
        if (shortOrPast) {
            WaitOutcome o = word.await(1, d);
            assertTrue(o == WaitOutcome.TIMED_OUT || o == WaitOutcome.WOKEN, "await(1, " + d + ") = " + o);
        }

        FutexGate gate = FutexGate.on(Futex.privateOn(words, 128));
        gate.open();
        assertTrue(gate.await(d), "an open gate lets through at once, for " + d);

        FutexLatch latch = FutexLatch.on(Futex.privateOn(words, 192));
        latch.reset(0);
        assertTrue(latch.await(d), "a zero latch lets through at once, for " + d);

        FutexSemaphore sem = FutexSemaphore.on(Futex.privateOn(words, 256));
        sem.reset(1);
        assertTrue(sem.tryAcquire(d), "a free permit is taken at once, for " + d);
        if (shortOrPast) {
            assertFalse(sem.tryAcquire(d), "no permit left, for " + d);
        }

        FutexMutex mutex = FutexMutex.on(Futex.privateOn(words, 320));
        assertTrue(mutex.tryLock(d), "an unlocked mutex is taken at once, for " + d);
        if (shortOrPast) {
            assertFalse(mutex.tryLock(d), "a held mutex is not taken twice, for " + d);
        }
        mutex.unlock();
    }

    @Property(tries = 200)
    void wakeAndRequeueCountsAreCheckedBeforeTheSyscall(@ForAll("counts") int n, @ForAll("counts") int m) {
        Futex<Futex.Private> a = Futex.privateOn(memory, 512);
        Futex<Futex.Private> b = Futex.privateOn(memory, 516);
        assertEquals(n >= 0, succeeds(() -> a.wake(n)), "wake(" + n + ")");
        assertEquals(n >= 0 && m >= 0, succeeds(() -> a.requeue(n, m, b)), "requeue(" + n + ", " + m + ")");
        int bits = n;
        assertEquals(bits != 0 && n >= 0, succeeds(() -> a.wakeBits(n, bits)), "wakeBits(" + n + ", " + bits + ")");
    }

    // ---- raw tasks -------------------------------------------------------------------------------------------

    @Property(tries = 40)
    void joinTakesEveryDuration(@ForAll("durations") Duration d) throws InterruptedException {
        try (RawTask t = RawTask.spawn(CloneFlag.threadPreset(), TaskProgram.builder().exit(5).build())) {
            assertTrue(t.join(Duration.ofSeconds(10)), "the task ended");
            assertTrue(t.join(d), "an ended task joins at once, for " + d);
            assertEquals(5, t.exitCode().getAsInt());
        }
    }

    @Property(tries = 300)
    void cloneFlagSetsAreValidatedNotTrusted(@ForAll("flagSets") Set<CloneFlag> flags) {
        boolean valid = succeeds(() -> CloneFlag.validate(flags, false));
        if (flags.contains(CloneFlag.CLONE_SIGHAND) && !flags.contains(CloneFlag.CLONE_THREAD)) {
            assertFalse(valid, "CLONE_SIGHAND without CLONE_THREAD shares the JVM's handlers: " + flags);
        }
        if (flags.stream().anyMatch(CloneFlag.NAMESPACES::contains)) {
            assertFalse(valid, "namespace flags need an explicit opt-in: " + flags);
        }
    }

    @Property(tries = 200)
    void programArgumentsAreCheckedAtBuild(@ForAll("offsets") long n, @ForAll("counts") int code,
                                           @ForAll("durations") Duration d, @ForAll("names") String name) {
        TaskProgram.Builder b = TaskProgram.builder();
        assertEquals(n >= 0, succeeds(() -> b.spin(n)), "spin(" + n + ")");
        assertEquals(code >= 0 && code <= 255, succeeds(() -> b.exit(code)), "exit(" + code + ")");
        assertEquals(!d.isNegative() && d.compareTo(Duration.ofHours(1)) <= 0, succeeds(() -> b.sleep(d)),
                "sleep(" + d + ")");
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        boolean goodName = utf8.length >= 1 && utf8.length <= 15 && name.indexOf('\0') < 0 && name.indexOf('\n') < 0;
        assertEquals(goodName, succeeds(() -> b.setName(name)), "setName(" + name + ")");
        assertEquals(n >= 0 && n < SIZE, succeeds(() -> b.copy(memory, n, new byte[0])), "copy at " + n);
        assertEquals(code >= 0, succeeds(() -> b.close(code)), "close(" + code + ")");
        b.build();
    }

    @Property(tries = 80)
    void stackSizesAreCheckedAtSpawn(@ForAll("counts") int bytes) throws InterruptedException {
        boolean valid = bytes >= RawTask.MIN_STACK_SIZE && bytes <= RawTask.MAX_STACK_SIZE && bytes % 4096 == 0;
        RawTask.Options options = RawTask.Options.defaults().stackSize(bytes);
        try (RawTask t = RawTask.spawn(CloneFlag.threadPreset(), TaskProgram.builder().exit(0).build(), options)) {
            assertTrue(valid, "spawned with stackSize " + bytes);
            assertTrue(t.join(Duration.ofSeconds(10)));
        } catch (IllegalArgumentException e) {
            assertFalse(valid, "stackSize " + bytes + " refused: " + e.getMessage());
        }
    }

    // ---- scheduling, CPU sets, names --------------------------------------------------------------------------

    @Property(tries = 300)
    void cpuListsAreParsedOrRefused(@ForAll("names") String text) {
        try {
            CpuSet s = CpuSet.parse(text);
            assertEquals(s, CpuSet.parse(s.toString()), "round trip of " + text);
        } catch (IllegalArgumentException expected) {
            // not a CPU list
        }
    }

    @Property(tries = 100)
    void affinityAndNiceOfThisThreadTakeAnyValue(@ForAll("counts") int cpu, @ForAll("counts") int nice) {
        int tid = JavaThreads.currentTid();
        CpuSet before = Scheduling.affinity(tid);
        int niceBefore = Scheduling.nice(tid);
        try {
            try {
                Scheduling.setAffinity(tid, CpuSet.of(Math.floorMod(cpu, 4096)));
            } catch (IllegalArgumentException | ErrnoException expected) {
                // a CPU this process may not use
            }
            try {
                Scheduling.setNice(tid, nice);
            } catch (IllegalArgumentException | ErrnoException expected) {
                // out of -20..19, or lowering without CAP_SYS_NICE
            }
        } finally {
            Scheduling.setAffinity(tid, before);
            Scheduling.setNice(tid, niceBefore);
        }
        assertEquals(before, Scheduling.affinity(tid));
    }

    @Property(tries = 100)
    void foreignIdsAreRefusedOrNotFound(@ForAll("offsets") long offset) {
        if (offset != (int) offset) {
            return; // not a pid_t: the int type of every PID and TID parameter refuses it at compile time
        }
        int id = (int) offset;
        if (id > 0 && new java.io.File("/proc/" + id).exists()) {
            try {
                Tasks.task(id, id); // a live process: one task read
            } catch (ErrnoException endedOrHidden) {
                // it ended since, or /proc hides it: a clear errno either way
            }
        } else {
            try {
                Tasks.of(id);
                throw new AssertionError("Tasks.of(" + id + ") read a process that does not exist");
            } catch (IllegalArgumentException | ErrnoException expected) {
                // not a PID, or no such process
            }
        }
        if (new java.io.File("/proc/self/task/" + id).exists()) {
            return; // a thread of this JVM: renaming it would be a side effect on the test fork, not a check
        }
        try {
            Tasks.rename(id, "x");
            throw new AssertionError("Tasks.rename(" + id + ") renamed a thread that is not this process's");
        } catch (IllegalArgumentException | ErrnoException expected) {
            // not a TID of this process
        }
    }

    private static boolean succeeds(Runnable r) {
        try {
            r.run();
            return true;
        } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException e) {
            return false;
        }
    }
}
