package io.lwp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** {@code lwp4j.NativeThreadEnd}: a native thread's Java code returned (committed on that thread). */
@Name(Events.NATIVE_THREAD_END)
@Label("Native Thread End")
@Category("lwp4j")
@Description("The Java code of a pthread_create'd io.lwp4j.pthread.NativeThread returned; the thread ends")
@Enabled(false)
@StackTrace(false)
final class NativeThreadEndEvent extends jdk.jfr.Event {
    @Label("TID")
    int tid;

    @Label("Name")
    String name;

    @Label("Lifetime")
    @Description("From the code's start to its end (N/A when the start was not recorded)")
    @Timespan
    long lifetime;
}
