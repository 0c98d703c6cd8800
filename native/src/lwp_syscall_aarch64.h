/* aarch64: number in x8, args in x0..x5, result in x0; svc #0. */
#ifndef LWP_SYSCALL_AARCH64_H
#define LWP_SYSCALL_AARCH64_H

static inline long lwp_sys6(long n, long a, long b, long c, long d, long e, long f) {
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
}

/* The thread pointer: TPIDR_EL0, read by the one instruction that may name it (check_task_child.cmake). */
static inline int64_t lwp_read_thread_pointer(void) {
    unsigned long tp;
    __asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
    return (int64_t)tp;
}

static inline void lwp_cpu_relax(void) {
    __asm__ volatile("yield" ::: "memory");
}

#endif /* LWP_SYSCALL_AARCH64_H */
