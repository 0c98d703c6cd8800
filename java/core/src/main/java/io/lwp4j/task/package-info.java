/**
 * Raw kernel tasks made with {@code clone3(2)}/{@code clone(2)} (ARCHITECTURE.md §3): {@link io.lwp4j.task.RawTask}
 * runs a {@link io.lwp4j.task.TaskProgram} — a short list of ops the shim interprets, never Java — on a task of its
 * own TID, with the {@link io.lwp4j.task.CloneFlag}s the caller chose.
 *
 * <p>Everything here exists to keep the JVM alive while such a task runs: the flags and the program are checked
 * against the kernel's rules and lwp4j's own before any syscall (no {@code CLONE_SIGHAND} without
 * {@code CLONE_THREAD}; a task sharing the JVM's memory names only anonymous memory; a task without
 * {@code CLONE_VM} only shared memory and shared futex ops); every signal is blocked on the task; its stack is
 * guard-paged and freed exactly once (cached for reuse by {@code StackCache}); the memories its program names are
 * claimed while it may run ({@code TaskState}); process-like tasks die with the JVM and dropped tasks are reaped
 * ({@code TaskReaper}). ARCHITECTURE.md §3 lists the rules one by one, with what is not promised.
 */
package io.lwp4j.task;
