/*
 * lwp4j_abi_facts: the facts of native/include/lwp4j.h as the compiler of the target arch sees them, one per line,
 * tab-separated, for the Java contract tests (ARCHITECTURE.md §8):
 *
 *   fn     <name>  <result C type>  <parameter C types, comma-separated, or void>  <blocks 0|1>  <raw_safe 0|1>
 *   const  <name>  <value>
 *   size   <name>  <sizeof>
 *   errno  <name>  <number>  <description>
 *
 * Each fn row is checked against its prototype at compile time (a row that differs from the declaration does not
 * build). Constants are the header's macros by name; errnos are <errno.h>'s, named by glibc (strerrorname_np), not a
 * hand-typed list. The library's exported symbols are compared with the fn rows by check_exports.cmake.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "lwp4j.h"

#define SAME_TYPE(f, ret, params) _Static_assert(__builtin_types_compatible_p(__typeof__(&f), ret(*) params), \
                                                 #f ": the LWP4J_FUNCTIONS row is not the prototype");
#define CHECK_FN(ret, name, params, blocks, raw) SAME_TYPE(name, ret, params)
LWP4J_FUNCTIONS(CHECK_FN)

/* "(int64_t len, int32_t shared)" -> "int64_t,int32_t": each parameter's type, without its name. */
static void print_types(const char *params) {
    char buf[512];
    size_t n = strlen(params);
    if (n < 2 || n - 2 >= sizeof buf) {
        fputs("?", stdout);
        return;
    }
    memcpy(buf, params + 1, n - 2); /* without the parentheses */
    buf[n - 2] = '\0';
    const char *sep = "";
    for (char *save = NULL, *p = strtok_r(buf, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
        while (*p == ' ') {
            p++;
        }
        char *last = strrchr(p, ' '); /* "int64_t len": the type ends at the last space; "void" has none */
        if (last != NULL) {
            *last = '\0';
        }
        printf("%s%s", sep, p);
        sep = ",";
    }
}

#define PRINT_FN(ret, name, params, blocks, raw) \
    printf("fn\t%s\t%s\t", #name, #ret);          \
    print_types(#params);                        \
    printf("\t%d\t%d\n", blocks, raw);
#define PRINT_CONST(name) printf("const\t%s\t%lld\n", #name, (long long)(name));
#define PRINT_SIZE(type) printf("size\t%s\t%zu\n", #type, sizeof(type));

int main(void) {
    LWP4J_FUNCTIONS(PRINT_FN)
    LWP4J_CONSTANTS(PRINT_CONST)
    PRINT_SIZE(pthread_mutex_t)
    PRINT_SIZE(pthread_cond_t)
    PRINT_SIZE(pthread_barrier_t)
    PRINT_SIZE(pthread_rwlock_t)
    for (int e = 1; e < 4096; e++) {
        const char *name = strerrorname_np(e);
        if (name != NULL) {
            printf("errno\t%s\t%d\t%s\n", name, e, strerrordesc_np(e));
        }
    }
    /* The aliases <errno.h> defines beside the primary names strerrorname_np answers. */
    printf("errno\tEWOULDBLOCK\t%d\t%s\n", EWOULDBLOCK, strerrordesc_np(EWOULDBLOCK));
    printf("errno\tEDEADLOCK\t%d\t%s\n", EDEADLOCK, strerrordesc_np(EDEADLOCK));
    printf("errno\tENOTSUP\t%d\t%s\n", ENOTSUP, strerrordesc_np(ENOTSUP));
    return 0;
}
