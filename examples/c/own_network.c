/*
 * own_network.c - a network of your own from C: the network of examples/networks/cross-host.json (two
 * populations of IF_cond_exp, a Poisson source connected by an explicit list, a DC pulse, a recorder of v),
 * described with the shnn_net_* functions instead of the file. For the same seed it gives the same spikes, bit
 * for bit, as the file run by the Java CLI, the Python package and Java code (scripts/test-native compares).
 *
 * Build: scripts/build-native (-> native-interop/target/native/bin/own_network).
 * Usage: own_network [ms=300] [threads=1]
 * Output: "spikes N", "sha256 HEX", "v_samples S" (samples of the recorder) and "v0_last_mV X", then
 * "error checks: ok". Exit status 0 on success.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shnn.h"

#define LIST 200

static int fail(const char *what, int rc) {
    fprintf(stderr, "own_network: %s failed with %d: %s\n", what, rc, shnn_last_error_message());
    return 1;
}

/* Expects `rc == want` for a deliberate mistake, and a message that names the problem. */
static int expect(const char *what, int rc, int want, const char *needle) {
    const char *msg = shnn_last_error_message();
    if (rc != want || strstr(msg, needle) == NULL) {
        fprintf(stderr, "own_network: %s returned %d (want %d), message \"%s\" (want \"%s\")\n", what, rc, want, msg,
                needle);
        return 1;
    }
    printf("  %s -> %d: %s\n", what, rc, msg);
    return 0;
}

/* The neuron of the Vogels-Abbott COBA benchmark in PyNN's names and units (nF, ms, mV, nA). */
static const char *const CELL[] = {"cm", "tau_m", "v_rest", "v_thresh", "v_reset", "tau_refrac", "e_rev_E",
                                   "e_rev_I", "tau_syn_E", "tau_syn_I", "i_offset"};
static const double CELL_VALUES[] = {0.2, 20.0, -60.0, -50.0, -60.0, 5.0, 0.0, -80.0, 5.0, 10.0, 0.2};

