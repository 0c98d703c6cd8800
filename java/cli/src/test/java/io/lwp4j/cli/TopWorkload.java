package io.lwp4j.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM with known work for {@code lwp4j top}'s accuracy tests. {@code mixed}: a thread spinning
 * ({@code busy-spinner}), one busy half of every 100 ms ({@code half-duty}), three idle ({@code idle-0..2}).
 * {@code starved}: two spinners ({@code spinner-a}, {@code spinner-b}), for a parent that pins the JVM to one CPU.
 * Prints {@code ready}, then every 50 ms a line {@code cpu <System.nanoTime()> <name>=<thread CPU ns> …} (the
 * truth the figures are held against: the JVM's own account of each thread's CPU time), until stdin closes.
 */
public final class TopWorkload {
    private TopWorkload() {}

    static volatile long sink;

    static void spinHere() {
        long x = 0;
        while (true) {
            x = x * 31 + 7;
            if (x == 42) {
                sink = x;
            }
        }
    }

    static void halfDuty() {
        try {
            while (true) {
                long end = System.nanoTime() + 50_000_000L;
                long x = 0;
                while (System.nanoTime() < end) {
                    x++;
                }
                sink = x;
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void idle() {
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws Exception {
        List<Thread> threads = new ArrayList<>();
        if (args.length > 0 && args[0].equals("starved")) {
            threads.add(new Thread(TopWorkload::spinHere, "spinner-a"));
            threads.add(new Thread(TopWorkload::spinHere, "spinner-b"));
        } else {
            threads.add(new Thread(TopWorkload::spinHere, "busy-spinner"));
            threads.add(new Thread(TopWorkload::halfDuty, "half-duty"));
            for (int i = 0; i < 3; i++) {
                threads.add(new Thread(TopWorkload::idle, "idle-" + i));
            }
            // A name with a terminal escape in it: top must print it escaped.
            threads.add(new Thread(TopWorkload::idle, "evil\u001b[31mred"));
        }
        for (Thread t : threads) {
            t.setDaemon(true);
            t.start();
        }
        Thread reporter = new Thread(() -> {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            try {
                while (true) {
                    StringBuilder b = new StringBuilder("cpu ").append(System.nanoTime());
                    for (Thread t : threads) {
                        b.append(' ').append(t.getName().replaceAll("[^a-z0-9-]", "_")).append('=')
                                .append(mx.getThreadCpuTime(t.getId()));
                    }
                    System.out.println(b);
                    System.out.flush();
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "reporter");
        reporter.setDaemon(true);
        System.out.println("ready");
        System.out.flush();
        reporter.start();
        while (System.in.read() >= 0) {
            // until the parent closes stdin
        }
    }
}
