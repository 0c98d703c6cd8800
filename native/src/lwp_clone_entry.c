/*
 * lwp_clone_enter (see lwp_task_internal.h), in asm per arch: after the syscall the child runs on a fresh stack
 * with no frame to return to, so its whole path — from the syscall to the call of lwp_task_main — must be code that
 * touches nothing but the prepared stack. The syscall numbers are passed in from C (<sys/syscall.h>).
 */
#include "lwp_task_internal.h"

#if defined(__x86_64__)
__asm__(".text\n"
        ".globl lwp_clone_enter\n"
        ".hidden lwp_clone_enter\n"
        ".type lwp_clone_enter,@function\n"
        "lwp_clone_enter:\n"
        "  mov %rdi, %rax\n" /* nr */
        "  mov %rsi, %rdi\n" /* a0 */
        "  mov %rdx, %rsi\n" /* a1 */
        "  mov %rcx, %rdx\n" /* a2 */
        "  mov %r8, %r10\n"  /* a3 */
        "  mov %r9, %r8\n"   /* a4 */
        "  syscall\n"
        "  test %rax, %rax\n"
        "  jnz 1f\n"          /* parent (TID) or error (-errno) */
        "  xor %ebp, %ebp\n"  /* child: the outermost frame */
        "  mov 8(%rsp), %rdi\n"
        "  mov (%rsp), %rax\n"
        "  call *%rax\n"      /* rsp is 16-aligned here: fn sees the ABI's alignment */
        "  ud2\n"
        "1:\n"
        "  ret\n"
        ".size lwp_clone_enter, .-lwp_clone_enter\n");
#elif defined(__aarch64__)
__asm__(".text\n"
        ".globl lwp_clone_enter\n"
        ".hidden lwp_clone_enter\n"
        ".type lwp_clone_enter,%function\n"
        "lwp_clone_enter:\n"
        "  mov x8, x0\n"
        "  mov x0, x1\n"
        "  mov x1, x2\n"
        "  mov x2, x3\n"
        "  mov x3, x4\n"
        "  mov x4, x5\n"
        "  svc #0\n"
        "  cbnz x0, 1f\n"
        "  mov x29, #0\n"
        "  mov x30, #0\n"
        "  ldp x16, x0, [sp]\n"
        "  blr x16\n"
        "  brk #0\n"
        "1:\n"
        "  ret\n"
        ".size lwp_clone_enter, .-lwp_clone_enter\n");
#else
#error "lwp4j: unsupported architecture"
#endif
