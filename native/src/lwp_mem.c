/* Memory: the page size and anonymous or file mappings, raw syscalls returning >= 0 or -errno. */
#include <sys/auxv.h>
#include <sys/mman.h>

#include "lwp4j.h"
#include "lwp_syscall.h"

int64_t lwp_page_size(void) {
    return (int64_t)getauxval(AT_PAGESZ);
}

int64_t lwp_mem_map(int64_t len, int32_t shared, int32_t guard) {
    int64_t page = lwp_page_size();
    if (len <= 0 || (guard && len <= page)) {
        return -EINVAL;
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

int64_t lwp_mem_map_fd(int32_t fd, int64_t len, int64_t offset) {
    if (len <= 0 || offset < 0 || (offset & (lwp_page_size() - 1)) != 0) {
        return -EINVAL;
    }
    return lwp_sys6(SYS_mmap, 0, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
}
