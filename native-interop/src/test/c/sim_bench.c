/*
 * Simulation-API benchmark of libshnn.so (not a test). In one fresh process: time from the start of
 * shnn_init to the end of the first simulation step of COBA (split into JVM start, network build and
 * first step), ns per handle call (shnn_sim_spike_count: handle lookup + per-handle lock) against
 * shnn_echo, and spikes per second through shnn_sim_read_spikes for several batch sizes.
 * Usage: sim_bench [neurons=4000] [ms=5000]. Prints "name value unit" lines.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <time.h>

#include "check.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv) {
    int64_t neurons = argc > 1 ? atoll(argv[1]) : 4000;
    double ms = argc > 2 ? atof(argv[2]) : 5000.0;
    double t0 = now_ns();
    CHECK_RC(SHNN_OK, shnn_init(NULL, NULL));
    double t1 = now_ns();
    int64_t sim = 0;
    CHECK_RC(SHNN_OK, shnn_sim_create_builtin("coba", neurons, 42, 1, &sim));
    double t2 = now_ns();
    CHECK_RC(SHNN_OK, shnn_sim_run_steps(sim, 1));
    double t3 = now_ns();
    printf("init_ms %.1f ms\n", (t1 - t0) / 1e6);
    printf("create_coba_ms %.1f ms (%lld neurons)\n", (t2 - t1) / 1e6, (long long) neurons);
    printf("first_step_ms %.1f ms\n", (t3 - t2) / 1e6);
    printf("init_to_first_step_ms %.1f ms\n", (t3 - t0) / 1e6);

    CHECK_RC(SHNN_OK, shnn_sim_run(sim, ms));
    int64_t total = 0, out = 0;
    CHECK_RC(SHNN_OK, shnn_sim_spike_count(sim, &total));
    printf("spikes %lld\n", (long long) total);

    const long calls = 5000000;
    for (int round = 0; round < 2; round++) { /* round 0 warms up */
        double a = now_ns();
        for (long i = 0; i < calls; i++) shnn_echo(i, &out);
        double b = now_ns();
        for (long i = 0; i < calls; i++) shnn_sim_spike_count(sim, &out);
        double c = now_ns();
        CHECK(out == total);
        if (round == 1) {
            printf("shnn_echo %.2f ns/call\n", (b - a) / calls);
            printf("shnn_sim_spike_count %.2f ns/call\n", (c - b) / calls);
        }
    }

    int64_t batches[] = {1, 64, 4096, 65536, 1 << 20};
    int64_t *steps = malloc(sizeof(int64_t) * (1 << 20));
    int32_t *ids = malloc(sizeof(int32_t) * (1 << 20));
    CHECK(steps != NULL && ids != NULL);
    for (size_t k = 0; k < sizeof batches / sizeof batches[0]; k++) {
        int64_t batch = batches[k];
        int64_t limit = batch == 1 ? total < 200000 ? total : 200000 : total; /* batch 1 is slow: a prefix */
        double best = 1e300;
        for (int rep = 0; rep < 3; rep++) {
            int64_t got = 0, read = 0;
            double a = now_ns();
            while (read < limit) {
                CHECK_RC(SHNN_OK, shnn_sim_read_spikes(sim, read, batch, steps, ids, &got));
                read += got;
            }
            double b = now_ns();
            if (b - a < best) best = b - a;
        }
        printf("read_spikes_batch_%lld %.1f Mspikes/s (%.2f ns/spike)\n", (long long) batch, limit / best * 1e3,
               best / limit);
    }
    free(steps);
    free(ids);
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
    return 0;
}
