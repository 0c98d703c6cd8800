package io.lwp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code lwp4j.RawTaskSpawn}: a raw {@code clone()} task was made (committed by the spawning thread). */
@Name(Events.RAW_TASK_SPAWN)
@Label("Raw Task Spawn")
@Category("lwp4j")
@Description("A kernel task made with clone3/clone by io.lwp4j.task.RawTask, running the shim (never Java)")
@Enabled(false)
@StackTrace(false)
final class RawTaskSpawnEvent extends jdk.jfr.Event {
    @Label("TID")
    @Description("The new task's kernel TID (as in /proc/<pid>/task and ps -eLf)")
    int tid;

    @Label("Clone Flags")
    @Description("The CLONE_* flags, by name")
    String flags;

    @Label("Thread-like")
    @Description("CLONE_THREAD: a thread of this process (else a process-like child reaped with waitid)")
    boolean threadLike;

    @Label("Clone Method")
    @Description("clone3, or clone when clone3 answered ENOSYS or was not tried")
    String cloneMethod;

    @Label("Stack Size")
    @DataAmount
    long stackSize;
}
