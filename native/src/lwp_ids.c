/* Identity: ABI version, gettid, getpid, getcpu — all raw syscalls, all safe on a raw task. */
#include "lwp4j.h"
#include "lwp_syscall.h"

int32_t lwp_abi_version(void) {
    return LWP4J_ABI_VERSION;
}

int64_t lwp_gettid(void) {
    return lwp_sys0(SYS_gettid);
}

int64_t lwp_getpid(void) {
    return lwp_sys0(SYS_getpid);
}

int64_t lwp_getcpu(void) {
    /* The result words live on this task's own stack: nothing shared, nothing thread-local. */
    unsigned cpu = 0, node = 0;
    long r = lwp_sys3(SYS_getcpu, (long)&cpu, (long)&node, 0);
    if (r < 0) {
        return r;
    }
    return (int64_t)cpu | ((int64_t)node << 32);
}
