/**
 * core's own machinery, shared by its packages but not API (ARCHITECTURE.md §2 and §4b): the bound backend
 * ({@link io.lwp4j.internal.Native}) and the library loader ({@link io.lwp4j.internal.NativeLibraryLoader},
 * ARCHITECTURE.md §8); the one wait engine ({@link io.lwp4j.internal.wait.Waits}, {@link io.lwp4j.internal.wait.Deadline})
 * and the claims that keep memory mapped while it is used ({@link io.lwp4j.internal.wait.MemoryClaim}); the atomics
 * over native words ({@link io.lwp4j.internal.WordAccess}); another JVM's threads from its thread dump
 * ({@link io.lwp4j.internal.attach.ThreadDump}, {@link io.lwp4j.internal.attach.RemoteJvm}).
 *
 * <p><b>Not for user code.</b> On the module path this package is exported to no module: user code cannot reach
 * {@link io.lwp4j.internal.Native#backend()}, and so cannot call {@code munmap}, {@code futex} or {@code clone}
 * around lwp4j's checks. On the class path Java has no module boundary and every public class here is reachable;
 * that gives class-path code no power it lacks (it can already load native code through FFM, JNA or
 * {@code sun.misc.Unsafe}), but nothing here is a supported API: it changes without notice.
 */
package io.lwp4j.internal;
