package io.lwp4j.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The seeds' image server on a loopback port: each request ({@code "GET <side>\n"}) gets a grey-scale PGM image of
 * a Mandelbrot set, {@code side} pixels square. Served either by one native thread per connection (named
 * {@code conn-N}) or by a fixed pool of native threads ({@code pool-N}) fed by the acceptor.
 */
final class ImageServer implements AutoCloseable {
    private static final Socket POISON = new Socket();

    private final ServerSocket server;
    private final Thread acceptor;
    private final int poolSize;
    private final int delayMillis;
    private final BlockingQueue<Socket> queue = new LinkedBlockingQueue<>();
    private final NativeWorkers<Socket> workers = new NativeWorkers<>(queue, POISON);

    /**
     * {@code poolSize} 0: a thread per connection; else that many pool threads. {@code delayMillis}: a wait per
     * request before the answer, standing for the storage or upstream latency a real image server has.
     */
    ImageServer(int poolSize, int delayMillis) throws IOException {
        this.poolSize = poolSize;
        this.delayMillis = delayMillis;
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        workers.startPool(poolSize, this::serve);
        this.acceptor = new Thread(this::acceptLoop, "acceptor");
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Native threads created so far. */
    int threadsCreated() {
        return workers.created();
    }

    private void acceptLoop() {
        int n = 0;
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setSoTimeout(5_000);
                if (poolSize == 0) {
                    workers.start("conn-" + (++n), () -> serve(s));
                } else {
                    queue.add(s);
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void serve(Socket s) {
        try (Socket socket = s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String line = in.readLine();
            int side = line != null && line.startsWith("GET ") ? Integer.parseInt(line.substring(4).trim()) : 0;
            Thread.sleep(delayMillis);
            OutputStream out = socket.getOutputStream();
            out.write(render(Math.max(1, Math.min(side, 512))));
            out.flush();
        } catch (IOException | NumberFormatException e) {
            // a client gave up or sent garbage: this connection ends, the server goes on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A PGM (P5) image of the Mandelbrot set: real work per request, a few hundred microseconds at 64x64. */
    static byte[] render(int side) {
        byte[] header = ("P5\n" + side + " " + side + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] img = new byte[header.length + side * side];
        System.arraycopy(header, 0, img, 0, header.length);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double cr = -2.0 + 3.0 * x / side;
                double ci = -1.5 + 3.0 * y / side;
                double zr = 0;
                double zi = 0;
                int i = 0;
                while (i < 64 && zr * zr + zi * zi < 4) {
                    double t = zr * zr - zi * zi + cr;
                    zi = 2 * zr * zi + ci;
                    zr = t;
                    i++;
                }
                img[header.length + y * side + x] = (byte) (i * 4);
            }
        }
        return img;
    }

    /** One client request: connect, ask for a {@code side}-pixel image, read it whole. True if it came back whole. */
    static boolean request(int port, int side) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET " + side + "\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            int total = 0;
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                total += n;
            }
            return total == render(side).length;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops accepting, ends the pool, and joins every native thread it made. */
    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join(10_000);
        workers.stopAndJoin(Duration.ofSeconds(10));
    }
}
