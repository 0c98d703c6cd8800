package io.lwp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * {@code lwp4j.FutexWait}: a futex wait of {@link io.lwp4j.futex.Futex} that lasted at least the threshold (20 ms
 * in lwp4j.jfc, as {@code jdk.ThreadPark} in JDK's default settings).
 */
@Name(Events.FUTEX_WAIT)
@Label("Futex Wait")
@Category("lwp4j")
@Description("A thread slept in futex(FUTEX_WAIT) on an lwp4j futex word")
@Enabled(false)
@StackTrace(false)
@Threshold("20 ms")
final class FutexWaitEvent extends jdk.jfr.Event {
    @Label("Address")
    @Description("The futex word's address")
    @MemoryAddress
    long address;

    @Label("Scope")
    @Description("private (this process) or shared (every process mapping the page)")
    String scope;

    @Label("Expected")
    @Description("The value the word had to hold for the wait to sleep")
    int expected;

    @Label("Outcome")
    @Description("WOKEN, VALUE_MISMATCH, INTERRUPTED or TIMED_OUT")
    String outcome;
}
