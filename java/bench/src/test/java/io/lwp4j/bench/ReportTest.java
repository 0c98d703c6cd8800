package io.lwp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Statistics, ratios across units, target verdicts and the runner's argument errors. */
class ReportTest {
    private static Figure fig(String name, String unit, double median) {
        return new Figure(name, unit, median, median, median, median, median, 5, "test", Map.of());
    }

    @Test
    void quantilesAreJmhs() {
        // commons-math "legacy" estimator: position p * (n + 1), linear interpolation.
        Figure f = Figure.of("x", "ns/op", new double[] {5, 1, 4, 2, 3}, "test");
        assertEquals(3, f.median());
        assertEquals(1.5, f.p25());
        assertEquals(4.5, f.p75());
        assertEquals(1, f.min());
        assertEquals(5, f.max());
        assertEquals(50.0, f.spreadPercent(), 1e-9);
    }

    @Test
    void ratiosConvertUnits() {
        assertEquals(1.5, fig("j", "ms/op", 1.5).ratioTo(fig("c", "us/op", 1000)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> fig("x", "ops/s", 1));
    }

    @Test
    void verdicts() {
        Target listing = Target.timesCAndFasterThanPeer(1.3, 3);
        Figure c = fig("c", "ms/op", 100);
        assertEquals("pass", listing.verdict(fig("j", "ms/op", 129), c, fig("ps", "ms/op", 400)));
        assertTrue(listing.verdict(fig("j", "ms/op", 131), c, fig("ps", "ms/op", 400)).contains("1.31× C"));
        assertTrue(listing.verdict(fig("j", "ms/op", 120), c, fig("ps", "ms/op", 300)).contains("only 2.50×"));
        assertTrue(listing.verdict(null, c, null).startsWith("n/a"));
        assertEquals("pass", Target.atMostNanos(5).verdict(fig("j", "ns/op", 4.9), null, null));
        assertTrue(Target.atMostNanos(5).verdict(fig("j", "us/op", 0.0051), null, null).contains("MISS"));
        assertEquals("—", Target.NONE.verdict(fig("j", "ns/op", 1), null, null));
        assertEquals("≤ 1.3× C, ≥ 3× faster than ps", listing.describe("ps"));
    }

    @Test
    void runnerRefusesBadArgumentsBeforeRunningAnything() {
        assertEquals(2, Runner.run("bogus"));
        assertEquals(2, Runner.run("--pin", "x"));
        assertEquals(2, Runner.run("--sizes", "0"));
        assertEquals(2, Runner.run("--out"));
        assertEquals(0, Runner.run("--help"));
    }
}
