/**
 * lwp4j's benchmarks (not deployed; ARCHITECTURE.md §10): JMH benchmarks of the Java side, the C reference programs
 * of {@code native/bench} and the peer tools ({@code ps}, {@code top}, pipes, sockets, Aeron) run side by side in one
 * invocation by {@link io.lwp4j.bench.Runner}, one group at a time ({@code tid}, {@code list}, {@code backends},
 * {@code pthread}, {@code tasks}, {@code futex}, {@code top}, {@code ipc}), and reported as medians, spreads and
 * ratios with the machine's load ({@code Report}). Also the soak run ({@link io.lwp4j.bench.Soak}).
 * See {@code java/bench/README.md} for what each group compares.
 */
package io.lwp4j.bench;
