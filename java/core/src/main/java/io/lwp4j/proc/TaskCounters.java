package io.lwp4j.proc;

/** The counters of a task's (or process's) previous reading. Reused while the task lives. */
final class TaskCounters {
    TaskInfo task;
    long start;
    long utime;
    long stime;
    long runNs;
    long delayNs;
    long pcount;
    long vcs;
    long ivcs;
    boolean seen;

    void set(TaskInfo t) {
        task = t;
        start = t.startTimeTicks();
        utime = t.utimeTicks();
        stime = t.stimeTicks();
        vcs = t.voluntaryContextSwitches();
        ivcs = t.involuntaryContextSwitches();
    }
}
