/* Named shared memory (a file under /dev/shm, shm_open(3) semantics) and futex_waitv: raw syscalls, -errno. */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lwp4j.h"
#include "lwp_syscall.h"

#if !defined(SYS_futex_waitv) && defined(__NR_futex_waitv)
#define SYS_futex_waitv __NR_futex_waitv
#endif

int64_t lwp_shm_open(int64_t path, int32_t create) {
    /* O_NOFOLLOW: a name in a world-writable directory must not be a symlink planted by someone else. */
    long flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | (create ? O_CREAT | O_EXCL : 0);
    return lwp_sys4(SYS_openat, AT_FDCWD, path, flags, 0600);
}

int64_t lwp_shm_unlink(int64_t path) {
    return lwp_sys3(SYS_unlinkat, AT_FDCWD, path, 0);
}

int64_t lwp_fd_truncate(int32_t fd, int64_t len) {
    return lwp_sys2(SYS_ftruncate, fd, len);
}

int64_t lwp_fd_size(int32_t fd) {
    return lwp_sys3(SYS_lseek, fd, 0, SEEK_END);
}

int64_t lwp_fd_stat(int32_t fd, int64_t out) {
    struct stat st;
    if (fstat(fd, &st) != 0) {
        return -(int64_t)errno;
    }
    int64_t *o = (int64_t *)out;
    o[0] = (int64_t)st.st_uid;
    o[1] = (int64_t)st.st_gid;
    o[2] = (int64_t)st.st_mode;
    o[3] = (int64_t)st.st_size;
    return 0;
}

int64_t lwp_mem_map_fd(int32_t fd, int64_t len, int64_t offset) {
    if (len <= 0 || offset < 0 || (offset & (lwp_page_size() - 1)) != 0) {
        return -22; /* EINVAL */
    }
    return lwp_sys6(SYS_mmap, 0, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
}

int64_t lwp_futex_waitv(int64_t waiters, int32_t count, int64_t timeout_ns) {
#ifdef SYS_futex_waitv
    struct timespec ts;
    long tsp = 0;
    if (timeout_ns >= 0) {
        /* futex_waitv takes an absolute deadline only: make it from CLOCK_MONOTONIC now. */
        long r = lwp_sys2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
        if (r < 0) {
            return r;
        }
        int64_t ns = ts.tv_nsec + timeout_ns % 1000000000;
        ts.tv_sec += timeout_ns / 1000000000 + ns / 1000000000;
        ts.tv_nsec = ns % 1000000000;
        tsp = (long)&ts;
    }
    return lwp_sys5(SYS_futex_waitv, waiters, count, 0, tsp, CLOCK_MONOTONIC);
#else
    (void)waiters;
    (void)count;
    (void)timeout_ns;
    return -38; /* ENOSYS: built against headers without futex_waitv */
#endif
}
