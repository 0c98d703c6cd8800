package io.lwp4j.ffm;

import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.NativeBackendProvider;
import io.lwp4j.spi.Upcall;
import io.lwp4j.spi.UpcallStub;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Provides the FFM backend: the best one wherever it runs (Java 22+). */
public final class FfmBackendProvider implements NativeBackendProvider {

    private static final FunctionDescriptor UPCALL = FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG);
    private static final MethodHandle UPCALL_RUN;

    static {
        try {
            // This module's own lookup, not publicLookup(): io.lwp4j.spi is exported to the backend modules only,
            // and a public lookup sees only unconditionally exported packages (on the module path it failed).
            UPCALL_RUN = MethodHandles.lookup().findVirtual(Upcall.class, "run",
                    MethodType.methodType(void.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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

    /**
     * {@code Linker.upcallStub} in a shared arena of its own (any thread may call it; core closes it from the
     * joining thread). HotSpot attaches a native thread on its first upcall and detaches it when it exits.
     */
    @Override
    public UpcallStub upcallStub(Upcall upcall) {
        Arena arena = Arena.ofShared();
        MemorySegment stub = Linker.nativeLinker().upcallStub(UPCALL_RUN.bindTo(upcall), UPCALL, arena);
        return UpcallStub.of(stub.address(), upcall, arena::close);
    }
}
