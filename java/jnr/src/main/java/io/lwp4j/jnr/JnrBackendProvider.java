package io.lwp4j.jnr;

import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.NativeBackendProvider;
import io.lwp4j.spi.Upcall;
import io.lwp4j.spi.UpcallStub;
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
        return NativeBackendProvider.classesMissing(JnrBackendProvider.class, "jnr-ffi", "com.github.jnr:jnr-ffi",
                "jnr.ffi.LibraryLoader", "com.kenai.jffi.Foreign");
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

    /** The C type {@code void (*)(int64_t)} as jnr-ffi sees it: one {@code @Delegate} method. */
    public interface LongCallback {
        /** Calls the upcall. */
        @jnr.ffi.annotations.Delegate
        void invoke(long arg);
    }

    /**
     * A jnr-ffi closure: jffi attaches the calling native thread. jnr-ffi frees the closure when its pointer
     * becomes unreachable, so the stub holds the pointer and the callback until closed.
     */
    @Override
    public UpcallStub upcallStub(Upcall upcall) {
        LongCallback callback = upcall::run;
        jnr.ffi.Pointer pointer = jnr.ffi.Runtime.getSystemRuntime().getClosureManager()
                .getClosurePointer(LongCallback.class, callback);
        return UpcallStub.of(pointer.address(), new Object[] {callback, pointer}, () -> { });
    }
}
