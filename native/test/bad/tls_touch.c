/* Not part of the library: an object that addresses TLS and calls out, which check_task_child.cmake must refuse
 * (CTest test_task_child_check_refuses_tls expects that check to fail: a check that cannot fail proves nothing). */
#include <string.h>

extern __thread int lwp_bad_tls_word;
__thread int lwp_bad_tls_word;

int lwp_bad_touch(char *dst, const char *src, unsigned long n);
int lwp_bad_touch(char *dst, const char *src, unsigned long n) {
    memcpy(dst, src, n);
    return ++lwp_bad_tls_word;
}
