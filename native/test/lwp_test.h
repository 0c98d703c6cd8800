/* A tiny assertion kit for the C tests: each test is a program, exit 0 = pass (CTest). */
#ifndef LWP_TEST_H
#define LWP_TEST_H
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                                                           \
    do {                                                                                                      \
        if (!(cond)) {                                                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                          \
            exit(1);                                                                                          \
        }                                                                                                     \
    } while (0)

#define CHECK_EQ(a, b)                                                                                        \
    do {                                                                                                      \
        long long a_ = (long long)(a), b_ = (long long)(b);                                                   \
        if (a_ != b_) {                                                                                       \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, %s == %lld\n", __FILE__, __LINE__, #a, a_,   \
                    #b, b_);                                                                                  \
            exit(1);                                                                                          \
        }                                                                                                     \
    } while (0)
#endif
