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
}
