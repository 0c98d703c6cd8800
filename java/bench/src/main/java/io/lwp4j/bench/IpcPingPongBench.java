package io.lwp4j.bench;

import io.lwp4j.futex.Futex;
import io.lwp4j.memory.SharedMemory;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A round trip between two JVMs: through a shared {@link Futex} in a {@link SharedMemory} both open by name, or
 * through a pipe (the child's stdin and stdout, one byte each way). The echo JVM is {@link IpcEcho}. Compare with
 * {@code native/bench/bench_futex_pingpong processes} and {@code … pipe} (two C processes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class IpcPingPongBench {

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
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(IpcEcho.class.getName());
        cmd.add(mode);
        cmd.add(name);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** One shared-futex round trip with the other JVM. */
    @Benchmark
    public void futex() {
        shm.setIntRelease(0, 1);
        turn.wake(1);
        int t;
        while ((t = turn.value()) != 0) {
            turn.await(t);
        }
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
        shm.setIntRelease(0, 2); // 2: stop
        turn.wakeAll();
        toPipe.close();
        futexEcho.waitFor(10, TimeUnit.SECONDS);
        pipeEcho.waitFor(10, TimeUnit.SECONDS);
        futexEcho.destroyForcibly();
        pipeEcho.destroyForcibly();
        shm.unlink();
        shm.close();
    }
}
