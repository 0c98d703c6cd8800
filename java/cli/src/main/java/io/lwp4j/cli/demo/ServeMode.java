package io.lwp4j.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code lwp4j demo server --serve}: runs {@link StaticImageServer} in the foreground until SIGINT (Ctrl-C) or
 * SIGTERM, then stops it cleanly (connections in flight get a second, every thread is joined) and prints a
 * summary. The JVM answers both signals by running its shutdown hooks and exiting with 128 + the signal (130, 143):
 * the hook added here stops the server and waits (at most 15 seconds) until the serving thread has closed it and
 * printed the summary. No signal handler of the JVM is replaced.
 */
final class ServeMode {
    private ServeMode() {}

    static int run(ServerDemo d, StaticImageServer.Mode mode) throws Exception {
        Path generated = null;
        Path dir = d.dir;
        if (dir == null) {
            if (Files.isDirectory(Paths.get("images"))) {
                dir = Paths.get("images");
            } else {
                generated = generatedImages();
                dir = generated;
            }
        }
        CountDownLatch summarised = new CountDownLatch(1);
        Thread hook = null;
        try (StaticImageServer server = new StaticImageServer(dir, d.bind, d.port, mode, d.pool, d.maxConnections,
                d.out)) {
            hook = new Thread(() -> {
                server.stop();
                try {
                    summarised.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "server-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            int pid = (int) ProcessHandle.current().pid();
            d.out.println("lwp4j image server: http://" + d.bind + ":" + server.port() + "/NAME serves "
                    + server.dir() + "/NAME");
            d.out.println("   mode " + mode.option + (mode == StaticImageServer.Mode.POOL ? " (" + d.pool
                    + " native threads pool-N)" : mode == StaticImageServer.Mode.VIRTUAL
                    ? " (a virtual thread per connection, on the JVM's carriers)"
                    : " (a native thread conn-N per connection)") + ", at most " + d.maxConnections
                    + " connections; pid " + pid + ".");
            d.out.println("   Try: curl -s http://127.0.0.1:" + server.port() + "/" + firstFile(server.dir())
                    + " | wc -c   and watch: ps -Lf -p " + pid + "   (NLWP, conn-N rows) or top -H -p " + pid);
            d.out.println("   Ctrl-C (SIGINT) or kill " + pid + " (SIGTERM) stops it.");
            d.out.flush();
            try {
                server.acceptLoop();
                server.close(Duration.ofSeconds(1));
            } catch (Exception | Error e) {
                // Said here: once the hook below is released, the JVM may halt before the caller prints it.
                d.out.println("lwp4j image server: stopped on an error: " + e);
                d.out.flush();
                throw e;
            }
            d.out.println("lwp4j image server stopped (SIGINT or SIGTERM): " + server.summary());
            d.out.flush();
        } finally {
            if (generated != null) {
                deleteGenerated(generated);
            }
            summarised.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what stopped us: it ends by itself now
                }
            }
        }
        return 0;
    }

    private static void deleteGenerated(Path generated) throws IOException {
        try (var files = Files.list(generated)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(generated);
    }

    private static String firstFile(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().findFirst()
                    .orElse("NAME");
        }
    }

    /** An owner-only temporary directory with a generated Mandelbrot image (PGM, 256x256) to serve. */
    private static Path generatedImages() throws IOException {
        Path dir = Files.createTempDirectory("lwp4j-images-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.write(dir.resolve("mandelbrot.pgm"), ImageServer.render(256));
        return dir;
    }
}
