package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code lwp4j demo futex} and {@code lwp4j demo futex-ipc}, run as a user runs them, checked on their numbers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FutexDemoTest {

    @Test
    void futexDemoShowsNoSyscallUncontendedAndWaitsAndWakesContended() {
        CliTest.Result r = CliTest.run("demo", "futex", "--json", "--rounds", "200000");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("\"uncontended\":{\"futexWait\":0,\"futexWake\":0,"), out);
        assertTrue(out.contains("\"counter\":400000}"), out);
        Matcher m = Pattern.compile("\"contended\":\\{\"futexWait\":(\\d+),\"futexWake\":(\\d+)").matcher(out);
        assertTrue(m.find(), out);
        // The demo holds the lock as the two threads start: at least one sleeps, and the unlock wakes it.
        assertTrue(Long.parseLong(m.group(1)) >= 1 && Long.parseLong(m.group(2)) >= 1, out);

        CliTest.Result text = CliTest.run("demo", "futex", "--rounds", "1000");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("FUTEX_WAIT calls: 0, FUTEX_WAKE calls: 0"), text.out());
        assertTrue(text.out().contains("UID        PID  PPID   LWP"), text.out());
    }

    @Test
    void futexIpcDemoPlaysWithAnotherJvm() {
        CliTest.Result r = CliTest.run("demo", "futex-ipc", "--json", "--rounds", "500");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"rounds\":500,"), r.out());
        assertTrue(r.out().contains("\"futexWake\":500,"), r.out());
        assertTrue(r.out().contains("\"otherExit\":0}"), r.out());
        Matcher m = Pattern.compile("\"otherPid\":(\\d+)").matcher(r.out());
        assertTrue(m.find() && Long.parseLong(m.group(1)) != ProcessHandle.current().pid(), r.out());
    }
}
