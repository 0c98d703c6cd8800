/* x86_64: number in rax, args in rdi rsi rdx r10 r8 r9; the syscall instruction clobbers rcx and r11. */
#ifndef LWP_SYSCALL_X86_64_H
#define LWP_SYSCALL_X86_64_H

static inline long lwp_sys6(long n, long a, long b, long c, long d, long e, long f) {
    long r;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return r;
}

/* The thread pointer: the FS base, read with arch_prctl (a syscall, not an %fs access). */
static inline int64_t lwp_read_thread_pointer(void) {
    unsigned long fs = 0;
    long r = lwp_sys6(SYS_arch_prctl, ARCH_GET_FS, (long)&fs, 0, 0, 0, 0);
    return r < 0 ? r : (int64_t)fs;
}

static inline void lwp_cpu_relax(void) {
    __asm__ volatile("pause" ::: "memory");
}

#endif /* LWP_SYSCALL_X86_64_H */
