package io.lwp4j.jna;

import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.NativeBackendProvider;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Provides the JNA backend: runs on any Java 17+, chosen after FFM and jnr-ffi. */
public final class JnaBackendProvider implements NativeBackendProvider {

    @Override
    public String name() {
        return "jna";
    }

    @Override
    public int priority() {
        return 100;
    }

    /** JNA's classes present? Looked up without initialising them: {@code Native}'s initialiser loads JNI code. */
    @Override
    public String unavailableReason() {
        try {
            Class.forName("com.sun.jna.Native", false, JnaBackendProvider.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "JNA is not on the class path (add net.java.dev.jna:jna): " + e;
        }
    }

    @Override
    public NativeBackend bind(Path library) {
        return JnaBackend.bind(library);
    }

    @Override
    public ByteBuffer directBuffer(long address, int capacity) {
        return new com.sun.jna.Pointer(address).getByteBuffer(0, capacity);
    }
}
