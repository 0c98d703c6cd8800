/* Shared between the spawner (lwp_task.c), the task's interpreter (lwp_task_child.c) and the entry asm. */
#ifndef LWP_TASK_INTERNAL_H
#define LWP_TASK_INTERNAL_H
#include <stdint.h>

/* The task's first C function: runs the program of the block, never returns. */
__attribute__((noreturn)) void lwp_task_main(int64_t block);

/*
 * clone/clone3 with a child path in asm (the child must not touch the caller's stack frame): nr is SYS_clone or
 * SYS_clone3, a0..a4 its arguments. The child starts on the prepared stack, where [sp] = fn and [sp + 8] = arg,
 * and calls fn(arg). Returns in the parent only: the child's TID or -errno.
 */
long lwp_clone_enter(long nr, long a0, long a1, long a2, long a3, long a4);

#endif
