package io.lwp4j.task;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every {@code CLONE_*} flag of {@code <linux/sched.h>}, with its kernel value (a test compares each one with the
 * header). lwp4j validates a set against the kernel's own rules before any syscall ({@link #validate}), so a bad set
 * is an {@link IllegalArgumentException} that names the rule, never an EINVAL to puzzle over.
 *
 * <p>See <a href="https://man7.org/linux/man-pages/man2/clone.2.html">clone(2)</a>.
 */
public enum CloneFlag {
    /** Share the address space: the task sees and writes this JVM's memory. */
    CLONE_VM(0x00000100L),
    /** Share the filesystem information: root, current directory, umask. */
    CLONE_FS(0x00000200L),
    /** Share the file descriptor table: a close in the task closes the fd for the JVM too. */
    CLONE_FILES(0x00000400L),
    /**
     * Share the signal handler table (needs {@link #CLONE_VM}; lwp4j also requires {@link #CLONE_THREAD} with it: a
     * task that shares the JVM's handler table without being one of its threads would reset the JVM's own handlers
     * when it faults, see {@link #validate}).
     */
    CLONE_SIGHAND(0x00000800L),
    /** Return a pidfd (refused: lwp4j would have to own an fd it does not use). */
    CLONE_PIDFD(0x00001000L),
    /** Let a tracer continue tracing the task (refused: there is no tracer to hand it to). */
    CLONE_PTRACE(0x00002000L),
    /** Suspend the caller until the task exits or execs (refused: a waiting task would hang the Java thread). */
    CLONE_VFORK(0x00004000L),
    /** Make the task a sibling, not a child (refused: lwp4j could no longer reap it). */
    CLONE_PARENT(0x00008000L),
    /** Same thread group: a thread of this process, one more LWP row of its PID (needs {@link #CLONE_SIGHAND}). */
    CLONE_THREAD(0x00010000L),
    /** New mount namespace (opt-in; not with {@link #CLONE_FS}). */
    CLONE_NEWNS(0x00020000L),
    /** Share System V semaphore undo values. */
    CLONE_SYSVSEM(0x00040000L),
    /** Set the thread pointer (refused: lwp4j always gives a task its own private TLS block). */
    CLONE_SETTLS(0x00080000L),
    /** Store the TID in the parent (refused: lwp4j sets it itself for join). */
    CLONE_PARENT_SETTID(0x00100000L),
    /** Clear the TID word and wake it at exit (refused: lwp4j sets it itself; join waits on that word). */
    CLONE_CHILD_CLEARTID(0x00200000L),
    /** Unused and ignored by the kernel (refused as meaningless). */
    CLONE_DETACHED(0x00400000L),
    /** A tracer may not force {@code CLONE_PTRACE} on the task. */
    CLONE_UNTRACED(0x00800000L),
    /** Store the TID in the child (refused: lwp4j sets the TID words itself). */
    CLONE_CHILD_SETTID(0x01000000L),
    /** New cgroup namespace (opt-in). */
    CLONE_NEWCGROUP(0x02000000L),
    /** New UTS namespace: host and domain name (opt-in). */
    CLONE_NEWUTS(0x04000000L),
    /** New IPC namespace (opt-in; not with {@link #CLONE_SYSVSEM}). */
    CLONE_NEWIPC(0x08000000L),
    /** New user namespace (opt-in; not with {@link #CLONE_FS} or {@link #CLONE_THREAD}). */
    CLONE_NEWUSER(0x10000000L),
    /** New PID namespace: the task is PID 1 there (opt-in; not with {@link #CLONE_THREAD}). */
    CLONE_NEWPID(0x20000000L),
    /** New network namespace (opt-in). */
    CLONE_NEWNET(0x40000000L),
    /** Share the I/O context. */
    CLONE_IO(0x80000000L),
    /** Reset signal handlers to default (clone3 only; refused: lwp4j blocks every signal in a task anyway). */
    CLONE_CLEAR_SIGHAND(0x100000000L),
    /** Start in a given cgroup (clone3 only; refused: needs a cgroup fd lwp4j does not manage). */
    CLONE_INTO_CGROUP(0x200000000L),
    /**
     * New time namespace (refused: 0x80 lies inside clone(2)'s exit-signal byte, so it works only through clone3 or
     * unshare, and a task sharing the VM may not change time namespace anyway).
     */
    CLONE_NEWTIME(0x00000080L);

    private final long value;

    CloneFlag(long value) {
        this.value = value;
    }

    /** The kernel's value of this flag. */
    public long value() {
        return value;
    }

    /** The namespace flags: refused unless the caller opts in. */
    public static final Set<CloneFlag> NAMESPACES = immutable(EnumSet.of(CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS,
            CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET));

    /**
     * What glibc's {@code pthread_create} passes, minus the TLS and TID flags lwp4j sets itself: a thread of this
     * process sharing everything.
     */
    public static Set<CloneFlag> threadPreset() {
        return EnumSet.of(CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, CLONE_SYSVSEM);
    }

    /**
     * A process-like task, as {@code fork()} makes: no {@code CLONE_THREAD}, its own copy of memory and descriptors,
     * exit signal {@code SIGCHLD}; lwp4j reaps it with {@code waitid}. Add {@link #CLONE_VM} and friends to share.
     */
    public static Set<CloneFlag> processPreset() {
        return EnumSet.noneOf(CloneFlag.class);
    }

