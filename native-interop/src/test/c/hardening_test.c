/* Issue 17 from C: misuse and damaged files give status codes, never a crash or a hang.
 * Usage: hardening_test DIR (a writable directory for checkpoints). */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

int main(int argc, char **argv) {
    CHECK(argc == 2);
    char path[4096];
    snprintf(path, sizeof path, "%s/hardening.shnn", argv[1]);
    char out[4096];
    snprintf(out, sizeof out, "%s/out.shnn", argv[1]);
    CHECK_RC(SHNN_OK, shnn_init(NULL, NULL));

    int64_t h = 0;
    CHECK_RC(SHNN_OK, shnn_sim_create_builtin("coba", 400, 42, 2, &h));
    /* durations past the bound: refused at once (1e300 ms was taken as 2^63 steps and never returned) */
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_run(h, 1e300));
    CHECK(strstr(shnn_last_error_message(), "MAX_STEPS") != NULL);
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_run_steps(h, SHNN_MAX_STEPS + 1));
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_run_steps(h, INT64_MAX));
    CHECK_RC(SHNN_OK, shnn_sim_run(h, 20));
    /* neuron ids out of range: nothing queued */
    int32_t bad[2] = {0, -1};
    float w[2] = {1.0f, 1.0f};
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_inject(h, "exc", 0, bad, w, 2));
    CHECK(strstr(shnn_last_error_message(), "neurons[1] = -1") != NULL);
    bad[1] = 320; /* exc holds 320 neurons */
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_inject(h, "exc", 0, bad, w, 2));
    CHECK_RC(SHNN_OK, shnn_sim_save(h, path));
    CHECK_RC(SHNN_OK, shnn_sim_destroy(h));

    /* verification flags */
    for (int32_t flags = SHNN_OPEN_VERIFY_DEFERRED; flags <= SHNN_OPEN_VERIFY_NONE; flags++) {
        CHECK_RC(SHNN_OK, shnn_sim_open(path, 1, flags, &h));
        CHECK_RC(SHNN_OK, shnn_sim_run(h, 1));
        CHECK_RC(SHNN_OK, shnn_sim_destroy(h));
    }
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_open(path, 1, 3, &h));

    /* the file truncated under an open simulation: an error, then a poisoned handle (was SIGBUS) */
    CHECK_RC(SHNN_OK, shnn_sim_open(path, 2, SHNN_OPEN_VERIFY_DEFERRED, &h));
    CHECK(truncate(path, 4096) == 0);
    CHECK_RC(SHNN_E_IO, shnn_sim_save(h, out));
    CHECK(strstr(shnn_last_error_message(), "truncated") != NULL);
    CHECK(access(out, F_OK) != 0);
    CHECK_RC(SHNN_E_STATE, shnn_sim_run(h, 1));
    uint8_t sha[32];
    CHECK_RC(SHNN_E_STATE, shnn_sim_raster_sha256(h, sha));
    CHECK_RC(SHNN_E_STATE, shnn_sim_save(h, out));
    CHECK_RC(SHNN_OK, shnn_sim_destroy(h));
    CHECK_RC(SHNN_E_IO, shnn_sim_open(path, 1, SHNN_OPEN_VERIFY_DEFERRED, &h));
    printf("hardening_test: ok\n");
    return 0;
}
