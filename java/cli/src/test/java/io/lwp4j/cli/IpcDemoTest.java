package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code lwp4j demo ipc --json}: the contract's names and fields, and every mechanism verified (no loss). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IpcDemoTest {

    private static final String NUMBER = "(-?[0-9.]+)";

    @Test
    void jsonKeepsTheContractAndNothingIsLost() {
        CliTest.Result r = CliTest.run("demo", "ipc", "--json", "--round-trips", "200", "--messages", "20000",
                "--stream-millis", "300", "--idle-seconds", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        String out = r.out().trim();
        assertTrue(out.startsWith("{\"demo\":\"ipc\",\"mechanisms\":["), out);
        Pattern row = Pattern.compile("\\{\"name\":\"([a-z-]+)\",\"roundTripNanos\":" + NUMBER
                + ",\"p99RoundTripNanos\":" + NUMBER + ",\"messagesPerSecond\":" + NUMBER + ",\"lost\":(\\d+),"
                + "\"reordered\":(\\d+),\"idleCpuPercent\":" + NUMBER + "\\}");
        Matcher m = row.matcher(out);
        List<String> measured = new ArrayList<>();
        while (m.find()) {
            measured.add(m.group(1));
            double median = Double.parseDouble(m.group(2));
            double p99 = Double.parseDouble(m.group(3));
            assertTrue(median > 0 && p99 >= median, m.group());
            assertTrue(Double.parseDouble(m.group(4)) > 0, m.group());
            assertEquals("0", m.group(5), "lost: " + m.group());
            assertEquals("0", m.group(6), "reordered: " + m.group());
            double idle = Double.parseDouble(m.group(7));
            assertTrue(idle >= 0 && idle < 50, "an idle receiver sleeps: " + m.group());
        }
        assertEquals(List.of("pipe", "fifo", "unix-socket", "tcp-loopback", "futex-channel", "signal"), measured,
                out);
        assertTrue(out.contains("{\"name\":\"mqueue\",\"roundTripNanos\":null,\"p99RoundTripNanos\":null,"
                + "\"messagesPerSecond\":null,\"lost\":0,\"reordered\":0,\"idleCpuPercent\":null,\"skipped\":\"skipped:"),
                out);
    }

    @Test
    void helpSaysItIsBounded() {
        CliTest.Result r = CliTest.run("demo", "ipc", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Bounded in time"), r.out());
        assertTrue(r.out().contains("--idle-seconds"), r.out());
    }
}
