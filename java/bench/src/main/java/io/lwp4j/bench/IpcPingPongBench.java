package io.lwp4j.bench;

import io.lwp4j.futex.Futex;
import io.lwp4j.memory.SharedMemory;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A round trip between two JVMs: through a shared {@link Futex} in a {@link SharedMemory} both open by name, or
 * through a pipe (the child's stdin and stdout, one byte each way). The echo JVM is {@link IpcEcho}. Compare with
 * {@code native/bench/bench_futex_pingpong processes} and {@code … pipe} (two C processes).
 */
public class IpcPingPongBench extends JmhBenchmark {

    private SharedMemory shm;
    private Futex<Futex.Shared> turn;
    private Process futexEcho;
    private Process pipeEcho;
    private OutputStream toPipe;
    private InputStream fromPipe;

    @Setup
    public void start() throws Exception {
        String name = "lwp4j-bench-ipc-" + ProcessHandle.current().pid();
        shm = SharedMemory.create(name, 4096);
        turn = Futex.sharedOn(shm, 0);
        futexEcho = echo("futex", name);
        pipeEcho = echo("pipe", name);
        toPipe = pipeEcho.getOutputStream();
        fromPipe = pipeEcho.getInputStream();
        futex(); // both children are up once each answered
        pipe();
    }

    private static Process echo(String mode, String name) throws Exception {
        return PeerJvm.start(IpcEcho.class, List.of(PeerJvm.NATIVE_ACCESS), mode, name);
    }

    /** One shared-futex round trip with the other JVM. */
    @Benchmark
    public void futex() {
        PingPong.roundTrip(turn);
    }

    /** One byte to the other JVM through a pipe and one back. */
    @Benchmark
    public int pipe() throws Exception {
        toPipe.write(1);
        toPipe.flush();
        return fromPipe.read();
    }

    @TearDown
    public void stop() throws Exception {
        PingPong.stop(turn);
        toPipe.close();
        futexEcho.waitFor(10, TimeUnit.SECONDS);
        pipeEcho.waitFor(10, TimeUnit.SECONDS);
        futexEcho.destroyForcibly();
        pipeEcho.destroyForcibly();
        shm.unlink();
        shm.close();
    }
}
