/**
 * lwp4j's public API and all its logic. Exported: the API packages. Not exported to user code: {@code io.lwp4j.spi}
 * (the flat list of raw shim functions, for the backend modules only) and {@code io.lwp4j.internal} (the bound
 * backend and the library loader) — from the module path, no user code can call {@code munmap}, {@code futex} or
 * {@code clone} around lwp4j's checks.
 *
 * <p>On the class path (how lwp4j is also used, and how its own tests and the {@code lwp4j} command run) there is no
 * module boundary: every public class is reachable, {@code io.lwp4j.internal.Native.backend()} included. That is
 * acceptable because class-path code is already fully trusted by the JVM: it can load any native library, use
 * {@code sun.misc.Unsafe}, or call native code through FFM, JNA or jnr-ffi itself, so the raw backend gives it no
 * power it lacks. The boundary is for module-path applications, where it is enforced.
 *
 * <p>jnr-ffi generates its binding class in a class loader of its own (an unnamed module), which must see
 * {@code io.lwp4j.spi}: to use the jnr backend from the module path, add
 * {@code --add-exports io.lwp4j.core/io.lwp4j.spi=ALL-UNNAMED} (the FFM and JNA backends need nothing).
 */
module io.lwp4j.core {
    requires java.management;
    requires static jdk.attach; // only to start a named JVM's attach listener (JvmAttach); absent: that one refusal
    requires static jdk.jfr; // the lwp4j.* JFR events; absent (a jlinked runtime without it): no events, no cost

    exports io.lwp4j;
    exports io.lwp4j.futex;
    exports io.lwp4j.ipc;
    exports io.lwp4j.jfr;
    exports io.lwp4j.memory;
    exports io.lwp4j.proc;
    exports io.lwp4j.ps;
    exports io.lwp4j.pthread;
    exports io.lwp4j.sched;
    exports io.lwp4j.task;

    exports io.lwp4j.spi to io.lwp4j.ffm, io.lwp4j.jna, io.lwp4j.jnr;
    exports io.lwp4j.internal.jfr to jdk.jfr; // JFR instantiates and instruments the event classes

    uses io.lwp4j.spi.NativeBackendProvider;
}
