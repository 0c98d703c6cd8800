package io.lwp4j.internal.attach;

import io.lwp4j.JvmAttach;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Another JVM's threads from its thread dump, taken through {@link JvmAttach} (the attach socket, a deadline, a size
 * bound; no JMX, no agent left behind in the target, nothing the target names is connected to).
 */
public final class RemoteJvm {
    private RemoteJvm() {}

    /** A Java thread of the other JVM: id, name, state, daemon; and the TID its thread dump gives. */
    public record RemoteThread(long id, String name, Thread.State state, boolean daemon, int tid,
            long carriedVirtualId) {}

    /**
     * Every platform thread of JVM {@code pid} that its thread dump ({@code jcmd <pid> Thread.print}) shows with a
     * TID.
     *
     * @param mayStartListener see {@link JvmAttach#jcmd(int, String, Duration, boolean)}: true only for a process
     *     the user named
     * @throws JvmAttach.NotAttachableException when {@code pid} is not a JVM lwp4j may talk to
     * @throws JvmAttach.NoAnswerException when it did not answer within {@code timeout}
     */
    public static List<RemoteThread> threads(int pid, Duration timeout, boolean mayStartListener) {
        String dump = JvmAttach.jcmd(pid, "Thread.print", timeout, mayStartListener);
        List<RemoteThread> out = new ArrayList<>();
        for (ThreadDump.Header h : ThreadDump.parseHeaders(dump)) {
            out.add(new RemoteThread(h.javaId(), h.name(), h.state() == null ? Thread.State.RUNNABLE : h.state(),
                    h.daemon(), h.tid(), h.carriedVirtualId()));
        }
        return out;
    }
}
