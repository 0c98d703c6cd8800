package io.lwp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code lwp4j.ThreadCpu}: periodic, one per task of this JVM — JVM-internal tasks (GC, JIT, VM), native threads and
 * raw tasks included — over the period: what {@code jdk.ThreadCPULoad} gives for Java threads, plus the TID, the
 * run-queue delay and the context switches. Percentages are of one CPU ({@code top -H}'s convention: 1.0 = 100% =
 * one CPU busy), not of the machine.
 */
@Name(Events.THREAD_CPU)
@Label("Thread CPU (lwp4j)")
@Category("lwp4j")
@Description("Per kernel task of this JVM over the period: CPU user/system, run-queue delay, context switches")
@Enabled(false)
@StackTrace(false)
@Period("10 s")
final class ThreadCpuEvent extends jdk.jfr.Event {
    @Label("TID")
    int tid;

    @Label("Task Name")
    @Description("The kernel's comm (at most 15 bytes)")
    String comm;

    @Label("Java Thread")
    @Description("The Java thread on this task, if it is one and still alive")
    Thread javaThread;

    @Label("Java Name")
    @Description("The name the JVM's thread dump gives: the Java name, or the JVM's own for an internal thread")
    String javaName;

    @Label("Role")
    @Description("JAVA, GC, JIT, VM, JVM_OTHER, NATIVE (not in the thread dump: a native thread or raw task)")
    String role;

    @Label("State")
    @Description("The kernel state at the end of the period: R, S, D, ...")
    String state;

    @Label("CPU")
    @Description("CPU time over the period as a share of one CPU")
    @Percentage
    float cpu;

    @Label("User")
    @Percentage
    float user;

    @Label("System")
    @Percentage
    float system;

    @Label("Run-Queue Delay")
    @Description("Time runnable but waiting for a CPU over the period (schedstat run_delay)")
    @Timespan
    long runDelay;

    @Label("Delay")
    @Description("Run-queue delay as a share of the period")
    @Percentage
    float delay;

    @Label("Voluntary Switches")
    @Description("Times it gave up the CPU (blocked, slept) over the period")
    long voluntarySwitches;

    @Label("Involuntary Switches")
    @Description("Times it was preempted over the period")
    long involuntarySwitches;

    @Label("Period")
    @Description("The interval these figures cover")
    @Timespan
    long interval;
}
