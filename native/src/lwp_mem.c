/* Memory, futex and file-descriptor calls: thin raw-syscall wrappers returning >= 0 or -errno. */
#include <linux/futex.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <time.h>

#include "lwp4j.h"
#include "lwp_syscall.h"

int64_t lwp_page_size(void) {
    return (int64_t)getauxval(AT_PAGESZ);
}

int64_t lwp_mem_map(int64_t len, int32_t shared, int32_t guard) {
    int64_t page = lwp_page_size();
    if (len <= 0 || (guard && len <= page)) {
        return -22; /* EINVAL */
    }
    len = (len + page - 1) & ~(page - 1);
    long flags = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_NORESERVE;
    long addr = lwp_sys6(SYS_mmap, 0, len, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (addr < 0) {
        return addr;
    }
    if (guard) {
        long r = lwp_sys3(SYS_mprotect, addr, page, PROT_NONE);
        if (r < 0) {
            lwp_sys2(SYS_munmap, addr, len);
            return r;
        }
    }
    return addr;
}

int64_t lwp_mem_unmap(int64_t addr, int64_t len) {
    int64_t page = lwp_page_size();
    return lwp_sys2(SYS_munmap, addr, (len + page - 1) & ~(page - 1));
}

int64_t lwp_futex(int64_t uaddr, int32_t op, int32_t val, int64_t timeout_ns, int64_t uaddr2, int32_t val3) {
    int cmd = op & FUTEX_CMD_MASK;
    long arg4 = timeout_ns; /* val2 for the requeue and wake-op commands */
    struct timespec ts;
    if (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI || cmd == FUTEX_WAIT_REQUEUE_PI) {
        if (timeout_ns < 0) {
            arg4 = 0;
        } else {
            ts.tv_sec = timeout_ns / 1000000000;
            ts.tv_nsec = timeout_ns % 1000000000;
            arg4 = (long)&ts;
        }
    }
    return lwp_sys6(SYS_futex, uaddr, op, val, arg4, uaddr2, val3);
}

int64_t lwp_futex_packed(int64_t uaddr, int64_t op_val3, int32_t val, int64_t timeout_ns, int64_t uaddr2) {
    return lwp_futex(uaddr, (int32_t)(uint32_t)op_val3, val, timeout_ns, uaddr2, (int32_t)(op_val3 >> 32));
}

int64_t lwp_thread_pointer(void) {
#if defined(__x86_64__)
    unsigned long fs = 0;
    long r = lwp_sys2(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, (long)&fs);
    return r < 0 ? r : (int64_t)fs;
#elif defined(__aarch64__)
    unsigned long tp;
    __asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
    return (int64_t)tp;
#endif
}

int64_t lwp_pipe(int64_t fds) {
    return lwp_sys2(SYS_pipe2, fds, 02000000 /* O_CLOEXEC */);
}

int64_t lwp_write(int32_t fd, int64_t addr, int64_t len) {
    return lwp_sys3(SYS_write, fd, addr, len);
}

int64_t lwp_close(int32_t fd) {
    return lwp_sys1(SYS_close, fd);
}
