package io.lwp4j.jnr;

import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.NativeBackendProvider;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Provides the jnr-ffi backend: runs on any Java 17+, chosen after FFM, before JNA. */
public final class JnrBackendProvider implements NativeBackendProvider {

    @Override
    public String name() {
        return "jnr";
    }

    @Override
    public int priority() {
        return 200;
    }

    /**
     * jnr-ffi's and jffi's classes present? Looked up without initialising them: jffi's {@code Foreign} loads its JNI
     * library in its initialiser. (jffi's native jar is checked by {@link #bind}, which fails saying so.)
     */
    @Override
    public String unavailableReason() {
        ClassLoader cl = JnrBackendProvider.class.getClassLoader();
        try {
            Class.forName("jnr.ffi.LibraryLoader", false, cl);
            Class.forName("com.kenai.jffi.Foreign", false, cl);
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "jnr-ffi is not on the class path (add com.github.jnr:jnr-ffi): " + e;
        }
    }

    @Override
    public NativeBackend bind(Path library) {
        return JnrBackend.bind(library);
    }

    /** jffi's JNI {@code NewDirectByteBuffer} (jnr-ffi's own memory classes would allocate, not wrap). */
    @Override
    public ByteBuffer directBuffer(long address, int capacity) {
        return com.kenai.jffi.MemoryIO.getInstance().newDirectByteBuffer(address, capacity);
    }
}
