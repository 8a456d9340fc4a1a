/*
 * Tests the embedding machinery of libshnn.so from C: errors before init, JVM start, idempotent init,
 * round trips, argument errors with per-thread messages, and 4 threads (never seen by the JVM) calling
 * at once. Run by scripts/test-native; exits 0 on success.
 */
#include <pthread.h>
#include <string.h>

#include "check.h"

#define THREADS 4
#define CALLS 200000

static void *worker(void *arg) {
    int64_t id = (int64_t) (intptr_t) arg;
    for (int64_t i = 0; i < CALLS; i++) {
        int64_t out = -1, v = id * 1000000007LL + i;
        CHECK_RC(SHNN_OK, shnn_echo(v, &out));
        CHECK(out == v);
    }
    /* Each thread's failure message is its own. */
    int32_t values[3] = {1, 2, 3};
    int64_t sum = 0;
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sum_i32(values, -id - 1, &sum));
    char expect[128];
    snprintf(expect, sizeof expect, "count %lld out of range", (long long) (-id - 1));
    CHECK(strstr(shnn_last_error_message(), expect) != NULL);
    CHECK_RC(SHNN_OK, shnn_sum_i32(values, 3, &sum));
    CHECK(sum == 6);
    CHECK(strstr(shnn_last_error_message(), expect) != NULL); /* success leaves the message */
    return NULL;
}

int main(void) {
    int64_t out = 0;
    CHECK(strlen(shnn_version()) > 0);
    CHECK_RC(SHNN_E_STATE, shnn_echo(1, &out));
    CHECK(strcmp(shnn_last_error_message(), "SHNN_E_STATE: shnn_init has not succeeded yet") == 0);

    CHECK_RC(SHNN_OK, shnn_init(NULL, "-Xmx256m"));
    CHECK_RC(SHNN_OK, shnn_init("/ignored/after/start.jar", "-Xbogus")); /* idempotent */

    CHECK_RC(SHNN_OK, shnn_echo(-42, &out));
    CHECK(out == -42);
    int32_t values[4] = {2147483647, 2147483647, -5, 10};
    CHECK_RC(SHNN_OK, shnn_sum_i32(values, 4, &out));
    CHECK(out == 4294967299LL);
    CHECK_RC(SHNN_OK, shnn_sum_i32(NULL, 0, &out));
    CHECK(out == 0);

    /* Argument errors: status, message, truncation, snprintf-style length. */
    CHECK_RC(SHNN_E_ARGUMENT, shnn_echo(7, NULL));
    const char *msg = "SHNN_E_ARGUMENT: out is NULL";
    CHECK(strcmp(shnn_last_error_message(), msg) == 0);
    char small[8];
    CHECK(shnn_last_error(small, sizeof small) == (int) strlen(msg));
    CHECK(strcmp(small, "SHNN_E_") == 0);
    CHECK(shnn_last_error(NULL, 0) == (int) strlen(msg));
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sum_i32(NULL, 2, &out));
    CHECK(strcmp(shnn_last_error_message(), "SHNN_E_ARGUMENT: values is NULL") == 0);

    pthread_t th[THREADS];
    for (intptr_t i = 0; i < THREADS; i++) CHECK(pthread_create(&th[i], NULL, worker, (void *) i) == 0);
    for (int i = 0; i < THREADS; i++) CHECK(pthread_join(th[i], NULL) == 0);
    /* The main thread's message is untouched by the workers' failures. */
    CHECK(strcmp(shnn_last_error_message(), "SHNN_E_ARGUMENT: values is NULL") == 0);
    printf("bridge_test: ok (%s, %d threads x %d calls)\n", shnn_version(), THREADS, CALLS);
    return 0;
}
