package io.lwp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The C gettid benchmark and the parsing of bench_kit.h's result lines. */
@Timeout(60)
class NativeBenchTest {

    @Test
    void gettidReportsEveryVariantAndItsBuild() throws Exception {
        NativeBench c = ThreadFarmTest.C;
        List<Figure> f = c.run("bench_gettid", "--rounds", "3", "--warmup", "0", "--ops", "1000");
        assertEquals(List.of("gettid.raw", "gettid.call", "gettid.libc", "gettid.shim", "getcpu.shim"),
                f.stream().map(Figure::name).toList());
        for (Figure x : f) {
            assertEquals("ns/op", x.unit());
            assertEquals(3, x.rounds());
            // A syscall costs at least tens of nanoseconds and far less than a millisecond.
            assertTrue(x.median() > 10 && x.median() < 1e6, x.toString());
        }
        assertTrue(c.env().get("libc").matches("\\d+\\.\\d+.*"), c.env().toString());
    }

    @Test
    void badArgumentsAreRefusedByTheProgram() {
        Exception e = assertThrows(Exception.class, () -> ThreadFarmTest.C.run("bench_gettid", "--rounds", "x"));
        assertTrue(e.getMessage().contains("--rounds needs an integer"), e.getMessage());
    }

    @Test
    void findsToolsOnThePath() {
        assertTrue(PeerTimer.onPath("sh"));
        assertTrue(!PeerTimer.onPath("no-such-tool-lwp4j"));
    }

    @Test
    void parsesFlatJson() {
        assertEquals(Map.of("name", "gettid.raw", "median", "117.25", "rounds", "21", "e", "1e-3"),
                NativeBench.parseFlatJson("{\"name\":\"gettid.raw\",\"median\":117.25,\"rounds\":21,\"e\":1e-3}"));
        assertEquals(Map.of(), NativeBench.parseFlatJson("{}"));
    }

    @Test
    void refusesWhatBenchKitNeverPrints() {
        for (String bad : List.of("", "name 1", "{\"a\":}", "{\"a\":\"x\\\"y\"}", "{\"a\":1 \"b\":2}",
                "{\"a\":true}")) {
            assertThrows(IllegalArgumentException.class, () -> NativeBench.parseFlatJson(bad), bad);
        }
    }
}
