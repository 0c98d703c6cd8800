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
        Figure negative = Figure.of("x", "KiB/task", new double[] {-5, -1, -4, -2, -3}, "test");
        assertEquals(50.0, negative.spreadPercent(), 1e-9);
    }

    @Test
    void ratiosConvertUnits() {
        assertEquals(1.5, fig("j", "ms/op", 1.5).ratioTo(fig("c", "us/op", 1000)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> fig("x", "ops/s", 1));
        assertEquals(2.0, fig("m", "KiB/task", 2).ratioTo(fig("c", "B/task", 1024)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> fig("m", "KiB/task", 2).ratioTo(fig("t", "us/op", 1)));
        assertThrows(IllegalArgumentException.class, () -> fig("n", "tasks", 2).medianIn("KiB/task"));
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
        assertEquals("≤ 5 ns", Target.atMostNanos(5).describe("peer"));

        Target memory = Target.atMost(32, "KiB/task");
        assertEquals("≤ 32 KiB/task", memory.describe("peer"));
        assertEquals("pass", memory.verdict(fig("m", "KiB/task", 31.9), null, null));
        assertEquals("**MISS** (33.0 KiB/task > 32 KiB/task)", memory.verdict(fig("m", "B/task", 33 * 1024), null,
                null));
        Target alive = Target.atLeast(20000, "tasks");
        assertEquals("≥ 20000 tasks", alive.describe("peer"));
        assertEquals("pass", alive.verdict(fig("a", "tasks", 20000), null, null));
        assertTrue(alive.verdict(fig("a", "tasks", 19999), null, null).contains("19999 tasks < 20000 tasks"));
    }

    @Test
    void runnerRefusesBadArgumentsBeforeRunningAnything() {
        assertEquals(2, Runner.run("bogus"));
        assertEquals(2, Runner.run("tasks", "--bogus"));
        assertEquals(2, Runner.run("--pin", "x"));
        assertEquals(2, Runner.run("--sizes", "0"));
        assertEquals(2, Runner.run("--out"));
        assertEquals(0, Runner.run("--help"));
    }
}
