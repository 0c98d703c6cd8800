package io.lwp4j.cli;

import io.lwp4j.JavaThreads;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A child JVM for the record test: a thread "spinner" that spins, one "sleeper" that sleeps; prints their TIDs. */
public final class SpinAndSleep {
    private SpinAndSleep() {}

    public static void main(String[] args) throws Exception {
        AtomicInteger spinTid = new AtomicInteger();
        AtomicInteger sleepTid = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(2);
        long end = System.nanoTime() + 120_000_000_000L; // bounded: the parent ends it sooner by closing stdin
        Thread spinner = new Thread(() -> {
            spinTid.set(JavaThreads.currentTid());
            started.countDown();
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }, "spinner");
        Thread sleeper = new Thread(() -> {
            sleepTid.set(JavaThreads.currentTid());
            started.countDown();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sleeper");
        spinner.setDaemon(true);
        sleeper.setDaemon(true);
        spinner.start();
        sleeper.start();
        started.await();
        System.out.println("ready " + spinTid.get() + " " + sleepTid.get());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close stdin
        }
    }
}
