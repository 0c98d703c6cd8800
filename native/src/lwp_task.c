/* Spawning and reaping raw tasks (ARCHITECTURE.md §3). The task itself runs lwp_task_child.c. */
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

#include "lwp4j.h"
#include "lwp_syscall.h"
#include "lwp_task_internal.h"

/* A fixed-layout copy of the kernel's struct clone_args (v0, 64 bytes): the header of an older libc may lack it. */
struct lwp_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

int64_t lwp_task_spawn(int64_t flags, int32_t exit_signal, int64_t stack_lo, int64_t block, int32_t try_clone3) {
    if ((block & 63) != 0 || block - stack_lo < 4096 || (flags & CSIGNAL) != 0 || exit_signal < 0 || exit_signal >= _NSIG) {
        return -EINVAL; /* Java validated everything; this only guards the ABI */
    }
    int64_t tid_word = block + LWP_TASK_OFF_TID;
    int64_t tls = block + LWP_TASK_OFF_TLS;
    /* x86_64 TLS convention: the thread pointer points at a TCB whose first word points to itself. */
    *(volatile int64_t *)(uintptr_t)tls = tls;

    /* The child's first frame: sp 16-byte aligned below the block, [sp] = fn, [sp + 8] = arg. */
    uint64_t sp = ((uint64_t)block - 32) & ~(uint64_t)15;
    ((volatile uint64_t *)(uintptr_t)sp)[0] = (uint64_t)(uintptr_t)&lwp_task_main;
    ((volatile uint64_t *)(uintptr_t)sp)[1] = (uint64_t)block;

    uint64_t all = flags | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_SETTLS;

    /* Block every signal (raw rt_sigprocmask: glibc's wrapper would keep its own two unblocked) so the task is born
     * with all of them blocked — the JVM's handlers are shared and must never run on it; then restore ours. */
    uint64_t full = ~(uint64_t)0, old = 0;
    long r = lwp_sys4(SYS_rt_sigprocmask, SIG_SETMASK, (long)&full, (long)&old, 8);
    if (r < 0) {
        return r;
    }
    long tid = -ENOSYS;
    int method = 0;
    if (try_clone3) {
        struct lwp_clone_args args = {
            .flags = all,
            .child_tid = (uint64_t)tid_word,
            .parent_tid = (uint64_t)tid_word,
            .exit_signal = (uint64_t)exit_signal,
            .stack = (uint64_t)stack_lo,
            .stack_size = sp - (uint64_t)stack_lo,
            .tls = (uint64_t)tls,
        };
        tid = lwp_clone_enter(SYS_clone3, (long)&args, sizeof args, 0, 0, 0);
        method = LWP_TASK_METHOD_CLONE3;
    }
    if (tid == -ENOSYS) {
#if defined(__x86_64__)
        /* x86_64: clone(flags, newsp, parent_tid, child_tid, tls) */
        tid = lwp_clone_enter(SYS_clone, (long)(all | (uint64_t)exit_signal), (long)sp, tid_word, tid_word, tls);
#else
        /* aarch64 (generic): clone(flags, newsp, parent_tid, tls, child_tid) */
        tid = lwp_clone_enter(SYS_clone, (long)(all | (uint64_t)exit_signal), (long)sp, tid_word, tls, tid_word);
#endif
        method = LWP_TASK_METHOD_CLONE;
    }
    lwp_sys4(SYS_rt_sigprocmask, SIG_SETMASK, (long)&old, 0, 8);
    /* Which call answered, success or not: the error message names the syscall that failed. */
    *(volatile int32_t *)(uintptr_t)(block + LWP_TASK_OFF_METHOD) = method;
    return tid;
}

int64_t lwp_task_reap(int64_t pid, int32_t nohang) {
    siginfo_t info;
    info.si_pid = 0;
    long r = lwp_sys5(SYS_waitid, P_PID, pid, (long)&info, WEXITED | __WALL | (nohang ? WNOHANG : 0), 0);
    if (r < 0) {
        return r;
    }
    if (info.si_pid == 0) {
        return 0; /* WNOHANG: still running */
    }
    return LWP_REAPED | ((info.si_code & 0xff) << 8) | (info.si_status & 0xff);
}

int64_t lwp_task_kill(int64_t pid, int32_t sig) {
    if (pid <= 0 || sig <= 0 || sig >= _NSIG) {
        return -EINVAL; /* never a process group (pid <= 0) */
    }
    return lwp_sys2(SYS_kill, pid, sig);
}

int64_t lwp_thread_pointer(void) {
    return lwp_read_thread_pointer();
}
