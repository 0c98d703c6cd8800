package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pthread demos, run in-process with --json, checked for what they claim. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PthreadDemosTest {

    private static int intField(String json, String name, int occurrence) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
        for (int i = 0; i <= occurrence; i++) {
            assertTrue(m.find(), name + " #" + occurrence + " in " + json);
        }
        return Integer.parseInt(m.group(1));
    }

    @Test
    void pthreadsDemoShowsFiveNamedWorkersThenJoinsThem() {
        CliTest.Result r = CliTest.run("demo", "pthreads", "--json");
        assertEquals(0, r.code(), r.err());
        for (int i = 1; i <= 5; i++) {
            assertTrue(r.out().contains("\"name\":\"worker-" + i + "\",\"tid\":"), r.out());
            assertTrue(r.out().contains("\"comm\":\"worker-" + i + "\""), "the kernel's name: " + r.out());
        }
        assertTrue(r.out().contains("\"joined\":true,\"stillListed\":0"), r.out());
    }

    @Test
    void serverDemoIsBoundedAndNlwpRisesOnlyWithThreadPerConnection() {
        CliTest.Result r = CliTest.run("demo", "server", "--json", "--requests", "60", "--clients", "8",
                "--delay-ms", "20", "--pool", "3");
        assertEquals(0, r.code(), r.err() + r.out());
        assertEquals(60, intField(r.out(), "threadsCreated", 0), "one native thread per connection");
        assertEquals(3, intField(r.out(), "threadsCreated", 1), "the pool");
        assertEquals(60, intField(r.out(), "ok", 0));
        assertEquals(60, intField(r.out(), "ok", 1));
        assertTrue(intField(r.out(), "peakNlwp", 0) >= intField(r.out(), "baselineNlwp", 0) + 4,
                "8 clients waiting 20 ms each keep several connection threads alive at once: " + r.out());
    }

    @Test
    void syncDemoKeepsEveryInvariant() {
        CliTest.Result r = CliTest.run("demo", "sync", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, intField(r.out(), "mostInside", 0));
        assertEquals(20, intField(r.out(), "consumed", 0));
        assertEquals(0, intField(r.out(), "violations", 0));
        assertTrue(r.out().endsWith("\"ok\":true}\n"), r.out());
    }
}
