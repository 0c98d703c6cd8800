/**
 * lwp4j's entry points and the types every other package shares (ARCHITECTURE.md §2, §4 and §7).
 *
 * <ul>
 *   <li>{@link io.lwp4j.Lwp4j}: whether the native library is usable here, which backend is bound, and why not
 *       ({@code isAvailable}, {@code unavailabilityCause}, {@code ensureAvailability}; nothing throws from a static
 *       initialiser).</li>
 *   <li>{@link io.lwp4j.JavaThreads}: Java threads as the kernel sees them — the current thread's TID, any live
 *       thread's TID as a {@link io.lwp4j.TidObservation} (TIDs are reused), the {@link java.lang.Thread} behind a
 *       TID, and {@link io.lwp4j.ThreadView} snapshots joining tasks and threads.</li>
 *   <li>{@link io.lwp4j.JvmAttach}: another JVM reached through HotSpot's attach listener, as untrusted input
 *       (ARCHITECTURE.md §4b).</li>
 *   <li>Errors (ARCHITECTURE.md §7): {@link io.lwp4j.Errno}, {@link io.lwp4j.ErrnoException} with its one message
 *       shape, and the subclasses callers branch on: {@link io.lwp4j.NoSuchTaskException},
 *       {@link io.lwp4j.PermissionException}, {@link io.lwp4j.ResourceLimitException}; all under
 *       {@link io.lwp4j.Lwp4jException}.</li>
 * </ul>
 *
 * <p>The features live in the sub-packages: {@code proc} (reading {@code /proc}), {@code task} (raw {@code clone()}
 * tasks), {@code futex}, {@code memory}, {@code ipc}, {@code pthread}, {@code sched} and {@code jfr}.
 */
package io.lwp4j;
