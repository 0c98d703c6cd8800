package io.lwp4j.jna;

import io.lwp4j.spi.NativeBackend;
import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Pointer;
import io.lwp4j.spi.NativeBackendProvider;
import io.lwp4j.spi.Upcall;
import io.lwp4j.spi.UpcallStub;
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
        return NativeBackendProvider.classesMissing(JnaBackendProvider.class, "JNA", "net.java.dev.jna:jna",
                "com.sun.jna.Native");
    }

    @Override
    public NativeBackend bind(Path library) {
        return JnaBackend.bind(library);
    }

    @Override
    public ByteBuffer directBuffer(long address, int capacity) {
        return new com.sun.jna.Pointer(address).getByteBuffer(0, capacity);
    }

    /** The C type {@code void (*)(int64_t)} as JNA sees it. */
    public interface LongCallback extends Callback {
        /** Calls the upcall. */
        void invoke(long arg);
    }

    /**
     * A JNA {@link Callback}: JNA attaches the calling native thread for the call and detaches it after. JNA frees
     * the trampoline when the callback becomes unreachable, so the stub holds it until closed.
     */
    @Override
    public UpcallStub upcallStub(Upcall upcall) {
        LongCallback callback = upcall::run;
        return UpcallStub.of(Pointer.nativeValue(CallbackReference.getFunctionPointer(callback)), callback, () -> { });
    }
}
