package io.lwp4j.bench;

import java.util.List;

/**
 * One group of the side-by-side runner ({@link Runner}): a name on its command line, the lines {@code --help} shows
 * for it, the JMH benchmark classes it runs, and its steps. A group runs each step through
 * {@link BenchRun#attempt}, so one that fails is reported and the others still run; it writes its rows, notes and
 * figures into the run's {@link BenchRun#report()}. Groups keep no state between runs: everything a run needs is in
 * its {@link BenchRun}.
 *
 * <p>A new group is one class implementing this, added to {@link Runner#GROUPS}.
 */
interface Group {

    /** The name on the command line ({@code tid}, {@code futex}, …). */
    String name();

    /** What {@code --help} says about the group: one or more lines, without indentation. */
    List<String> help();

    /** The JMH benchmark classes the group runs (empty when it runs none). */
    List<Class<?>> benchmarks();

    /** Runs the group's steps. */
    void run(BenchRun run);
}
