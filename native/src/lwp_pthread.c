/*
 * Native threads that run Java (ARCHITECTURE.md §6): pthread_create with the attributes java.lang.Thread cannot set, and a
 * trampoline that names the thread and then calls the backend's upcall. The thread block (LWP_PT_*) is Java's
 * memory; the pthread attribute object lives and dies inside lwp_pthread_start.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "lwp4j.h"
#include "lwp_syscall.h"

typedef void (*lwp_upcall_fn)(int64_t arg);

static int32_t *word32(int64_t block, int off) {
    return (int32_t *)(intptr_t)(block + off);
}

static int64_t *word64(int64_t block, int off) {
    return (int64_t *)(intptr_t)(block + off);
}

/* Stores DONE and wakes a joiner; after this the thread touches neither the block nor the upcall stub. */
static void done(int64_t block) {
    atomic_store_explicit((_Atomic int32_t *)word32(block, LWP_PT_OFF_DONE), 1, memory_order_release);
    lwp_futex((int64_t)(intptr_t)word32(block, LWP_PT_OFF_DONE), FUTEX_WAKE_PRIVATE, INT32_MAX, 0, 0, 0);
}

static void *trampoline(void *p) {
    int64_t block = (int64_t)(intptr_t)p;
    int32_t policy = *word32(block, LWP_PT_OFF_POLICY);
    if (policy == SCHED_BATCH || policy == SCHED_IDLE) {
        /* glibc's pthread_attr_setschedpolicy takes only OTHER, FIFO and RR: the thread sets these itself. */
        struct sched_param sp = {.sched_priority = *word32(block, LWP_PT_OFF_PRIORITY)};
        long r = lwp_sys3(SYS_sched_setscheduler, 0, policy, (long)&sp);
        if (r < 0) {
            *word32(block, LWP_PT_OFF_START_ERROR) = (int32_t)r;
            done(block);
            return NULL;
        }
    }
    const char *name = (const char *)(intptr_t)(block + LWP_PT_OFF_NAME);
    if (name[0] != '\0') {
        /* Before any user code: ps, top -H and perf show this name from the thread's first instant of Java. */
        prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
    }
    lwp_upcall_fn fn = (lwp_upcall_fn)(intptr_t)*word64(block, LWP_PT_OFF_FN);
    fn(*word64(block, LWP_PT_OFF_ARG));
    /* The upcall has returned: its stub is no longer in use. Java may free the stub and this block as soon as it
     * sees the release store; a wake on a freed word is harmless (EFAULT, or at worst a spurious wake elsewhere). */
    done(block);
    return NULL;
}

/* Records which attribute call failed and returns its error as -errno. */
static int64_t failed(int64_t block, int32_t step, int err) {
    *word32(block, LWP_PT_OFF_FAILED_STEP) = step;
    return -(int64_t)err;
}

/* The stack: exactly stack bytes above guard bytes of PROT_NONE, in a mapping the caller unmaps after the join. */
static int64_t map_stack(int64_t block, pthread_attr_t *attr, int64_t stack, int64_t guard) {
    size_t g = guard >= 0 ? (size_t)guard : (size_t)lwp_page_size();
    size_t len = g + (size_t)stack;
    void *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE,
                     -1, 0);
    if (map == MAP_FAILED) {
        return failed(block, LWP_PT_STEP_STACK, errno);
    }
    int r = 0;
    if (g > 0 && mprotect(map, g, PROT_NONE) != 0) {
        r = failed(block, LWP_PT_STEP_GUARD, errno);
    } else if ((r = pthread_attr_setstack(attr, (char *)map + g, (size_t)stack)) != 0) {
        r = failed(block, LWP_PT_STEP_STACK, r);
    }
    if (r != 0) {
        munmap(map, len);
        return r;
    }
    *word64(block, LWP_PT_OFF_STACK_MAP) = (int64_t)(intptr_t)map;
    return 0;
}

