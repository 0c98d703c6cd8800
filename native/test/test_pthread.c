/* lwp_pthread_start with a C function as the "upcall": name, exact stack, guard, BATCH policy, DONE, join. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lwp4j.h"
#include "lwp_test.h"

static _Alignas(64) unsigned char block[4096];
static char seen_name[16];
static int64_t seen_stack[3];
static int seen_policy = -1;

static void upcall(int64_t arg) {
    CHECK_EQ(arg, 42);
    prctl(PR_GET_NAME, (unsigned long)seen_name, 0, 0, 0);
    CHECK_EQ(lwp_pthread_stack((int64_t)(intptr_t)seen_stack), 0);
    seen_policy = sched_getscheduler(0);
}

int main(void) {
    int64_t b = (int64_t)(intptr_t)block;
    int64_t page = lwp_page_size();
    *(int64_t *)(block + LWP_PT_OFF_STACK_SIZE) = 64 * page;
    *(int64_t *)(block + LWP_PT_OFF_GUARD_SIZE) = 2 * page;
    *(int32_t *)(block + LWP_PT_OFF_POLICY) = SCHED_BATCH;
    *(int32_t *)(block + LWP_PT_OFF_PRIORITY) = 0;
    strcpy((char *)block + LWP_PT_OFF_NAME, "c-upcall");
    CHECK_EQ(lwp_pthread_start(b, (int64_t)(intptr_t)upcall, 42), 0);
    int32_t *done = (int32_t *)(block + LWP_PT_OFF_DONE);
    while (atomic_load((_Atomic int32_t *)done) == 0) {
        syscall(SYS_futex, done, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    }
    CHECK_EQ(lwp_pthread_join(*(int64_t *)(block + LWP_PT_OFF_THREAD)), 0);
    CHECK(strcmp(seen_name, "c-upcall") == 0);
    CHECK_EQ(seen_stack[1], 64 * page); /* exactly the size asked for */
    int64_t map = *(int64_t *)(block + LWP_PT_OFF_STACK_MAP);
    CHECK_EQ(seen_stack[0], map + 2 * page); /* right above the 2-page guard */
    CHECK_EQ(seen_policy, SCHED_BATCH);
    CHECK_EQ(*(int32_t *)(block + LWP_PT_OFF_START_ERROR), 0);
    CHECK_EQ(munmap((void *)(intptr_t)map, 66 * page), 0);

    /* A policy glibc refuses: the step is reported. */
    memset(block, 0, sizeof block);
    *(int64_t *)(block + LWP_PT_OFF_GUARD_SIZE) = -1;
    *(int32_t *)(block + LWP_PT_OFF_POLICY) = SCHED_FIFO;
    *(int32_t *)(block + LWP_PT_OFF_PRIORITY) = 1000;
    CHECK_EQ(lwp_pthread_start(b, (int64_t)(intptr_t)upcall, 42), -EINVAL);
    CHECK_EQ(*(int32_t *)(block + LWP_PT_OFF_FAILED_STEP), LWP_PT_STEP_POLICY);

    /* The sizes Java lays shared objects out with are the headers' own. */
    CHECK_EQ(lwp_pthread_sizes(LWP_SIZE_MUTEX), sizeof(pthread_mutex_t));
    CHECK_EQ(lwp_pthread_sizes(LWP_SIZE_COND), sizeof(pthread_cond_t));
    CHECK_EQ(lwp_pthread_sizes(LWP_SIZE_BARRIER), sizeof(pthread_barrier_t));
    CHECK_EQ(lwp_pthread_sizes(LWP_SIZE_RWLOCK), sizeof(pthread_rwlock_t));
    CHECK_EQ(lwp_pthread_sizes(9), -EINVAL);
    return 0;
}
