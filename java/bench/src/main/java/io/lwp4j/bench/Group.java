package io.lwp4j.bench;

import java.util.List;

/**
 * One group of the side-by-side runner ({@link Runner}): a name on its command line, the lines {@code --help} shows
 * for it, the JMH benchmark classes it runs, and its steps ({@link #run}). A group runs each step through
 * {@link BenchRun#attempt}, so one that fails is reported and the others still run; it writes its rows, notes and
 * figures into the run's {@link BenchRun#report()}. Groups keep no state between runs: everything a run needs is in
 * its {@link BenchRun}.
 *
 * <p>A new group is one subclass (a constructor naming it, and {@link #run}), added to {@link Runner#GROUPS}.
 */
abstract class Group {
    private final String name;
    private final List<Class<?>> benchmarks;
    private final List<String> help;

    /**
     * @param name       the name on the command line ({@code tid}, {@code futex}, …)
     * @param benchmarks the JMH benchmark classes the group runs (none when it runs none)
     * @param help       what {@code --help} says about the group: one or more lines, without indentation
     */
    Group(String name, List<Class<?>> benchmarks, String... help) {
        if (help.length == 0) {
            throw new IllegalArgumentException("group " + name + " needs a help line");
        }
        this.name = name;
        this.benchmarks = List.copyOf(benchmarks);
        this.help = List.of(help);
    }

    /** The name on the command line. */
    final String name() {
        return name;
    }

    /** What {@code --help} says about the group, one line each. */
    final List<String> help() {
        return help;
    }

    /** The JMH benchmark classes the group runs. */
    final List<Class<?>> benchmarks() {
        return benchmarks;
    }

    /** Runs the group's steps. */
    abstract void run(BenchRun run);
}