static int describe(int64_t net, int32_t *pre, int32_t *post, double *weights) {
    int rc;
    const int32_t ncell = (int32_t) (sizeof CELL / sizeof CELL[0]);
    const double v0[] = {-55.0, 5.0};
    if ((rc = shnn_net_population(net, "exc", 400, "IF_cond_exp", CELL, CELL_VALUES, ncell)) != SHNN_OK) return rc;
    if ((rc = shnn_net_initialize(net, "exc", "v", "normal", v0, 2)) != SHNN_OK) return rc;
    if ((rc = shnn_net_population(net, "inh", 100, "IF_cond_exp", CELL, CELL_VALUES, ncell)) != SHNN_OK) return rc;
    if ((rc = shnn_net_initialize(net, "inh", "v", "normal", v0, 2)) != SHNN_OK) return rc;
    const char *rate[] = {"rate"};
    const double hz[] = {20.0};
    if ((rc = shnn_net_population(net, "noise", 50, "SpikeSourcePoisson", rate, hz, 1)) != SHNN_OK) return rc;

    const char *p[] = {"p_connect"};
    const double p5[] = {0.05};
    if ((rc = shnn_net_projection(net, NULL, "exc", "exc", "excitatory", "FixedProbabilityConnector", p, p5, 1, 0.004,
                                  0.2)) != SHNN_OK) return rc;
    if ((rc = shnn_net_projection(net, NULL, "exc", "inh", "excitatory", "FixedProbabilityConnector", p, p5, 1, 0.004,
                                  0.2)) != SHNN_OK) return rc;
    if ((rc = shnn_net_projection(net, NULL, "inh", "exc", "inhibitory", "FixedProbabilityConnector", p, p5, 1, 0.05,
                                  0.2)) != SHNN_OK) return rc;
    if ((rc = shnn_net_projection(net, NULL, "inh", "inh", "inhibitory", "FixedProbabilityConnector", p, p5, 1, 0.05,
                                  0.2)) != SHNN_OK) return rc;
    /* An explicit list, passed by pointer: no call per synapse, no copy through the Java heap. */
    for (int k = 0; k < LIST; k++) {
        pre[k] = k % 50;
        post[k] = (k * 37) % 400;
        weights[k] = 0.002 + 0.0001 * (k % 10);
    }
    if ((rc = shnn_net_projection_list(net, NULL, "noise", "exc", "excitatory", pre, post, weights, NULL, LIST, 0.0,
                                       1.0)) != SHNN_OK) return rc;

    const char *dc[] = {"amplitude", "start", "stop"};
    const double dc_values[] = {0.1, 50.0, 150.0};
    const int32_t first10[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    if ((rc = shnn_net_current_source(net, "pulse", "exc", "DCSource", dc, dc_values, 3, first10, 10)) != SHNN_OK) return rc;
    const int32_t three[] = {0, 1, 2};
    return shnn_net_record(net, "exc", "v", three, 3, 1.0);
}

int main(int argc, char **argv) {
    double ms = argc > 1 ? atof(argv[1]) : 300.0;
    int32_t threads = argc > 2 ? atoi(argv[2]) : 1;
    int rc;
    if ((rc = shnn_init(NULL, NULL)) != SHNN_OK) return fail("shnn_init", rc);

    int64_t net = 0, sim = 0;
    if ((rc = shnn_net_create("cross-host", 0.1, 7, &net)) != SHNN_OK) return fail("net_create", rc);
    int32_t *pre = malloc(LIST * sizeof *pre), *post = malloc(LIST * sizeof *post);
    double *weights = malloc(LIST * sizeof *weights);
    if ((rc = describe(net, pre, post, weights)) != SHNN_OK) return fail("describe", rc);
    if ((rc = shnn_sim_create(net, threads, &sim)) != SHNN_OK) return fail("sim_create", rc);
    /* The lists were read while the simulation was built: they may be freed now. */
    free(pre);
    free(post);
    free(weights);

    if ((rc = shnn_sim_run(sim, ms)) != SHNN_OK) return fail("run", rc);
    int64_t spikes = 0;
    uint8_t hash[32];
    if ((rc = shnn_sim_spike_count(sim, &spikes)) != SHNN_OK) return fail("spike_count", rc);
    if ((rc = shnn_sim_raster_sha256(sim, hash)) != SHNN_OK) return fail("raster_sha256", rc);
    printf("spikes %lld\nsha256 ", (long long) spikes);
    for (int i = 0; i < 32; i++) printf("%02x", hash[i]);
    printf("\n");

    int64_t samples = 0, recorded = 0;
    if ((rc = shnn_sim_samples(sim, 0, "v", 0, NULL, NULL, &samples, &recorded)) != SHNN_OK) return fail("samples", rc);
    double *times = malloc((size_t) samples * sizeof *times);
    double *v = malloc((size_t) (samples * recorded) * sizeof *v);
    if ((rc = shnn_sim_samples(sim, 0, "v", samples, times, v, &samples, &recorded)) != SHNN_OK) return fail("samples", rc);
    printf("v_samples %lld of %lld neurons\n", (long long) samples, (long long) recorded);
    if (samples > 0) printf("v0_last_mV %.6f at %.1f ms\n", v[(samples - 1) * recorded], times[samples - 1]);
    free(times);
    free(v);

    /* Mistakes in a description are error codes naming the part and field; the process keeps running. */
    printf("error checks:\n");
    int bad = 0;
    int64_t other = 0, bad_net = 0;
    if ((rc = shnn_net_create("bad", 0.1, 1, &bad_net)) != SHNN_OK) return fail("net_create", rc);
    bad |= expect("population(cell_type \"IF_cond_exq\")",
                  shnn_net_population(bad_net, "a", 10, "IF_cond_exq", NULL, NULL, 0), SHNN_OK, "");
    bad |= expect("sim_create(unknown cell type)", shnn_sim_create(bad_net, 1, &other), SHNN_E_ARGUMENT, "IF_cond_exq");
    bad |= expect("add(section \"neurons\")", shnn_net_add(bad_net, "neurons", "{}"), SHNN_E_ARGUMENT, "neurons");
    bad |= expect("add(bad JSON)", shnn_net_add(bad_net, "populations", "{\"label\": }"), SHNN_E_ARGUMENT, "populations[1]");
    bad |= expect("initialize(no such population)", shnn_net_initialize(bad_net, "zz", "v", "normal", NULL, 0),
                  SHNN_E_ARGUMENT, "normal");
    bad |= expect("lend(type 9)", shnn_net_lend(bad_net, "k", 9, &other, 1), SHNN_E_ARGUMENT, "SHNN_TYPE_F64");
    bad |= expect("net_destroy(destroyed)", (shnn_net_destroy(bad_net), shnn_net_destroy(bad_net)), SHNN_E_HANDLE,
                  "is not open");
    bad |= expect("samples(recorder 5)", shnn_sim_samples(sim, 5, "v", 0, NULL, NULL, &samples, &recorded),
                  SHNN_E_ARGUMENT, "recorder 5");
    if ((rc = shnn_net_destroy(net)) != SHNN_OK) return fail("net_destroy", rc);
    if ((rc = shnn_sim_destroy(sim)) != SHNN_OK) return fail("sim_destroy", rc);
    if (bad) return 1;
    printf("error checks: ok\n");
    return 0;
}
