/*
 * A second process feeding a live run through mapped spike streams (scripts/test-native, "live streams"):
 * waits for the engine's input ring (MPSC) and output ring, then `producers` threads each put `spikes`
 * input spikes, one per engine step seen, stamped `lead` steps past the engine's consumerStep, to neurons
 * first + p * span + (i % span); one thread drains every output spike until the engine has written step
 * `last_step` (a producer stops early once its stamps would pass it). Writes the produced spikes ("stamp neuron
 * after" lines, after = the engine's consumerStep read once the put returned) and the output spikes ("step
 * neuron") for stream_check.py, which checks them against the engine's record of delivered input and the ring.
 *   stream_host IN_RING OUT_RING PRODUCERS SPIKES SPAN LEAD LAST_STEP PRODUCED.txt OUTPUT.txt
 */
#define _POSIX_C_SOURCE 200809L
#include "shnn.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static shnn_stream *in_ring, *out_ring;
static int spikes, span, lead;
static int64_t last_step;
static int64_t (*produced)[3];
static int *counts;

static void fail(const char *what) {
    fprintf(stderr, "stream_host: %s failed: %s\n", what, shnn_last_error_message());
    exit(1);
}

static void pause_briefly(void) {
    struct timespec ts = {0, 20000};
    nanosleep(&ts, NULL);
}

static void *produce(void *arg) {
    int p = (int) (intptr_t) arg;
    int64_t seen = -1, stamp = -1;
    for (int i = 0; i < spikes;) {
        int64_t c;
        if (shnn_stream_consumer_step(in_ring, &c) != SHNN_OK) fail("shnn_stream_consumer_step");
        if (c == seen) {
            pause_briefly();
            continue;
        }
        seen = c;
        if (c + lead >= last_step) break; /* the run ends before such a spike could take effect */
        stamp = c + lead > stamp ? c + lead : stamp + 1; /* one spike per step and producer */
        int32_t neuron = p * span + i % span;
        if (shnn_stream_put(in_ring, stamp, neuron) != SHNN_OK) fail("shnn_stream_put");
        int64_t after; /* the engine's consumerStep once the put has returned (stream_check.py: leftovers) */
        if (shnn_stream_consumer_step(in_ring, &after) != SHNN_OK) fail("shnn_stream_consumer_step");
        produced[(size_t) p * spikes + i][0] = stamp;
        produced[(size_t) p * spikes + i][1] = neuron;
        produced[(size_t) p * spikes + i][2] = after;
        counts[p] = ++i;
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 10) {
        fprintf(stderr, "usage: stream_host IN_RING OUT_RING PRODUCERS SPIKES SPAN LEAD LAST_STEP PRODUCED OUTPUT\n");
        return 2;
    }
    int producers = atoi(argv[3]);
    spikes = atoi(argv[4]);
    span = atoi(argv[5]);
    lead = atoi(argv[6]);
    last_step = atoll(argv[7]);
    if (shnn_stream_open_wait(argv[1], 120, &in_ring) != SHNN_OK) fail("shnn_stream_open_wait(input)");
    if (shnn_stream_open_wait(argv[2], 120, &out_ring) != SHNN_OK) fail("shnn_stream_open_wait(output)");
    int32_t many;
    if (shnn_stream_info(in_ring, &many, NULL, NULL) != SHNN_OK || !many) {
        fprintf(stderr, "stream_host: the input ring %s is not MPSC\n", argv[1]);
        return 1;
    }
    produced = calloc((size_t) producers * spikes, sizeof *produced);
    counts = calloc((size_t) producers, sizeof *counts);
    pthread_t *threads = calloc((size_t) producers, sizeof *threads);
    for (int p = 0; p < producers; p++) pthread_create(&threads[p], NULL, produce, (void *) (intptr_t) p);

    FILE *out = fopen(argv[9], "w");
    if (out == NULL) fail("fopen(output)");
    enum { BATCH = 4096 };
    static int64_t steps[BATCH];
    static int32_t neurons[BATCH];
    for (;;) {
        int64_t written, got;
        if (shnn_stream_consumer_step(out_ring, &written) != SHNN_OK) fail("shnn_stream_consumer_step");
        if (shnn_stream_drain(out_ring, steps, neurons, BATCH, &got) != SHNN_OK) fail("shnn_stream_drain");
        for (int64_t k = 0; k < got; k++) fprintf(out, "%lld %d\n", (long long) steps[k], neurons[k]);
        if (got == 0) {
            if (written >= last_step) break; /* read after the step was published: nothing of it is left */
            pause_briefly();
        }
    }
    fclose(out);
    for (int p = 0; p < producers; p++) pthread_join(threads[p], NULL);
    FILE *pf = fopen(argv[8], "w");
    if (pf == NULL) fail("fopen(produced)");
    int total = 0;
    for (int p = 0; p < producers; p++) {
        for (int i = 0; i < counts[p]; i++) {
            size_t k = (size_t) p * spikes + i;
            fprintf(pf, "%lld %lld %lld\n", (long long) produced[k][0], (long long) produced[k][1],
                    (long long) produced[k][2]);
        }
        total += counts[p];
    }
    fclose(pf);
    int64_t dropped;
    shnn_stream_dropped(in_ring, &dropped);
    printf("stream_host: %d producers put %d spikes; input drops %lld\n", producers, total, (long long) dropped);
    shnn_stream_close(in_ring);
    shnn_stream_close(out_ring);
    return 0;
}
