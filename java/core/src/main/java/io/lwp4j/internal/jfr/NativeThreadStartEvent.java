package io.lwp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code lwp4j.NativeThreadStart}: a {@code pthread_create}d thread is about to run its Java code. Committed on
 * the new thread itself (so the event thread is it), with each attribute as asked and as the thread got it.
 */
@Name(Events.NATIVE_THREAD_START)
@Label("Native Thread Start")
@Category("lwp4j")
@Description("A thread made with pthread_create by io.lwp4j.pthread.NativeThread: attributes asked and got")
@Enabled(false)
@StackTrace(false)
final class NativeThreadStartEvent extends jdk.jfr.Event {
    @Label("TID")
    int tid;

    @Label("Name")
    @Description("The native name asked for (null: inherited)")
    String name;

    @Label("Detached")
    boolean detached;

    @Label("Stack Size Asked")
    @Description("0: glibc's default")
    @DataAmount
    long stackSizeAsked;

    @Label("Stack Size")
    @Description("As pthread_getattr_np reports it in the thread")
    @DataAmount
    long stackSize;

    @Label("Guard Size Asked")
    @Description("-1: glibc's default (one page)")
    @DataAmount
    long guardSizeAsked;

    @Label("Guard Size")
    @DataAmount
    long guardSize;

    @Label("Policy Asked")
    @Description("null: inherited from the creator")
    String policyAsked;

    @Label("Policy")
    String policy;

    @Label("Priority Asked")
    int priorityAsked;

    @Label("Priority")
    int priority;

    @Label("CPUs Asked")
    @Description("null: inherited from the creator")
    String cpusAsked;

    @Label("CPUs")
    @Description("sched_getaffinity of the thread, as a CPU list")
    String cpus;
}
