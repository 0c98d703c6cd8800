package io.lwp4j.bench;

import io.lwp4j.futex.Futex;
import io.lwp4j.memory.NativeMemory;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A round trip between two Java threads: the benchmark thread hands the turn over and sleeps until an echo thread
 * hands it back — through a private {@link Futex} word (lwp4j) or through a volatile field with
 * {@link LockSupport#park()}/{@link LockSupport#unpark} (the JDK's own). Run it pinned to one CPU
 * ({@code taskset -c 1 java …}), where every hand-over is a sleep, a wake and a context switch; compare with
 * {@code native/bench/bench_futex_pingpong threads} under the same {@code taskset}.
 */
public class FutexPingPongBench extends JmhBenchmark {

    private NativeMemory memory;
    private Futex<Futex.Private> turn;
    private volatile int parkTurn;
    private volatile boolean stop;
    private Thread futexEcho;
    private Thread parkEcho;
    private volatile Thread benchThread;

    @Setup
    public void start() {
        memory = NativeMemory.create(4096);
        turn = Futex.privateOn(memory, 0);
        futexEcho = new Thread(() -> PingPong.echo(turn), "futex-echo");
        parkEcho = new Thread(this::parkEchoLoop, "park-echo");
        futexEcho.setDaemon(true);
        parkEcho.setDaemon(true);
        futexEcho.start();
        parkEcho.start();
    }

    private void parkEchoLoop() {
        while (!stop) {
            if (parkTurn != 1) {
                LockSupport.park(this);
                continue;
            }
            parkTurn = 0;
            LockSupport.unpark(benchThread);
        }
    }

    /** One futex round trip: FUTEX_WAKE the echo, FUTEX_WAIT for its answer. */
    @Benchmark
    public void futex() {
        PingPong.roundTrip(turn);
    }

    /** One park/unpark round trip: unpark the echo, park until it answers. */
    @Benchmark
    public void parkUnpark() {
        benchThread = Thread.currentThread();
        parkTurn = 1;
        LockSupport.unpark(parkEcho);
        while (parkTurn != 0) {
            LockSupport.park(this);
        }
    }

    @TearDown
    public void stop() throws InterruptedException {
        stop = true;
        PingPong.stop(turn);
        LockSupport.unpark(parkEcho);
        futexEcho.join(5_000);
        parkEcho.join(5_000);
        memory.close();
    }
}
