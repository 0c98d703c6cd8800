/**
 * {@code futex(2)} from Java (ARCHITECTURE.md §5): {@link io.lwp4j.futex.Futex}, private or shared by type, over an aligned
 * 32-bit word of an {@link io.lwp4j.memory.NativeMemory}; {@link io.lwp4j.futex.FutexVector} for
 * {@code futex_waitv}; and the primitives on it — {@link io.lwp4j.futex.FutexMutex} (Drepper's three-state mutex,
 * the raw tasks' layout), {@link io.lwp4j.futex.FutexGate}, {@link io.lwp4j.futex.FutexSemaphore},
 * {@link io.lwp4j.futex.FutexLatch} — each usable by Java threads, by raw tasks (through the word's address) and
 * by other processes through an {@link io.lwp4j.memory.SharedMemory}.
 *
 * <p>Decisions a user should know:
 * <ul>
 *   <li>Expected outcomes are values ({@link io.lwp4j.futex.WaitOutcome}); programming errors throw
 *       {@link io.lwp4j.ErrnoException}; a closed memory is an {@link java.lang.IllegalStateException}.</li>
 *   <li>One rule for every timeout: zero or negative does not sleep (it still tells a value mismatch from a
 *       timeout), over 100 years ({@code ChronoUnit.FOREVER.getDuration()} too) is forever, nothing overflows.</li>
 *   <li>{@code Thread.interrupt()} reaches a futex wait within one slice
 *       ({@value io.lwp4j.futex.Futex#INTERRUPT_CHECK_PROP_NAME}, default 50 ms): no signal interrupts the syscall,
 *       so the interruptible waits are sliced and the interrupt status checked between slices:
 *       {@code lockInterruptibly()}, the gate's, latch's and semaphore's waits throw
 *       {@link java.lang.InterruptedException}. {@code Futex}'s own waits are one {@code futex(2)} call each
 *       (interrupted only before it), and {@code lock()} is not interruptible.</li>
 *   <li>A wait holds its memory mapped while it sleeps. {@link io.lwp4j.memory.NativeMemory#close()} of that
 *       memory wakes it and it ends with {@link java.lang.IllegalStateException} (a {@link io.lwp4j.futex.FutexVector}
 *       wait too, when any entry's memory is closed); the unmap waits until it has left the kernel, so a later
 *       mapping at the same address never reaches it. A requeue refuses a closed target, and the close of a target's
 *       memory wakes the waiters moved onto it before the unmap.</li>
 *   <li>A futex wait on a virtual thread blocks (pins) its carrier for the whole wait; on a fork/join worker it runs
 *       as a {@link java.util.concurrent.ForkJoinPool#managedBlock managed block}.</li>
 *   <li>{@link io.lwp4j.futex.Futex#syscallCount()} counts the futex calls lwp4j made: uncontended primitives make
 *       none.</li>
 * </ul>
 */
package io.lwp4j.futex;
