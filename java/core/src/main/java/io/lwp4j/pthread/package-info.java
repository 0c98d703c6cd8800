/**
 * pthreads from Java (ARCHITECTURE.md §6).
 *
 * <ul>
 *   <li>{@link io.lwp4j.pthread.NativeThread}: a thread made with {@code pthread_create} in lwp4j's shim that runs
 *       Java code through the backend's upcall (FFM {@code Linker.upcallStub}, a JNA {@code Callback}, a jnr-ffi
 *       closure), with the attributes {@link java.lang.Thread} cannot set: exact stack and guard size, CPU
 *       affinity at birth, scheduling policy and priority, detached state, a native name.</li>
 *   <li>{@link io.lwp4j.pthread.PthreadMutex} (robust, process-shared), {@link io.lwp4j.pthread.PthreadCond},
 *       {@link io.lwp4j.pthread.PthreadBarrier} and {@link io.lwp4j.pthread.PthreadRwLock}: glibc's objects placed
 *       in memory lwp4j mapped — in an {@link io.lwp4j.memory.SharedMemory} they work across JVMs. Their sizes
 *       come from glibc's headers through the shim ({@link io.lwp4j.pthread.PthreadType}).</li>
 * </ul>
 *
 * <p>Why a robust mutex rather than {@link io.lwp4j.futex.FutexMutex} across processes: when a process dies
 * holding a futex mutex, its word stays locked forever; glibc's robust mutex is on the thread's robust list,
 * which the kernel walks at exit, so the next locker is told ({@link io.lwp4j.pthread.LockOutcome#OWNER_DIED}).
 * The price is a call into glibc per lock and unlock (see {@code java/bench}'s {@code RobustMutexBench}).
 *
 * <p>The glibc waits (lock, condition wait, barrier) block the calling Java thread in native code. Lock and
 * condition waits run in slices (lwp4j's one wait rule), so the close of their memory ends them with
 * {@link java.lang.IllegalStateException}, and they follow {@code java.util.concurrent}'s interruption rule
 * (ARCHITECTURE.md §12): {@code lock()}, {@code readLock()}, {@code writeLock()} and {@code awaitUninterruptibly}
 * ignore interrupts; {@code lockInterruptibly()}, the timed {@code tryLock}s and {@code await} throw
 * {@link java.lang.InterruptedException} within one slice. glibc's barrier wait has no timed form and no
 * interruptible one (the one exception to §12's timed-form rule), so its memory stays mapped until the round
 * completes.
 *
 * <p>Each object checks its memory on every call (after the memory's close: {@link java.lang.IllegalStateException},
 * never a write into whatever is mapped there later) and holds it mapped while the call runs; while a thread of this
 * JVM holds a {@link io.lwp4j.pthread.PthreadMutex}, the close of its memory is refused (see
 * {@link io.lwp4j.memory.NativeMemory#close()}).
 */
package io.lwp4j.pthread;
