package io.lwp4j.internal;

import com.sun.tools.attach.VirtualMachine;
import io.lwp4j.Lwp4jException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Another JVM's threads through the JDK's attach API: attach, start its local JMX agent (a Unix-socket-local
 * connector; nothing listens on the network), read its {@code ThreadMXBean} and its thread dump, detach.
 *
 * <p>Attach works only for a JVM of the same effective user (or as root), started without
 * {@code -XX:+DisableAttachMechanism}; failures say so.
 */
public final class RemoteJvm {
    private RemoteJvm() {}

    /** A Java thread of the other JVM: id, name, state, daemon; and the TID its thread dump gives. */
    public record RemoteThread(long id, String name, Thread.State state, boolean daemon, int tid,
            long carriedVirtualId) {}

    /**
     * Every platform thread of JVM {@code pid} that its thread dump shows with a TID. The dump is taken through the
     * attach mechanism itself ({@code jcmd <pid> Thread.print}: a Unix socket, no network, no agent left behind in
     * the target) when this runtime lets lwp4j reach {@code HotSpotVirtualMachine.executeJCmd} — the {@code lwp4j}
     * jar exports it with {@code Add-Exports: jdk.attach/sun.tools.attach}, an application can pass
     * {@code --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED}. Otherwise lwp4j falls back to the target's
     * local JMX agent (which starts RMI threads there and needs its loopback: not across a container boundary).
     */
    public static List<RemoteThread> threads(long pid) {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (Exception | LinkageError e) {
            throw new Lwp4jException("cannot attach to JVM " + pid + " (" + e.getMessage() + "): is it a JVM of "
                    + "this user (or are you root), started without -XX:+DisableAttachMechanism?", e);
        }
        try {
            String dump = jcmdThreadPrint(vm);
            if (dump != null) {
                List<RemoteThread> out = new ArrayList<>();
                for (ThreadDump.Header h : ThreadDump.parseHeaders(dump)) {
                    out.add(new RemoteThread(h.javaId(), h.name(),
                            h.state() == null ? Thread.State.RUNNABLE : h.state(), h.daemon(), h.tid(),
                            h.carriedVirtualId()));
                }
                return out;
            }
            return viaJmx(vm);
        } catch (Lwp4jException e) {
            throw e;
        } catch (Exception e) {
            throw new Lwp4jException("cannot read the threads of JVM " + pid + ": " + e, e);
        } finally {
            try {
                vm.detach();
            } catch (Exception ignored) {
                // the connection is gone either way
            }
        }
    }

    /**
     * The text of {@code jcmd <pid> Thread.print} of JVM {@code pid}, over the attach socket only (no JMX fallback:
     * nothing is started in the target). The caller must know {@code pid} to be a JVM: attaching to a process
     * signals it.
     *
     * @throws Lwp4jException when it cannot attach, or this runtime does not let lwp4j reach {@code executeJCmd}
     */
    public static String threadPrint(long pid) {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (Exception | LinkageError e) {
            throw new Lwp4jException("cannot attach to JVM " + pid + " (" + e.getMessage() + "): is it a JVM of "
                    + "this user (or are you root), started without -XX:+DisableAttachMechanism?", e);
        }
        try {
            String dump = jcmdThreadPrint(vm);
            if (dump == null) {
                throw new Lwp4jException("cannot take the thread dump of JVM " + pid + ": this runtime does not "
                        + "export jdk.attach/sun.tools.attach to lwp4j (run with --add-exports "
                        + "jdk.attach/sun.tools.attach=ALL-UNNAMED)");
            }
            return dump;
        } catch (Lwp4jException e) {
            throw e;
        } catch (Exception e) {
            throw new Lwp4jException("cannot read the thread dump of JVM " + pid + ": " + e, e);
        } finally {
            try {
                vm.detach();
            } catch (Exception ignored) {
                // the connection is gone either way
            }
        }
    }

    /**
     * {@code Thread.print} over the attach socket, or null when {@code executeJCmd} is not accessible here or never
     * gives a whole dump. The attach stream sometimes ends early (seen on Java 25: the output cut at 8 KiB), so a
     * dump counts only when it has the trailer HotSpot prints last, "JNI global refs"; up to five tries.
     */
    private static String jcmdThreadPrint(VirtualMachine vm) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            String dump = jcmdThreadPrintOnce(vm);
            if (dump == null || dump.contains("\nJNI global refs")) {
                return dump;
            }
        }
        return null;
    }

    private static String jcmdThreadPrintOnce(VirtualMachine vm) throws Exception {
        java.lang.reflect.Method m;
        try {
            m = Class.forName("sun.tools.attach.HotSpotVirtualMachine").getMethod("executeJCmd", String.class);
        } catch (ReflectiveOperationException e) {
            return null;
        }
        if (!m.canAccess(vm)) {
            return null; // jdk.attach does not export sun.tools.attach to us
        }
        try (java.io.InputStream in = (java.io.InputStream) m.invoke(vm, "Thread.print")) {
            // Not readAllBytes(): JDK 25's attach stream answers reads at a non-zero offset wrongly, so that call
            // ends after 4 KiB (a Java 17 target's dump came back cut there every time). Reads into offset 0 of
            // a buffer of our own return the whole dump.
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream(16384);
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf, 0, buf.length)) != -1; ) {
                text.write(buf, 0, n);
            }
            return text.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static List<RemoteThread> viaJmx(VirtualMachine vm) throws Exception {
        String address = vm.startLocalManagementAgent();
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = c.getMBeanServerConnection();
            ThreadMXBean mx = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME,
                    ThreadMXBean.class);
            ThreadInfo[] infos = mx.dumpAllThreads(false, false);
            Map<Long, String> names = new HashMap<>();
            for (ThreadInfo i : infos) {
                names.put(i.getThreadId(), i.getThreadName());
            }
            Map<Long, ThreadDump.Entry> entries = ThreadDump.parse(ThreadDump.threadPrint(server), names);
            List<RemoteThread> out = new ArrayList<>();
            for (ThreadInfo i : infos) {
                ThreadDump.Entry e = entries.get(i.getThreadId());
                if (e != null) {
                    out.add(new RemoteThread(i.getThreadId(), i.getThreadName(), i.getThreadState(), i.isDaemon(),
                            e.tid(), e.carriedVirtualId()));
                }
            }
            return out;
        }
    }
}
