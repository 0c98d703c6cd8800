/* The identity functions and the raw syscall layer, checked against glibc's own wrappers. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lwp4j.h"
#include "lwp_syscall.h"
#include "lwp_test.h"

static void *thread_main(void *out) {
    *(long *)out = lwp_gettid();
    CHECK_EQ(lwp_gettid(), gettid());
    CHECK_EQ(lwp_getpid(), getpid());
    return NULL;
}

int main(void) {
    CHECK_EQ(lwp_abi_version(), LWP4J_ABI_VERSION);
    CHECK_EQ(lwp_gettid(), gettid());
    CHECK_EQ(lwp_getpid(), getpid());
    CHECK_EQ(lwp_gettid(), getpid()); /* the main thread's TID is the TGID */

    /* Another thread: its own TID, the same TGID. */
    pthread_t t;
    long tid = 0;
    CHECK_EQ(pthread_create(&t, NULL, thread_main, &tid), 0);
    CHECK_EQ(pthread_join(t, NULL), 0);
    CHECK(tid > 0 && tid != getpid());

    /* getcpu: pin to each allowed CPU and ask; the answer must be that CPU. */
    cpu_set_t allowed;
    CHECK_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &allowed)) continue;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        CHECK_EQ(sched_setaffinity(0, sizeof one, &one), 0);
        int64_t r = lwp_getcpu();
        CHECK(r >= 0);
        CHECK_EQ(r & 0xffffffff, cpu);
        CHECK((r >> 32) >= 0);
    }
    CHECK_EQ(sched_setaffinity(0, sizeof allowed, &allowed), 0);

    /* The raw layer passes -errno through untouched and leaves errno alone. */
    errno = 0;
    CHECK_EQ(lwp_sys1(SYS_close, -1), -EBADF);
    CHECK_EQ(lwp_sys3(SYS_write, 12345, 0, 0), -EBADF);
    CHECK_EQ(errno, 0);
    /* Six arguments reach the kernel in the right registers: mmap with a bad fd and MAP_SHARED fails EBADF,
     * with an unaligned offset EINVAL. */
    CHECK_EQ(lwp_sys6(SYS_mmap, 0, 4096, 1 /*PROT_READ*/, 1 /*MAP_SHARED*/, 12345, 0), -EBADF);
    CHECK_EQ(lwp_sys6(SYS_mmap, 0, 4096, 1, 1, 0, 1), -EINVAL);
    /* Four and five: prctl(PR_GET_NAME) reads the name into a buffer; arg 5 ignored. */
    char name[16] = {0};
    CHECK_EQ(lwp_sys5(SYS_prctl, 16 /*PR_GET_NAME*/, (long)name, 0, 0, 0), 0);
    CHECK(name[0] != 0);
    /* lwp_fd_stat: owner, group, mode and size of an open fd, as fstat(2) says; -EBADF for a bad fd. */
    char path[] = "/tmp/lwp4j-test-fdstat-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    unlink(path);
    CHECK_EQ(fchmod(fd, 0640), 0);
    CHECK_EQ(write(fd, "12345", 5), 5);
    int64_t st[4] = {-1, -1, -1, -1};
    CHECK_EQ(lwp_fd_stat(fd, (int64_t)(intptr_t)st), 0);
    struct stat want;
    CHECK_EQ(fstat(fd, &want), 0);
    CHECK_EQ(st[0], (int64_t)want.st_uid);
    CHECK_EQ(st[1], (int64_t)want.st_gid);
    CHECK_EQ(st[2], (int64_t)(S_IFREG | 0640));
    CHECK_EQ(st[3], 5);
    close(fd);
    CHECK_EQ(lwp_fd_stat(fd, (int64_t)(intptr_t)st), -EBADF);
    puts("test_ids: ok");
    return 0;
}
