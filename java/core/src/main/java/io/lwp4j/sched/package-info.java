/**
 * Scheduling of any thread by its kernel TID (ARCHITECTURE.md §6): {@link io.lwp4j.sched.Scheduling} (affinity with
 * {@link io.lwp4j.sched.CpuSet}s of any size, nice, policy and priority, the CPU a thread last ran on),
 * {@link io.lwp4j.sched.CpuTopology} ({@code /sys/devices/system/cpu} and the cgroup's allowed CPUs) and
 * {@link io.lwp4j.sched.StackBounds} ({@code pthread_getattr_np} of the calling thread).
 *
 * <p>Decisions: an affinity naming a CPU outside the cgroup's cpuset is refused with an
 * {@link java.lang.IllegalArgumentException} naming the CPU and the file the allowed set came from, where the
 * kernel would silently drop it (or fail with a bare EINVAL). Masks are sized from
 * {@code /sys/devices/system/cpu/possible} (the kernel's {@code nr_cpu_ids}), so more than 64 (or 1024) CPUs work.
 * An EPERM from a real-time policy says it needs {@code CAP_SYS_NICE}.
 */
package io.lwp4j.sched;
