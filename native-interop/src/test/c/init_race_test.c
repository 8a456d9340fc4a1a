/*
 * Concurrent first calls of shnn_init from 4 threads start exactly one JVM, and every thread can call
 * right after its shnn_init returned. Run by scripts/test-native; exits 0 on success.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "check.h"

#define THREADS 4

static pthread_barrier_t start;

static void *racer(void *arg) {
    pthread_barrier_wait(&start);
    CHECK_RC(SHNN_OK, shnn_init(NULL, NULL));
    int64_t out = 0;
    CHECK_RC(SHNN_OK, shnn_echo((int64_t) (intptr_t) arg, &out));
    CHECK(out == (int64_t) (intptr_t) arg);
    return NULL;
}

int main(void) {
    pthread_t th[THREADS];
    CHECK(pthread_barrier_init(&start, NULL, THREADS) == 0);
    for (intptr_t i = 0; i < THREADS; i++) CHECK(pthread_create(&th[i], NULL, racer, (void *) (i + 100)) == 0);
    for (int i = 0; i < THREADS; i++) CHECK(pthread_join(th[i], NULL) == 0);
    printf("init_race_test: ok (%d concurrent shnn_init calls)\n", THREADS);
    return 0;
}