/* Every attribute of the block into attr: 0 or -errno (and the failed step). */
static int64_t set_attributes(int64_t block, pthread_attr_t *attr) {
    int64_t stack = *word64(block, LWP_PT_OFF_STACK_SIZE);
    int64_t guard = *word64(block, LWP_PT_OFF_GUARD_SIZE);
    int32_t policy = *word32(block, LWP_PT_OFF_POLICY);
    int32_t cpuset_size = *word32(block, LWP_PT_OFF_CPUSET_SIZE);
    int r;
    if (cpuset_size > 0 && (r = pthread_attr_setaffinity_np(attr, (size_t)cpuset_size,
                                (const cpu_set_t *)(intptr_t)(block + LWP_PT_OFF_CPUSET))) != 0) {
        return failed(block, LWP_PT_STEP_AFFINITY, r);
    }
    if (policy >= 0 && policy != SCHED_BATCH && policy != SCHED_IDLE) { /* BATCH, IDLE: see trampoline */
        struct sched_param sp = {.sched_priority = *word32(block, LWP_PT_OFF_PRIORITY)};
        if ((r = pthread_attr_setinheritsched(attr, PTHREAD_EXPLICIT_SCHED)) != 0
                || (r = pthread_attr_setschedpolicy(attr, policy)) != 0
                || (r = pthread_attr_setschedparam(attr, &sp)) != 0) {
            return failed(block, LWP_PT_STEP_POLICY, r);
        }
    }
    if ((r = pthread_attr_setdetachstate(attr, *word32(block, LWP_PT_OFF_DETACHED) ? PTHREAD_CREATE_DETACHED
                                                                                 : PTHREAD_CREATE_JOINABLE)) != 0) {
        return failed(block, LWP_PT_STEP_CREATE, r);
    }
    if (guard >= 0 && stack <= 0 && (r = pthread_attr_setguardsize(attr, (size_t)guard)) != 0) {
        return failed(block, LWP_PT_STEP_GUARD, r);
    }
    return stack > 0 ? map_stack(block, attr, stack, guard) : 0; /* last: nothing to undo after it */
}

int64_t lwp_pthread_start(int64_t block, int64_t fn, int64_t arg) {
    *word64(block, LWP_PT_OFF_FN) = fn;
    *word64(block, LWP_PT_OFF_ARG) = arg;
    *word32(block, LWP_PT_OFF_DONE) = 0;
    *word32(block, LWP_PT_OFF_FAILED_STEP) = 0;
    *word32(block, LWP_PT_OFF_START_ERROR) = 0;
    *word64(block, LWP_PT_OFF_STACK_MAP) = 0;
    pthread_attr_t attr;
    int r = pthread_attr_init(&attr);
    if (r != 0) {
        return failed(block, LWP_PT_STEP_CREATE, r);
    }
    int64_t result = set_attributes(block, &attr);
    if (result == 0) {
        pthread_t thread;
        r = pthread_create(&thread, &attr, trampoline, (void *)(intptr_t)block);
        if (r == 0) {
            *word64(block, LWP_PT_OFF_THREAD) = (int64_t)thread;
        } else {
            result = failed(block, LWP_PT_STEP_CREATE, r);
        }
    }
    int64_t map = *word64(block, LWP_PT_OFF_STACK_MAP);
    if (result != 0 && map != 0) {
        munmap((void *)(intptr_t)map, (size_t)(*word64(block, LWP_PT_OFF_STACK_SIZE)
                + (*word64(block, LWP_PT_OFF_GUARD_SIZE) >= 0 ? *word64(block, LWP_PT_OFF_GUARD_SIZE)
                                                                : lwp_page_size())));
        *word64(block, LWP_PT_OFF_STACK_MAP) = 0;
    }
    pthread_attr_destroy(&attr); /* pthread_create copied what it needs, the CPU set included */
    return result;
}

int64_t lwp_pthread_join(int64_t thread) {
    return -(int64_t)pthread_join((pthread_t)thread, NULL);
}

int64_t lwp_pthread_stack(int64_t out) {
    pthread_attr_t attr;
    int r = pthread_getattr_np(pthread_self(), &attr);
    if (r != 0) {
        return -(int64_t)r;
    }
    void *addr = NULL;
    size_t size = 0;
    size_t guard = 0;
    r = pthread_attr_getstack(&attr, &addr, &size);
    if (r == 0) {
        r = pthread_attr_getguardsize(&attr, &guard);
    }
    pthread_attr_destroy(&attr);
    if (r != 0) {
        return -(int64_t)r;
    }
    int64_t *o = (int64_t *)(intptr_t)out;
    o[0] = (int64_t)(intptr_t)addr;
    o[1] = (int64_t)size;
    o[2] = (int64_t)guard;
    return 0;
}
