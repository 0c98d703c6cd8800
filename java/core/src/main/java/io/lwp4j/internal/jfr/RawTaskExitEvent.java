package io.lwp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** {@code lwp4j.RawTaskExit}: a raw task ended and lwp4j saw it (committed by the thread that joined it). */
@Name(Events.RAW_TASK_EXIT)
@Label("Raw Task Exit")
@Category("lwp4j")
@Description("A raw clone() task ended and was joined (thread-like) or reaped (process-like); its stack is freed")
@Enabled(false)
@StackTrace(false)
final class RawTaskExitEvent extends jdk.jfr.Event {
    @Label("TID")
    int tid;

    @Label("Exit Code")
    @Description("The exit op's code (0 when the program ran to its end, 127 for a refused op, 128+N for signal N)")
    int exitCode;

    @Label("Thread-like")
    boolean threadLike;

    @Label("Lifetime")
    @Description("From the spawn to the moment lwp4j saw the end (N/A when the spawn was not recorded)")
    @Timespan
    long lifetime;
}
