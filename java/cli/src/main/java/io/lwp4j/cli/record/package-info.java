/**
 * {@code lwp4j record} (ARCHITECTURE.md §11): successive samples of a process's tasks from {@code /proc}
 * ({@code Recorder}) turned into a per-thread timeline of running, runnable, sleeping and D-state slices
 * ({@code Timeline}), written as a Chrome/Perfetto trace ({@code TraceJson}) and, with {@code --html}, a
 * self-contained page that draws it ({@code TimelineHtml}).
 */
package io.lwp4j.cli.record;
