package io.lwp4j.it;

import io.lwp4j.JavaThreads;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread-heavy program the container tests run as PID 1 in the lwp4j image (on the CLI jar's class path):
 * {@code N} named platform threads that park for ever, each printing the kernel TID lwp4j gives it
 * ({@code worker lwp4j-worker-3 tid=57}), then {@code lwp4j-workload ready}. Parked threads use no CPU, so
 * {@code ps -eLf} columns stay still between two looks.
 */
public final class Workload {
    public static final String READY = "lwp4j-workload ready";
    public static final String WORKER_PREFIX = "lwp4j-worker-";

    private Workload() {}

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                System.out.println("worker " + Thread.currentThread().getName() + " tid=" + JavaThreads.currentTid());
                started.countDown();
                while (true) {
                    LockSupport.park();
                }
            }, WORKER_PREFIX + i);
            t.setDaemon(true);
            t.start();
        }
        started.await();
        System.out.println("pid=" + ProcessHandle.current().pid() + " tid=" + JavaThreads.currentTid()
                + " availableProcessors=" + Runtime.getRuntime().availableProcessors());
        System.out.println(READY + " threads=" + n);
        System.out.flush();
        while (true) {
            LockSupport.park();
        }
    }
}