    /** The bits of a set, as clone(2) takes them. */
    public static long bits(Collection<CloneFlag> flags) {
        long v = 0;
        for (CloneFlag f : flags) {
            v |= f.value;
        }
        return v;
    }

    /**
     * Checks a set against the kernel's rules (copy_process in kernel/fork.c) and lwp4j's own, before any syscall.
     * lwp4j's own rules refuse what the kernel allows but what would hurt the JVM: the flags lwp4j sets itself or
     * cannot honour (see each constant), namespaces without the opt-in, and {@link #CLONE_SIGHAND} without
     * {@link #CLONE_THREAD} (a shared handler table that a fault outside the thread group would reset to
     * {@code SIG_DFL} under the JVM).
     *
     * @param allowNamespaces whether the caller opted in to namespace flags
     * @throws IllegalArgumentException naming the rule that the set breaks
     */
    public static void validate(Set<CloneFlag> flags, boolean allowNamespaces) {
        for (CloneFlag f : flags) {
            String why = refusal(f);
            if (why != null) {
                throw new IllegalArgumentException(f + " is not accepted: " + why);
            }
            if (NAMESPACES.contains(f) && !allowNamespaces) {
                throw new IllegalArgumentException(f + " makes a new namespace: refused unless the caller opts in "
                        + "(RawTask.Options.allowNamespaces(true)); it also needs CAP_SYS_ADMIN or a user namespace");
            }
        }
        requires(flags, CLONE_SIGHAND, CLONE_VM, "CLONE_SIGHAND needs CLONE_VM (shared handlers need shared memory)");
        requires(flags, CLONE_THREAD, CLONE_SIGHAND,
                "CLONE_THREAD needs CLONE_SIGHAND (a thread group shares one signal handler table)");
        // Not the kernel's rule, lwp4j's (ARCHITECTURE.md §3 rule 7): a raw task runs with every signal blocked, and a fault
        // with its signal blocked is forced by the kernel with the handler reset to SIG_DFL in the task's handler
        // table (force_sig_info_to_task). Inside the thread group that kills the group at once; a task outside it
        // that shares the table would leave the JVM's SIGSEGV/SIGBUS handler at SIG_DFL for good, so the JVM's next
        // ordinary fault (a null check, a safepoint poll) would kill it without hs_err.
        requires(flags, CLONE_SIGHAND, CLONE_THREAD, "CLONE_SIGHAND without CLONE_THREAD is refused: a task that "
                + "shares the JVM's signal handler table without being one of its threads would, when it faults, "
                + "have the kernel reset the JVM's own SIGSEGV/SIGBUS handler to SIG_DFL for good (the next ordinary "
                + "fault in the JVM would then kill it); add CLONE_THREAD, or drop CLONE_SIGHAND");
        excludes(flags, CLONE_NEWNS, CLONE_FS, "CLONE_NEWNS cannot go with CLONE_FS (a new mount namespace cannot "
                + "share the filesystem information)");
        excludes(flags, CLONE_NEWUSER, CLONE_FS, "CLONE_NEWUSER cannot go with CLONE_FS");
        excludes(flags, CLONE_THREAD, CLONE_NEWUSER, "CLONE_THREAD cannot go with CLONE_NEWUSER (a thread cannot leave "
                + "its group's user namespace)");
        excludes(flags, CLONE_THREAD, CLONE_NEWPID, "CLONE_THREAD cannot go with CLONE_NEWPID (a thread cannot leave "
                + "its group's PID namespace)");
        excludes(flags, CLONE_NEWIPC, CLONE_SYSVSEM, "CLONE_NEWIPC cannot go with CLONE_SYSVSEM (the undo list would "
                + "point into the old IPC namespace)");
    }

    private static String refusal(CloneFlag f) {
        switch (f) {
            case CLONE_PIDFD:
                return "lwp4j does not hand out pidfds";
            case CLONE_PTRACE:
                return "there is no tracer to continue";
            case CLONE_VFORK:
                return "it suspends the calling Java thread until the task ends; a waiting task would hang it";
            case CLONE_PARENT:
                return "the task would be a child of the JVM's parent, and lwp4j could not reap it";
            case CLONE_SETTLS:
                return "lwp4j gives every task its own private TLS block itself";
            case CLONE_PARENT_SETTID:
            case CLONE_CHILD_CLEARTID:
            case CLONE_CHILD_SETTID:
                return "lwp4j sets the TID words itself (join waits on them)";
            case CLONE_DETACHED:
                return "the kernel ignores it";
            case CLONE_CLEAR_SIGHAND:
                return "lwp4j blocks every signal in a task anyway";
            case CLONE_INTO_CGROUP:
                return "it needs a cgroup fd, which lwp4j does not manage";
            case CLONE_NEWTIME:
                return "0x80 lies inside clone(2)'s exit-signal byte; a time namespace is for unshare or clone3 only";
            default:
                return null;
        }
    }

    private static void requires(Set<CloneFlag> s, CloneFlag f, CloneFlag needed, String rule) {
        if (s.contains(f) && !s.contains(needed)) {
            throw new IllegalArgumentException(rule);
        }
    }

    private static void excludes(Set<CloneFlag> s, CloneFlag a, CloneFlag b, String rule) {
        if (s.contains(a) && s.contains(b)) {
            throw new IllegalArgumentException(rule);
        }
    }

    private static Set<CloneFlag> immutable(EnumSet<CloneFlag> s) {
        return java.util.Collections.unmodifiableSet(s);
    }
}
