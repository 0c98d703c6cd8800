package io.lwp4j.ffm;

import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.NativeBackendProvider;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Provides the FFM backend: the best one wherever it runs (Java 22+). */
public final class FfmBackendProvider implements NativeBackendProvider {

    @Override
    public String name() {
        return "ffm";
    }

    @Override
    public int priority() {
        return 300;
    }

    @Override
    public String unavailableReason() {
        return Runtime.version().feature() >= 22 ? null
                : "the FFM API needs Java 22 or newer; this is Java " + Runtime.version().feature();
    }

    @Override
    public NativeBackend bind(Path library) {
        return FfmBackend.bind(library);
    }

    @Override
    public ByteBuffer directBuffer(long address, int capacity) {
        return MemorySegment.ofAddress(address).reinterpret(capacity).asByteBuffer();
    }
}
