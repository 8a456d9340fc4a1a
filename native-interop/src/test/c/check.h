/* Minimal assertions for the C test programs: print where and why, exit 1. */
#ifndef SHNN_CHECK_H
#define SHNN_CHECK_H
#include <stdio.h>
#include <stdlib.h>
#include "shnn.h"

#define CHECK(cond)                                                                                   \
    do {                                                                                              \
        if (!(cond)) {                                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #cond, \
                    shnn_last_error_message());                                                       \
            exit(1);                                                                                  \
        }                                                                                             \
    } while (0)

#define CHECK_RC(expected, call)                                                                      \
    do {                                                                                              \
        int rc_ = (call);                                                                             \
        if (rc_ != (expected)) {                                                                      \
            fprintf(stderr, "%s:%d: %s returned %d, expected %d (last error: %s)\n", __FILE__,        \
                    __LINE__, #call, rc_, (expected), shnn_last_error_message());                     \
            exit(1);                                                                                  \
        }                                                                                             \
    } while (0)
#endif
