/*
 * Call-overhead benchmark of libshnn.so (not a test): time from shnn_init to a ready API, then ns per
 * shnn_echo call from the thread that started the JVM and from a fresh thread, against a baseline in
 * the same run (an indirect call of a non-inlined C function). Usage: call_bench [calls, default 10M].
 * Prints one "name value unit" line per figure.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

__attribute__((noinline)) static int c_echo(int64_t v, int64_t *out) {
    *out = v;
    return 0;
}

static int (*volatile baseline)(int64_t, int64_t *) = c_echo;
static long calls = 10000000;

static double time_echo(int (*f)(int64_t, int64_t *)) {
    int64_t out = 0, acc = 0;
    for (long i = 0; i < calls / 10; i++) CHECK(f(i, &out) == 0); /* warm-up: JIT the upcall target */
    double t0 = now_ns();
    for (long i = 0; i < calls; i++) {
        f(i, &out);
        acc += out;
    }
    double t1 = now_ns();
    CHECK(acc == (int64_t) calls * (calls - 1) / 2);
    return (t1 - t0) / calls;
}

static void *thread_main(void *arg) {
    *(double *) arg = time_echo(shnn_echo);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1) calls = atol(argv[1]);
    double t0 = now_ns();
    CHECK_RC(SHNN_OK, shnn_init(NULL, NULL));
    double t1 = now_ns();
    printf("init_ms %.1f ms\n", (t1 - t0) / 1e6);
    printf("c_indirect_call %.2f ns/call\n", time_echo(baseline));
    printf("shnn_echo_main_thread %.2f ns/call\n", time_echo(shnn_echo));
    double fresh = 0;
    pthread_t th;
    CHECK(pthread_create(&th, NULL, thread_main, &fresh) == 0);
    CHECK(pthread_join(th, NULL) == 0);
    printf("shnn_echo_new_thread %.2f ns/call\n", fresh);
    return 0;
}
