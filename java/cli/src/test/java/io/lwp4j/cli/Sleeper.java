package io.lwp4j.cli;

/**
 * A child JVM for the attach tests: a sleeping Java thread named by the first argument (default
 * {@code sleeper-worker}); prints "ready", then waits for its stdin to close.
 */
public final class Sleeper {
    private Sleeper() {}

    public static void main(String[] args) throws Exception {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, args.length > 0 ? args[0] : "sleeper-worker");
        t.setDaemon(true);
        t.start();
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close stdin
        }
    }
}
