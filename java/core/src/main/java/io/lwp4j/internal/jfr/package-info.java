/**
 * The JDK Flight Recorder event classes and their emission points (ARCHITECTURE.md §11): {@code Events} is the one
 * static call per event that the rest of core makes; the event classes ({@code lwp4j.RawTaskSpawn},
 * {@code lwp4j.FutexWait}, {@code lwp4j.ThreadCpu}, …) are exported only to {@code jdk.jfr}, which instantiates and
 * instruments them. Applications turn the events on and read them through {@link io.lwp4j.jfr.Lwp4jJfr}; with
 * {@code jdk.jfr} absent (a jlinked runtime) there are no events and no cost.
 */
package io.lwp4j.internal.jfr;
