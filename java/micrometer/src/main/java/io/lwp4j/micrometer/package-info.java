/**
 * A Micrometer {@code MeterBinder} of this JVM's threads as the kernel sees them (ARCHITECTURE.md §11):
 * {@link io.lwp4j.micrometer.Lwp4jThreadMetrics} registers threads by kernel state, the process's context switches
 * and run-queue delay, and CPU time, context switches and run-queue delay per thread group, from core's
 * {@code ThreadSampler}. Cardinality is bounded: a group is a thread name with its pool counter removed
 * ({@link io.lwp4j.micrometer.ThreadGroupName}), so a pool of 2,000 threads is one series. The application brings
 * the backend (or none: {@code /proc} needs no native code).
 */
package io.lwp4j.micrometer;
