package io.lwp4j.jfr;

import io.lwp4j.internal.jfr.Events;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import jdk.jfr.Configuration;

/**
 * lwp4j's JDK Flight Recorder events, all in category {@code lwp4j}, all off unless a settings file turns them on,
 * stack traces off unless asked:
 * <table>
 *   <caption>Events</caption>
 *   <tr><th>name</th><th>when</th><th>fields</th></tr>
 *   <tr><td>{@value #RAW_TASK_SPAWN}</td><td>a {@link io.lwp4j.task.RawTask} was made</td>
 *       <td>tid, flags, threadLike, cloneMethod, stackSize</td></tr>
 *   <tr><td>{@value #RAW_TASK_EXIT}</td><td>it ended and was joined or reaped</td>
 *       <td>tid, exitCode, threadLike, lifetime</td></tr>
 *   <tr><td>{@value #NATIVE_THREAD_START}</td><td>a {@link io.lwp4j.pthread.NativeThread}'s code starts (on
 *       that thread)</td><td>tid, name, detached, and each attribute asked and got: stack and guard size, policy,
 *       priority, CPUs</td></tr>
 *   <tr><td>{@value #NATIVE_THREAD_END}</td><td>its code returned (on that thread)</td>
 *       <td>tid, name, lifetime</td></tr>
 *   <tr><td>{@value #FUTEX_WAIT}</td><td>a wait of lwp4j's wait engine (a {@link io.lwp4j.futex.Futex} word and
 *       the primitives on it, a pthread object, a join) lasted the threshold or longer (20 ms in
 *       {@code lwp4j.jfc})</td><td>address, scope, words, waiter, outcome, duration</td></tr>
 *   <tr><td>{@value #THREAD_CPU}</td><td>periodic (10 s in {@code lwp4j.jfc}), one per task of this JVM,
 *       JVM-internal tasks included</td><td>tid, comm, javaThread, user and system CPU, run-queue delay,
 *       context switches, over the period</td></tr>
 * </table>
 *
 * <p>Record them beside the JDK's events:
 * {@snippet lang=shell :
 * java -XX:StartFlightRecording:settings=default,settings=lwp4j.jfc,filename=app.jfr -jar app.jar
 * jfr print --events 'lwp4j.*' app.jfr
 * }
 * or in-process:
 * {@snippet :
 * try (Recording r = new Recording(Lwp4jJfr.configuration())) {
 *     r.start();
 *     // ...
 *     r.dump(Path.of("app.jfr"));
 * }
 * }
 *
 * <p>Cost: a disabled event costs a static load and a branch where it would be emitted, and allocates nothing
 * (java/bench's {@code JfrOverheadBenchmark} measures it).
 */
public final class Lwp4jJfr {
    private Lwp4jJfr() {}

    /** A raw clone() task was made. */
    public static final String RAW_TASK_SPAWN = Events.RAW_TASK_SPAWN;
    /** A raw task ended and was joined or reaped. */
    public static final String RAW_TASK_EXIT = Events.RAW_TASK_EXIT;
    /** A pthread_create'd native thread starts its Java code. */
    public static final String NATIVE_THREAD_START = Events.NATIVE_THREAD_START;
    /** A native thread's Java code returned. */
    public static final String NATIVE_THREAD_END = Events.NATIVE_THREAD_END;
    /** A wait of lwp4j's wait engine of at least the threshold. */
    public static final String FUTEX_WAIT = Events.FUTEX_WAIT;
    /** Per-task CPU, run-queue delay and context switches, periodically. */
    public static final String THREAD_CPU = Events.THREAD_CPU;

    /** The settings file's resource in lwp4j-core's jar. */
    public static final String SETTINGS_RESOURCE = "/io/lwp4j/jfr/lwp4j.jfc";

    /**
     * Makes {@value #THREAD_CPU} available to recordings (its periodic hook joins the flight recorder when that
     * initialises; nothing of JFR starts because of it). lwp4j does this itself when its native library loads;
     * call it when you use only {@code /proc} readers. Idempotent.
     */
    public static void register() {
        Events.registerPeriodic();
    }

    /** {@code lwp4j.jfc} as a JFR configuration: every lwp4j event on, as the file says. */
    public static Configuration configuration() {
        try (Reader r = new InputStreamReader(settings(), StandardCharsets.UTF_8)) {
            return Configuration.create(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException(SETTINGS_RESOURCE + " does not parse", e);
        }
    }

    /** Writes {@code lwp4j.jfc} to {@code file} (for {@code -XX:StartFlightRecording:settings=FILE}). */
    public static void writeSettings(Path file) throws IOException {
        try (InputStream in = settings()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static InputStream settings() {
        InputStream in = Lwp4jJfr.class.getResourceAsStream(SETTINGS_RESOURCE);
        if (in == null) {
            throw new IllegalStateException(SETTINGS_RESOURCE + " is missing from lwp4j-core's jar");
        }
        return in;
    }
}
