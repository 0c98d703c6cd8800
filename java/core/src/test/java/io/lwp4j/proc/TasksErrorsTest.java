package io.lwp4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lwp4j.internal.proc.ProcSystem;
import io.lwp4j.Errno;
import io.lwp4j.NoSuchTaskException;
import io.lwp4j.testing.KernelView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input to {@link Tasks}: each gets one precise exception, and nothing changes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TasksErrorsTest {
    /** No process ever has pid_max itself as its id (ids run from 1 to pid_max - 1). */
    private static final int NO_SUCH_PID = Integer.parseInt(ProcSystem.pidMaxText());

    @Test
    void noSuchProcess() {
        NoSuchTaskException e = assertThrows(NoSuchTaskException.class, () -> Tasks.of(NO_SUCH_PID));
        assertEquals(Errno.ESRCH, e.errno());
        assertEquals("Tasks.of", e.operation());
        assertTrue(e.getMessage().startsWith("Tasks.of(pid=" + NO_SUCH_PID + ") failed: ESRCH (3)"), e.getMessage());
        assertTrue(Tasks.task(NO_SUCH_PID, NO_SUCH_PID).isEmpty());
        assertTrue(Tasks.task(1, NO_SUCH_PID).isEmpty(), "pid 1 has no such thread");
    }

    @Test
    void nonPositiveIds() {
        assertThrows(IllegalArgumentException.class, () -> Tasks.of(0));
        assertThrows(IllegalArgumentException.class, () -> Tasks.of(-1));
        assertThrows(IllegalArgumentException.class, () -> Tasks.task(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tasks.rename(0, "x"));
    }

    @Test
    void renameShowsInPsAndRefusesBadNames() throws Exception {
        String[] result = new String[3];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
          try {
            int tid = KernelView.threadSelfTid();
            Tasks.rename(tid, "lwp4j ren) (x");
            result[0] = Integer.toString(tid);
            result[1] = psComm(tid);
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                    () -> Tasks.rename(tid, "0123456789abcdef"));
            assertTrue(tooLong.getMessage().contains("16 bytes") && tooLong.getMessage().contains("15 bytes"),
                    tooLong.getMessage());
            // 9 characters, but 18 bytes: the limit is in bytes of UTF-8
            IllegalArgumentException utf8 = assertThrows(IllegalArgumentException.class,
                    () -> Tasks.rename(tid, "ééééééééé"));
            assertTrue(utf8.getMessage().contains("18 bytes"), utf8.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Tasks.rename(tid, ""));
            assertThrows(IllegalArgumentException.class, () -> Tasks.rename(tid, "a\nb"));
            assertThrows(IllegalArgumentException.class, () -> Tasks.rename(tid, "a\0b"));
            assertThrows(IllegalArgumentException.class, () -> Tasks.rename(tid, null));
            result[2] = KernelView.comm(KernelView.self(), tid);
          } catch (Throwable e) {
            failure[0] = e;
          }
        });
        t.start();
        t.join(30_000);
        if (failure[0] != null) {
            throw new AssertionError("in the renamed thread", failure[0]);
        }
        assertEquals("lwp4j ren) (x", result[1], "ps -L -o comm shows the new name");
        assertEquals("lwp4j ren) (x", result[2], "refused names changed nothing");
    }

    @Test
    void renameOfAThreadOfAnotherProcess() {
        NoSuchTaskException e = assertThrows(NoSuchTaskException.class, () -> Tasks.rename(1, "stolen"));
        assertEquals(Errno.ESRCH, e.errno());
        assertTrue(e.getMessage().contains("tid=1") && e.getMessage().contains("not a thread of this process"),
                e.getMessage());
        assertTrue(!"stolen".equals(KernelView.comm(1, 1)));
        assertThrows(NoSuchTaskException.class, () -> Tasks.rename(NO_SUCH_PID, "x"));
    }

    /**
     * A process we may not read. As root everything in /proc is readable, so the check runs in a child JVM as
     * {@code nobody}, in its own mount namespace with a procfs mounted {@code hidepid=1}: there the directories of
     * other users' processes exist but refuse access (EPERM on Linux 5.8+), which is what a hardened host does.
     */
    @Test
    void processHiddenByHidepidIsAPermissionError() throws Exception {
        assumeTrue(ProcTesting.isRoot(), "needs root to mount a procfs with hidepid=1 in a mount namespace");
        Path dir = Files.createTempDirectory("lwp4j-probe", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            String cp = readableCopy(Tasks.class, dir.resolve("main")) + ":"
                    + readableCopy(HiddenProcProbe.class, dir.resolve("test"));
            String java = ProcessHandle.current().info().command().orElseThrow();
            List<String> out = ProcTesting.run(0, "unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mount -t proc -o hidepid=1 proc /proc && exec setpriv --reuid=65534 --regid=65534 --clear-groups"
                            + " \"$0\" -XX:-UsePerfData -Xshare:auto -cp \"$1\" io.lwp4j.proc.HiddenProcProbe 1 "
                            + NO_SUCH_PID, java, cp);
            assertTrue(out.get(0).startsWith("self "), String.join("\n", out)); // its own process it may read
            // hidepid=1 ("noaccess") answers EPERM since Linux 5.8 (EACCES before): either is a PermissionException.
            assertTrue(out.get(1).matches("io\\.lwp4j\\.PermissionException\\|(EPERM|EACCES)\\|"
                    + "Tasks\\.of\\(pid=1\\) failed: (EPERM \\(1\\)|EACCES \\(13\\)): .* — may not read /proc/1/task/ .*"),
                    out.get(1));
            assertTrue(out.get(2).startsWith("io.lwp4j.NoSuchTaskException|ESRCH|"), out.get(2));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String psComm(int tid) {
        List<String> lines = ProcTesting.run(0, "ps", "-L", "-o", "lwp=,comm=", "-p",
                Long.toString(ProcessHandle.current().pid()));
        for (String line : lines) {
            String s = line.trim();
            if (s.startsWith(tid + " ")) {
                return s.substring(s.indexOf(' ') + 1);
            }
        }
        return null;
    }

    /** A copy, readable by every user, of the class-path entry (directory or jar) that holds {@code c}. */
    private static String readableCopy(Class<?> c, Path to) throws Exception {
        Path from = Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to);
            Path jar = to.resolve(from.getFileName());
            Files.copy(from, jar, StandardCopyOption.REPLACE_EXISTING);
            jar.toFile().setReadable(true, false);
            to.toFile().setExecutable(true, false);
            return jar.toString();
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(from)) {
            s.forEach(all::add);
        }
        for (Path p : all) {
            Path q = to.resolve(from.relativize(p).toString());
            try {
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                    q.toFile().setExecutable(true, false);
                } else {
                    Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
                }
                q.toFile().setReadable(true, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return to.toString();
    }
}
