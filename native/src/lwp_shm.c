/* Named shared memory (a file under /dev/shm, shm_open(3) semantics without librt) and the calls on its fd: raw
 * syscalls, -errno. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lwp4j.h"
#include "lwp_syscall.h"

int64_t lwp_shm_open(int64_t path, int32_t create) {
    /* O_NOFOLLOW: a name in a world-writable directory must not be a symlink planted by someone else. */
    long flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | (create ? O_CREAT | O_EXCL : 0);
    return lwp_sys4(SYS_openat, AT_FDCWD, path, flags, S_IRUSR | S_IWUSR);
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
    long r = lwp_sys2(SYS_fstat, fd, (long)&st);
    if (r < 0) {
        return r;
    }
    int64_t *o = (int64_t *)(intptr_t)out;
    o[0] = (int64_t)st.st_uid;
    o[1] = (int64_t)st.st_gid;
    o[2] = (int64_t)st.st_mode;
    o[3] = (int64_t)st.st_size;
    return 0;
}

int64_t lwp_pipe(int64_t fds) {
    return lwp_sys2(SYS_pipe2, fds, O_CLOEXEC);
}

int64_t lwp_write(int32_t fd, int64_t addr, int64_t len) {
    return lwp_sys3(SYS_write, fd, addr, len);
}

int64_t lwp_close(int32_t fd) {
    return lwp_sys1(SYS_close, fd);
}
