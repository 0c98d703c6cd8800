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
 * {@code lwp4j.FutexWait}: a wait in lwp4j's wait engine ({@link io.lwp4j.internal.wait.Waits}: the futex waits and the
 * primitives on them, the pthread objects' waits, the joins) that lasted at least the threshold (20 ms in lwp4j.jfc,
 * as {@code jdk.ThreadPark} in JDK's default settings).
 */
@Name(Events.FUTEX_WAIT)
@Label("Futex Wait")
@Category("lwp4j")
@Description("A thread slept in lwp4j's wait engine: a futex word, a pthread object, or a join")
@Enabled(false)
@StackTrace(false)
@Threshold("20 ms")
final class FutexWaitEvent extends jdk.jfr.Event {
    @Label("Address")
    @Description("The futex word's address (0 for a pthread object)")
    @MemoryAddress
    long address;

    @Label("Scope")
    @Description("private (this process), shared (every process mapping the page), or object (a pthread object)")
    String scope;

    @Label("Words")
    @Description("How many words the wait slept on (more than 1 for futex_waitv)")
    int words;

    @Label("Waiter")
    @Description("What waited: a futex wait at an offset, a mutex, a condition, a join, ...")
    String waiter;

    @Label("Outcome")
    @Description("WOKEN, VALUE_MISMATCH, INTERRUPTED, TIMED_OUT, or -errno")
    String outcome;
}
