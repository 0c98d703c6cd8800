/**
 * Kernel tasks as {@code /proc} shows them (rendering them as {@code ps -eLf} does is {@link io.lwp4j.ps}'s job).
 * Pure Java: nothing here needs the native library.
 *
 * <ul>
 *   <li>{@link io.lwp4j.proc.Tasks}: the threads of any process ({@link io.lwp4j.proc.Tasks#self()},
 *       {@link io.lwp4j.proc.Tasks#of(int)}, {@link io.lwp4j.proc.Tasks#all()}) as
 *       {@link io.lwp4j.proc.TaskInfo} records, and {@link io.lwp4j.proc.Tasks#rename(int, String)} for the threads
 *       of this process.</li>
 *   <li>{@link io.lwp4j.proc.ThreadSampler}: what each task did over an interval ({@code top -H}'s figures plus
 *       the run-queue delay from {@code schedstat}) as {@link io.lwp4j.proc.ThreadSample} and
 *       {@link io.lwp4j.proc.ProcessSample} records, optionally joined with the Java threads of each JVM.</li>
 * </ul>
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>A task is two reads, {@code stat} and {@code status}; the name is taken from {@code stat}, whose
 *       {@code comm} field holds the same bytes as the {@code comm} file. {@code stat} is split at its last
 *       {@code ')'}, since a thread may name itself {@code ") ("}.</li>
 *   <li>Threads that end while a process is read are left out; a process that is not there is
 *       {@link io.lwp4j.NoSuchTaskException} (ESRCH), one that {@code /proc} hides ({@code hidepid}) is
 *       {@link io.lwp4j.PermissionException} (EPERM on Linux 5.8+, EACCES before).</li>
 *   <li>Renaming a TID of another process is {@link io.lwp4j.NoSuchTaskException}: the kernel renames only
 *       threads of the caller's own thread group, and {@code /proc/self/task/<tid>} does not exist for others.</li>
 *   <li>{@code ps} shows a main thread from {@code /proc/<pid>} rather than {@code /proc/<pid>/task/<pid>}, so
 *       its TIME and C are those of the whole process (including ended threads); {@link io.lwp4j.ps.PsFormat}
 *       does the same, while {@link io.lwp4j.proc.TaskInfo} always holds the thread's own times.</li>
 * </ul>
 */
package io.lwp4j.proc;
