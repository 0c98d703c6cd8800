package io.lwp4j;

import io.lwp4j.proc.TaskInfo;
import java.time.Instant;
import java.util.Optional;

/**
 * One kernel task of this JVM joined with the Java thread that runs on it, as {@link JavaThreads#snapshot()} saw
 * them at {@link #observedAt()}.
 *
 * @param task the task as {@code /proc/self/task/<tid>} showed it
 * @param java the Java thread on it, or {@code null} for a task of the JVM's own (GC, compiler, …) or a native one
 * @param rawTask whether it is a live {@link io.lwp4j.task.RawTask} of this JVM (made by lwp4j with clone())
 * @param observedAt when the snapshot was taken
 */
public record ThreadView(TaskInfo task, JavaThreadInfo java, boolean rawTask, Instant observedAt) {

    /**
     * A Java thread as the snapshot saw it.
     *
     * @param id the Java thread id
     * @param name the Java name (not the kernel's {@code comm}, which is at most 15 bytes and may differ)
     * @param state the Java state
     * @param daemon whether it is a daemon thread
     * @param carriedVirtualThreadId the id of the virtual thread mounted on this carrier, or -1
     */
    public record JavaThreadInfo(long id, String name, Thread.State state, boolean daemon,
            long carriedVirtualThreadId) {}

    /** The Java name, when this task is a Java thread. */
    public Optional<String> javaName() {
        return java == null ? Optional.empty() : Optional.of(java.name());
    }

    /** The Java state, when this task is a Java thread. */
    public Optional<Thread.State> javaState() {
        return java == null ? Optional.empty() : Optional.of(java.state());
    }

    /** A few words for people: "JVM-internal task", "daemon", "carrying virtual thread #24". */
    public String note() {
        if (rawTask) {
            return "lwp4j raw task (clone(): runs the shim, never Java)";
        }
        if (java == null) {
            return "no Java thread (JVM-internal or native task)";
        }
        String n = java.daemon() ? "daemon" : "";
        if (java.carriedVirtualThreadId() >= 0) {
            n += (n.isEmpty() ? "" : ", ") + "carrying virtual thread #" + java.carriedVirtualThreadId();
        }
        return n;
    }
}
