package io.lwp4j.internal.jfr;

import io.lwp4j.proc.ThreadSample;
import io.lwp4j.proc.ThreadSampler;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * The periodic hook of {@code lwp4j.ThreadCpu}: one {@link ThreadSampler} of this JVM (with Java attribution), read
 * by JFR's periodic thread only while the event is on. Installed when the flight recorder initialises (a listener
 * costs nothing before), so no JFR machinery starts because of lwp4j.
 */
final class ThreadCpuHook implements Runnable {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    /** Made when the recorder initialises: its first reading is the first period's baseline. */
    private final ThreadSampler sampler = ThreadSampler.builder().javaThreads(true).build();

    /** Adds the periodic event once JFR is initialised (at once when it already is). Idempotent. */
    static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                FlightRecorder.addPeriodicEvent(ThreadCpuEvent.class, new ThreadCpuHook());
            }
        });
    }

    @Override
    public void run() {
        ThreadSampler.Sample s;
        synchronized (this) {
            s = sampler.sample();
        }
        Map<Long, Thread> byId = liveThreadsById();
        double seconds = s.intervalSeconds();
        for (ThreadSample t : s.threads()) {
            ThreadCpuEvent e = new ThreadCpuEvent();
            e.tid = t.tid();
            e.comm = t.task().name();
            if (t.java() != null) {
                e.javaName = t.java().name();
                e.javaThread = t.java().id() >= 0 ? byId.get(t.java().id()) : null;
            }
            e.role = t.role().name();
            e.state = String.valueOf(t.task().state());
            e.cpu = (float) (t.cpu() / 100);
            e.user = (float) (t.user() / 100);
            e.system = (float) (t.sys() / 100);
            e.runDelay = t.runDelayNanos();
            e.delay = Double.isNaN(t.delay()) ? Float.NaN : (float) (t.delay() / 100);
            e.voluntarySwitches = Math.round(t.voluntarySwitchesPerSecond() * seconds);
            e.involuntarySwitches = Math.round(t.involuntarySwitchesPerSecond() * seconds);
            e.interval = s.intervalNanos();
            e.commit();
        }
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+, and core compiles for 17
    private static Map<Long, Thread> liveThreadsById() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n = root.enumerate(all, true);
        Map<Long, Thread> byId = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            byId.put(all[i].getId(), all[i]);
        }
        return byId;
    }
}
