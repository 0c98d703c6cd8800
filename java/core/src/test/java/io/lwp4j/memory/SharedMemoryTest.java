package io.lwp4j.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Named shared mappings against the file system and the kernel: two views of one name are one set of pages. */
class SharedMemoryTest {

    private final String name = "lwp4j-test-" + UUID.randomUUID();

    @AfterEach
    void removeName() {
        SharedMemory.unlink(name);
    }

    @Test
    void createMakesAnOwnerOnlyFileOfWholePagesAndOpenMapsTheSamePages() throws Exception {
        try (SharedMemory a = SharedMemory.create(name, 100)) {
            assertTrue(Files.exists(a.path()));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.path())));
            assertEquals(a.size(), Files.size(a.path()));
            assertEquals(0, a.size() % 4096);
            assertTrue(a.isShared());
            try (SharedMemory b = SharedMemory.open("/" + name)) {
                assertEquals(name, b.name());
                assertEquals(a.size(), b.size());
                assertNotEquals(a.address(), b.address());
                a.setIntRelease(8, 0x5eed);
                assertEquals(0x5eed, b.getIntAcquire(8));
                assertEquals(0x5eed, b.getAndAddInt(8, 1));
                assertEquals(0x5eee, a.getIntAcquire(8));
            }
        }
        assertTrue(Files.exists(java.nio.file.Paths.get(SharedMemory.DIRECTORY, name)), "close keeps the name");
    }

    @Test
    void unlinkRemovesTheNameButNotTheMapping() {
        try (SharedMemory a = SharedMemory.create(name, 4096)) {
            assertTrue(a.unlink());
            assertFalse(Files.exists(a.path()));
            assertFalse(a.unlink());
            a.setLong(0, 42);
            assertEquals(42, a.getLong(0));
            ErrnoException e = assertThrows(ErrnoException.class, () -> SharedMemory.open(name));
            assertEquals(Errno.ENOENT, e.errno());
            assertTrue(e.getMessage().startsWith("open(/dev/shm/" + name), e.getMessage());
        }
    }

    @Test
    void createIsExclusive() {
        try (SharedMemory a = SharedMemory.create(name, 4096)) {
            ErrnoException e = assertThrows(ErrnoException.class, () -> SharedMemory.create(name, 4096));
            assertEquals(Errno.EEXIST, e.errno());
            assertTrue(e.getMessage().contains("O_CREAT|O_EXCL"), e.getMessage());
        }
    }

    @Test
    void badNamesAndSizesFailBeforeAnySyscall() {
        for (String bad : new String[] {"", "/", "a/b", ".", "..", "x\0y", "n".repeat(256)}) {
            assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(bad, 4096), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(name, 0));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(name, 1L << 31));
        assertFalse(Files.exists(java.nio.file.Paths.get(SharedMemory.DIRECTORY, name)));
    }

    @Test
    void closedAndMisalignedAccessAreRefused() {
        SharedMemory a = SharedMemory.create(name, 4096);
        IllegalArgumentException mis = assertThrows(IllegalArgumentException.class, () -> a.getIntAcquire(2));
        assertTrue(mis.getMessage().contains("4-byte aligned"), mis.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.getInt(4096));
        a.close();
        assertThrows(IllegalStateException.class, () -> a.getInt(0));
        assertTrue(a.toString().contains("closed"), a.toString());
    }

    /** Runs {@code script} in bash as {@code nobody} (uid 65534), with umask 0; needs root. */
    private static void asNobody(String script) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-c",
                "umask 0; " + script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    private static boolean isRoot() throws Exception {
        return ((Integer) Files.getAttribute(java.nio.file.Paths.get("/proc/self"), "unix:uid")) == 0;
    }

    @Test
    void item10_aNameSquattedByAnotherUserIsRefusedUnlessItsOwnerIsNamed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(isRoot(), "needs root to act as a second user (CI runs as root)");
        java.nio.file.Path file = java.nio.file.Paths.get(SharedMemory.DIRECTORY, name);
        asNobody("head -c 8192 /dev/zero > " + file); // another user, first, world-writable: the squat
        assertEquals(65534, Files.getAttribute(file, "unix:uid"));
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        IllegalStateException owner = assertThrows(IllegalStateException.class, () -> SharedMemory.open(name));
        assertTrue(owner.getMessage().contains("is owned by uid 65534, not by this process's effective uid 0"),
                owner.getMessage());
        IllegalStateException mode = assertThrows(IllegalStateException.class,
                () -> SharedMemory.open(name, SharedMemory.Trust.ownedBy(65534)));
        assertTrue(mode.getMessage().contains("mode 0666") && mode.getMessage().contains("writable by every user"),
                mode.getMessage());
        assertThrows(IllegalStateException.class,
                () -> SharedMemory.open(name, SharedMemory.Trust.ownedBy(65534).allowingOtherWrite()));
        try (SharedMemory shm = SharedMemory.open(name,
                SharedMemory.Trust.ownedBy(0, 65534).allowingGroupWrite().allowingOtherWrite())) {
            assertEquals(8192, shm.size()); // explicitly allowed: it opens
        }

        // create never follows or reuses the squatted name: EEXIST, and the file is untouched.
        ErrnoException e = assertThrows(ErrnoException.class, () -> SharedMemory.create(name, 4096));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(8192, Files.size(file));
        assertEquals(65534, Files.getAttribute(file, "unix:uid"));
    }

    @Test
    void item10_aGroupOrWorldWritableFileOfOurOwnIsRefusedUnlessAllowed() throws Exception {
        try (SharedMemory a = SharedMemory.create(name, 4096)) {
            Files.setPosixFilePermissions(a.path(), PosixFilePermissions.fromString("rw-rw----"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SharedMemory.open(name));
            assertTrue(e.getMessage().contains("writable by its group"), e.getMessage());
            try (SharedMemory b = SharedMemory.open(name, SharedMemory.Trust.ownerOnly().allowingGroupWrite())) {
                assertEquals(4096, b.size());
            }
            Files.setPosixFilePermissions(a.path(), PosixFilePermissions.fromString("rw----rw-"));
            assertThrows(IllegalStateException.class,
                    () -> SharedMemory.open(name, SharedMemory.Trust.ownerOnly().allowingGroupWrite()));
            SharedMemory.open(name, SharedMemory.Trust.ownerOnly().allowingOtherWrite()).close();
        }
    }

    @Test
    void item10_aFifoOrASymlinkUnderTheNameIsRefused() throws Exception {
        java.nio.file.Path file = java.nio.file.Paths.get(SharedMemory.DIRECTORY, name);
        Process mk = new ProcessBuilder("mkfifo", "-m", "600", file.toString()).start();
        assertEquals(0, mk.waitFor());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SharedMemory.open(name));
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
        Files.delete(file);
        String target = name + "-target";
        try (SharedMemory t = SharedMemory.create(target, 4096)) {
            Files.createSymbolicLink(file, t.path());
            ErrnoException loop = assertThrows(ErrnoException.class, () -> SharedMemory.open(name));
            assertEquals(Errno.ELOOP, loop.errno());
            assertThrows(ErrnoException.class, () -> SharedMemory.create(name, 4096));
        } finally {
            SharedMemory.unlink(target);
        }
    }
}
