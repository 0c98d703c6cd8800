/**
 * lwp4j's JDK Flight Recorder events and their settings file ({@code lwp4j.jfc}): see {@link io.lwp4j.jfr.Lwp4jJfr}.
 */
package io.lwp4j.jfr;
