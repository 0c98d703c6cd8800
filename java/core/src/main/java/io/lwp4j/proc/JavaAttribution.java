package io.lwp4j.proc;

import io.lwp4j.JvmAttach;
import io.lwp4j.Lwp4jException;
import io.lwp4j.internal.attach.ThreadDump;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins a sample's tasks with the Java threads of the JVMs among its processes: one thread dump per JVM (this one
 * through its own diagnostic command, another through {@link JvmAttach}: its attach socket, with a deadline and a
 * size bound), read for the TID, Java name, id, state, the virtual thread a carrier carries, and the frames of the
 * busiest. Used by one {@link ThreadSampler} under its lock.
 */
final class JavaAttribution {
    private final long selfPid;
    private final boolean named;
    private final Duration timeout;
    /** Per TID: the virtual thread it carried at the previous sample and since when (System.nanoTime). */
    private final Map<Integer, long[]> carrying = new HashMap<>();

    /**
     * @param named whether the user named the processes: then a JVM whose attach listener is not running yet may be
     *     started by the JDK's handshake (only when {@link JvmAttach#sigquitIsSafe} says so); else only JVMs showing
     *     an attach socket are asked, and nothing is signalled
     */
    JavaAttribution(long selfPid, boolean named, Duration timeout) {
        this.selfPid = selfPid;
        this.named = named;
        this.timeout = timeout;
    }

    /** The sorted samples with their Java side; {@code procs} gets its java/javaProblem fields set in place. */
    List<ThreadSample> join(List<ThreadSample> sorted, List<ProcessSample> procs, int stackThreads, int depth,
            long now) {
        Map<Integer, Map<Integer, ThreadDump.DumpThread>> dumps = new HashMap<>();
        for (int i = 0; i < procs.size(); i++) {
            ProcessSample p = procs.get(i);
            if (p.exited()) {
                continue;
            }
            String problem = null;
            try {
                String text = p.pid() == selfPid ? ThreadDump.threadPrint()
                        : JvmAttach.jcmd(p.pid(), "Thread.print", timeout, named);
                Map<Integer, ThreadDump.DumpThread> byTid = new HashMap<>();
                for (ThreadDump.DumpThread t : ThreadDump.parseThreads(text, stackThreads > 0 ? depth : 0)) {
                    byTid.put(t.tid(), t);
                }
                dumps.put(p.pid(), byTid);
            } catch (JvmAttach.NotAttachableException e) {
                if (!named) {
                    continue; // not a JVM with an attach listener: a process like any other, not a problem
                }
                problem = e.getMessage();
            } catch (Lwp4jException e) {
                problem = e.getMessage(); // it did not answer in time, or refused
            }
            procs.set(i, new ProcessSample(p.pid(), p.name(), p.threads(), p.threadsByState(), p.started(),
                    p.ended(), p.cpu(), p.user(), p.sys(), p.delay(), p.exited(), problem == null, problem));
        }
        List<ThreadSample> out = new ArrayList<>(sorted.size());
        Map<Integer, long[]> stillCarrying = new HashMap<>();
        int stacksLeft = stackThreads;
        for (ThreadSample s : sorted) {
            Map<Integer, ThreadDump.DumpThread> dump = dumps.get(s.pid());
            if (dump == null) {
                out.add(s);
                continue;
            }
            ThreadDump.DumpThread d = dump.get(s.nsTid());
            if (d == null) {
                out.add(s.with(ThreadSample.Role.NATIVE, null));
                continue;
            }
            double carriedFor = 0;
            if (d.carriedVirtualId() >= 0) {
                long[] before = carrying.get(s.tid());
                long since = before != null && before[0] == d.carriedVirtualId() ? before[1] : now;
                stillCarrying.put(s.tid(), new long[] {d.carriedVirtualId(), since});
                carriedFor = (now - since) / 1e9;
            }
            ThreadSample.Role role = roleOf(d);
            List<String> stack = List.of();
            if (stacksLeft > 0 && role == ThreadSample.Role.JAVA) { // a compiler thread has no Java frames
                stack = d.frames();
                stacksLeft--;
            }
            out.add(s.with(role, new ThreadSample.Java(d.javaId(), d.name(), d.state(), d.daemon(),
                    d.carriedVirtualId(), carriedFor, stack)));
        }
        carrying.clear();
        carrying.putAll(stillCarrying);
        return out;
    }

    /** The role the JVM's name for a thread tells (HotSpot's names; other JVMs fall back to JAVA or JVM_OTHER). */
    static ThreadSample.Role roleOf(ThreadDump.DumpThread d) {
        String n = d.name();
        if (n.contains("CompilerThread") || n.startsWith("JVMCI")) {
            return ThreadSample.Role.JIT;
        }
        if (d.javaId() >= 0) {
            return ThreadSample.Role.JAVA;
        }
        if (n.startsWith("GC Thread") || n.startsWith("G1 ") || n.startsWith("Shenandoah")
                || n.startsWith("Parallel GC") || n.startsWith("ZDirector") || n.startsWith("ZDriver")
                || n.startsWith("ZWorker") || n.startsWith("ZStat") || n.startsWith("ZUnmapper")
                || n.startsWith("ZUncommitter") || n.startsWith("ZRuntimeWorker") || n.startsWith("Conc")) {
            return ThreadSample.Role.GC;
        }
        if (n.equals("VM Thread") || n.startsWith("VM Periodic Task")) {
            return ThreadSample.Role.VM;
        }
        return ThreadSample.Role.JVM_OTHER;
    }
}
