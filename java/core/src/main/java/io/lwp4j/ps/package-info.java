/**
 * {@code ps} without {@code ps} (ARCHITECTURE.md §4): {@link io.lwp4j.ps.PsFormat} renders the
 * {@link io.lwp4j.proc.TaskInfo}s that {@link io.lwp4j.proc} reads as procps-ng 4.0.2's {@code ps -eLf} does, column
 * by column (widths, TTY and user names, STIME, C and TIME, the command line or the bracketed name), and escapes
 * whatever another process chose (a thread name, a command line) before it reaches a terminal
 * ({@link io.lwp4j.ps.PsFormat#forScreen(String)}). Reading {@code /proc} is {@link io.lwp4j.proc}'s job; rendering it
 * is this package's. Pure Java: nothing here needs the native library.
 */
package io.lwp4j.ps;
