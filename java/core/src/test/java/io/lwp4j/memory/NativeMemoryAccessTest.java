package io.lwp4j.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.Lwp4j;
import io.lwp4j.internal.WordAccess;
import org.junit.jupiter.api.Test;

/** The 32-bit atomics give the same answers on either access path, and the FFM path is taken exactly with FFM. */
class NativeMemoryAccessTest {

    @Test
    void theFfmPathIsUsedExactlyWithTheFfmBackend() {
        try (NativeMemory m = NativeMemory.create(4096)) {
            m.setIntRelease(0, 1); // loads the library before WordAccess decides
            assertEquals(Lwp4j.backendName().equals("ffm"), WordAccess.AVAILABLE, Lwp4j.backendName());
        }
    }

    @Test
    void everyAtomicAccessorReadsAndWritesTheSameWord() {
        try (NativeMemory m = NativeMemory.createShared(4096)) {
            m.setIntRelease(12, 5);
            assertEquals(5, m.getInt(12));
            assertEquals(5, m.getIntAcquire(12));
            assertTrue(m.compareAndSetInt(12, 5, 6));
            assertFalse(m.compareAndSetInt(12, 5, 7));
            assertEquals(6, m.compareAndExchangeInt(12, 0, 9));
            assertEquals(6, m.getAndAddInt(12, 10));
            assertEquals(16, m.getAndSetInt(12, -1));
            m.setIntVolatile(12, 3);
            assertEquals(3, m.getIntVolatile(12));
            assertEquals(3L, m.getLong(8) >>> 32, "the word is the high half of the little-endian long at 8");
        }
    }
}
