/**
 * The experiments of {@code lwp4j demo NAME}, one class per demo: each starts what it shows (raw tasks with and
 * without a {@code CLONE_*} flag, futex waits across JVMs, pthreads, thread-per-connection servers, virtual threads
 * on carriers, scheduling by weight…), prints the relevant {@code ps -eLf} rows beside lwp4j's view, says in plain
 * words what the reader sees and why, and cleans up. The rules they run under are ARCHITECTURE.md §3 (raw tasks),
 * §5 (futexes) and §6 (pthreads and scheduling); {@code --json} gives the same results to scripts.
 */
package io.lwp4j.cli.demo;
