/*
 * threads.c - four C threads drive four simulations at once (one each, different seeds) through
 * libshnn.so, then the same four run again one after the other on the main thread; every thread's
 * spike count and raster hash must equal the sequential run's. Threads the JVM has never seen are
 * attached on their first call. Usage: threads [neurons=2000] [ms=200]. Exit status 0 on success.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shnn.h"

#define THREADS 4

struct job {
    int64_t seed;
    int64_t neurons;
    double ms;
    int rc;
    int64_t spikes;
    uint8_t hash[32];
    char error[256];
};

static void *simulate(void *arg) {
    struct job *j = arg;
    int64_t sim = 0;
    j->rc = shnn_sim_create_builtin("coba", j->neurons, j->seed, 1, &sim);
    if (j->rc == SHNN_OK) j->rc = shnn_sim_run(sim, j->ms);
    if (j->rc == SHNN_OK) j->rc = shnn_sim_spike_count(sim, &j->spikes);
    if (j->rc == SHNN_OK) j->rc = shnn_sim_raster_sha256(sim, j->hash);
    if (j->rc != SHNN_OK) shnn_last_error(j->error, sizeof j->error);
    if (sim != 0 && shnn_sim_destroy(sim) != SHNN_OK && j->rc == SHNN_OK) j->rc = -1000;
    return NULL;
}

int main(int argc, char **argv) {
    int64_t neurons = argc > 1 ? atoll(argv[1]) : 2000;
    double ms = argc > 2 ? atof(argv[2]) : 200.0;
    if (shnn_init(NULL, NULL) != SHNN_OK) {
        fprintf(stderr, "threads: shnn_init: %s\n", shnn_last_error_message());
        return 1;
    }
    struct job parallel[THREADS], serial[THREADS];
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++) {
        parallel[i] = (struct job){.seed = 1000 + i, .neurons = neurons, .ms = ms};
        serial[i] = parallel[i];
        if (pthread_create(&th[i], NULL, simulate, &parallel[i]) != 0) return 1;
    }
    for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
    int bad = 0;
    for (int i = 0; i < THREADS; i++) {
        simulate(&serial[i]);
        struct job *p = &parallel[i], *s = &serial[i];
        if (p->rc != SHNN_OK || s->rc != SHNN_OK) {
            fprintf(stderr, "threads: seed %lld failed: %d %s / %d %s\n", (long long) p->seed, p->rc, p->error, s->rc, s->error);
            bad = 1;
        } else if (p->spikes != s->spikes || memcmp(p->hash, s->hash, 32) != 0) {
            fprintf(stderr, "threads: seed %lld differs: %lld spikes in a thread, %lld alone\n", (long long) p->seed,
                    (long long) p->spikes, (long long) s->spikes);
            bad = 1;
        } else {
            printf("seed %lld: %lld spikes, same hash in parallel and alone\n", (long long) p->seed, (long long) p->spikes);
        }
    }
    if (bad) return 1;
    printf("threads: ok (%d simulations at once)\n", THREADS);
    return 0;
}
