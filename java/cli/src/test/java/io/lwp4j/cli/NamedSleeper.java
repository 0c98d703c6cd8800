package io.lwp4j.cli;

/** A child JVM whose Java thread has the name given as its first argument; prints "ready", waits for stdin. */
public final class NamedSleeper {
    private NamedSleeper() {}

    public static void main(String[] args) throws Exception {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, args[0]);
        t.setDaemon(true);
        t.start();
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close stdin
        }
    }
}
