package io.lwp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/** The runner's registry of groups against the benchmarks JMH generated from this module's classes. */
@Timeout(60)
class GroupsTest {

    /** JMH classes no group runs: run by hand (see their javadoc). */
    private static final Set<Class<?>> BY_HAND = Set.of(JfrOverheadBenchmark.class);

    static List<BenchmarkListEntry> jmhList() throws IOException {
        try (InputStream in = GroupsTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertTrue(in != null, "no " + BenchmarkList.BENCHMARK_LIST + ": did JMH's annotation processor run?");
            return BenchmarkList.readBenchmarkList(in);
        }
    }

    /** The methods JMH generated for {@code cls}, by simple name. */
    static Set<String> methods(List<BenchmarkListEntry> list, Class<?> cls) {
        return list.stream().filter(e -> e.getUserClassQName().equals(cls.getName()))
                .map(e -> e.getUsername().substring(e.getUsername().lastIndexOf('.') + 1)).collect(Collectors.toSet());
    }

    @Test
    void everyGroupHasAUniqueNameAndIsInTheHelp() {
        Set<String> names = new HashSet<>();
        String usage = Runner.usage();
        for (Group g : Runner.GROUPS) {
            assertTrue(names.add(g.name()), "two groups named " + g.name());
            assertFalse(g.help().isEmpty(), g.name());
            assertTrue(usage.contains(g.name() + " ".repeat(10 - g.name().length()) + g.help().get(0)), usage);
            g.help().forEach(line -> assertTrue(usage.contains(line), line));
            assertEquals(g, Runner.group(g.name()));
        }
        assertEquals(2, Runner.run("nosuchgroup"));
    }

    @Test
    void everyGroupsBenchmarksAreInJmhsListAndEveryListedClassIsRun() throws IOException {
        List<BenchmarkListEntry> list = jmhList();
        Set<Class<?>> run = new HashSet<>(BY_HAND);
        for (Group g : Runner.GROUPS) {
            for (Class<?> cls : g.benchmarks()) {
                assertFalse(methods(list, cls).isEmpty(), g.name() + ": JMH has no benchmark in " + cls);
                run.add(cls);
            }
        }
        Set<String> listed = list.stream().map(BenchmarkListEntry::getUserClassQName).collect(Collectors.toSet());
        Set<String> runNames = run.stream().map(Class::getName).collect(Collectors.toSet());
        assertEquals(listed, runNames, "a JMH class no group runs (or a group's class JMH does not know)");
    }

    /**
     * The settings the benchmark classes share ({@link JmhBenchmark}, {@link FarmBenchmark}) reach every benchmark JMH generated: average
     * time, one fork with native access, 3 warm-up and at least 5 measured iterations; the unit is the class's.
     */
    @Test
    void everyBenchmarkHasTheSharedSettings() throws IOException {
        for (BenchmarkListEntry e : jmhList()) {
            String b = e.getUsername();
            assertEquals(Mode.AverageTime, e.getMode(), b);
            assertEquals(1, e.getForks().get(), b);
            assertTrue(e.getJvmArgsAppend().get().contains("--enable-native-access=ALL-UNNAMED"), b);
            assertEquals(3, e.getWarmupIterations().get(), b);
            assertEquals(5, e.getMeasurementIterations().get(), b);
            assertTrue(e.getTimeUnit().hasValue(), b);
        }
    }
}
