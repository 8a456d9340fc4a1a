/*
 * runs_test.c - between runs from C: a projection's synapses read and set as lists and dense arrays
 * (shnn_sim_synapses, shnn_sim_set_synapses, shnn_sim_dense, shnn_sim_set_dense), out-of-range delays refused
 * naming the projection and bounds, set values saved and resumed bit-identically, and shnn_sim_reset: reset then
 * run gives the raster of a fresh simulation, keeping set weights.
 * Usage: runs_test DIR (a writable directory for a checkpoint). Exit status 0 on success.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define EXC 80
#define INH 20

static const char *const CELL[] = {"cm", "tau_m", "v_rest", "v_thresh", "v_reset", "tau_refrac", "e_rev_E",
                                   "e_rev_I", "tau_syn_E", "tau_syn_I", "i_offset"};
static const double CELL_VALUES[] = {0.2, 20.0, -60.0, -50.0, -60.0, 5.0, 0.0, -80.0, 5.0, 10.0, 0.25};

/* exc->exc (0), exc->inh (1, delays 1-3 ms), inh->exc (2), from a Poisson source (3). */
static int64_t network(void) {
    int64_t net = 0;
    CHECK_RC(SHNN_OK, shnn_net_create("runs", 0.1, 9, &net));
    const int32_t ncell = (int32_t) (sizeof CELL / sizeof CELL[0]);
    const double v0[] = {-60.0, -50.0};
    CHECK_RC(SHNN_OK, shnn_net_population(net, "exc", EXC, "IF_cond_exp", CELL, CELL_VALUES, ncell));
    CHECK_RC(SHNN_OK, shnn_net_initialize(net, "exc", "v", "uniform", v0, 2));
    CHECK_RC(SHNN_OK, shnn_net_population(net, "inh", INH, "IF_cond_exp", CELL, CELL_VALUES, ncell));
    const char *rate[] = {"rate"};
    const double hz[] = {30.0};
    CHECK_RC(SHNN_OK, shnn_net_population(net, "noise", 40, "SpikeSourcePoisson", rate, hz, 1));
    const char *p[] = {"p_connect"};
    const double p1[] = {0.1};
    CHECK_RC(SHNN_OK, shnn_net_projection(net, NULL, "exc", "exc", "excitatory", "FixedProbabilityConnector", p, p1, 1,
                                          0.004, 1.0));
    CHECK_RC(SHNN_OK, shnn_net_add(net, "projections",
                                   "{\"pre\": \"exc\", \"post\": \"inh\", \"receptor_type\": \"excitatory\","
                                   " \"connector\": {\"type\": \"FixedProbabilityConnector\", \"p_connect\": 0.2},"
                                   " \"weight\": 0.004, \"delay\": {\"distribution\": \"uniform\", \"low\": 1.0,"
                                   " \"high\": 3.0}}"));
    CHECK_RC(SHNN_OK, shnn_net_projection(net, NULL, "inh", "exc", "inhibitory", "FixedProbabilityConnector", p, p1, 1,
                                          0.05, 1.0));
    const double p3[] = {0.3};
    CHECK_RC(SHNN_OK, shnn_net_projection(net, NULL, "noise", "exc", "excitatory", "FixedProbabilityConnector", p, p3,
                                          1, 0.006, 1.0));
    return net;
}

static void sha(int64_t sim, uint8_t out[32]) {
    CHECK_RC(SHNN_OK, shnn_sim_raster_sha256(sim, out));
}

/* Doubles projection 0's weights by list and moves projection 1's delays to 2.5 ms by a dense array. */
static void change(int64_t sim) {
    int64_t n = 0;
    CHECK_RC(SHNN_OK, shnn_sim_synapses(sim, 0, 0, NULL, NULL, NULL, NULL, &n));
    double *w = malloc(sizeof(double) * (size_t) n);
    CHECK_RC(SHNN_OK, shnn_sim_synapses(sim, 0, n, NULL, NULL, w, NULL, &n));
    for (int64_t k = 0; k < n; k++) w[k] *= 2.0;
    CHECK_RC(SHNN_OK, shnn_sim_set_synapses(sim, 0, n, NULL, NULL, w, NULL));
    free(w);
    double *d = malloc(sizeof(double) * EXC * INH);
    int64_t rows = 0, cols = 0;
    CHECK_RC(SHNN_OK, shnn_sim_dense(sim, 1, SHNN_FIELD_DELAY, SHNN_MULTIPLE_LAST, &rows, &cols, d));
    CHECK(rows == EXC && cols == INH);
    for (int k = 0; k < EXC * INH; k++) if (!isnan(d[k])) d[k] = 2.5;
    CHECK_RC(SHNN_OK, shnn_sim_set_dense(sim, 1, SHNN_FIELD_DELAY, EXC, INH, d));
    free(d);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: runs_test DIR\n");
        return 2;
    }
    CHECK_RC(SHNN_OK, shnn_init(NULL, NULL));
    char path[4096];
    snprintf(path, sizeof path, "%s/runs.shnn", argv[1]);
    int64_t net = network();
    uint8_t fresh[32], changed[32], again[32];

    int64_t sim = 0;
    CHECK_RC(SHNN_OK, shnn_sim_create(net, 2, &sim));
    CHECK_RC(SHNN_OK, shnn_sim_run_steps(sim, 400));
    sha(sim, fresh);

    /* Reading back: dense weights agree with the list; absent pairs are NaN. */
    int64_t n = 0;
    CHECK_RC(SHNN_OK, shnn_sim_synapses(sim, 1, 0, NULL, NULL, NULL, NULL, &n));
    int32_t *pre = malloc(sizeof(int32_t) * (size_t) n);
    int32_t *post = malloc(sizeof(int32_t) * (size_t) n);
    double *wl = malloc(sizeof(double) * (size_t) n);
    CHECK_RC(SHNN_OK, shnn_sim_synapses(sim, 1, n, pre, post, wl, NULL, &n));
    double *dense = malloc(sizeof(double) * EXC * INH);
    int64_t rows = 0, cols = 0;
    CHECK_RC(SHNN_OK, shnn_sim_dense(sim, 1, SHNN_FIELD_WEIGHT, SHNN_MULTIPLE_SUM, &rows, &cols, NULL));
    CHECK(rows == EXC && cols == INH);
    CHECK_RC(SHNN_OK, shnn_sim_dense(sim, 1, SHNN_FIELD_WEIGHT, SHNN_MULTIPLE_SUM, &rows, &cols, dense));
    int64_t present = 0;
    for (int k = 0; k < EXC * INH; k++) present += !isnan(dense[k]);
    CHECK(present == n);
    for (int64_t k = 0; k < n; k++) CHECK(fabs(dense[pre[k] * INH + post[k]] - wl[k]) < 1e-12);
    CHECK(fabs(wl[0] - 0.004) < 1e-9);

    /* One listed pair: weight 0.01 uS, delay 3 ms. */
    const double w1[] = {0.01}, d1[] = {3.0};
    CHECK_RC(SHNN_OK, shnn_sim_set_synapses(sim, 1, 1, pre, post, w1, d1));
    double wb = 0, db = 0;
    int64_t one = 0;
    CHECK_RC(SHNN_OK, shnn_sim_synapses(sim, 1, 1, NULL, NULL, &wb, &db, &one));
    CHECK(fabs(wb - 0.01) < 1e-9 && fabs(db - 3.0) < 1e-9);

    /* Refusals name the projection and the bounds; nothing changes. */
    const double bad[] = {0.5};
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_synapses(sim, 1, 1, pre, post, NULL, bad));
    CHECK(strstr(shnn_last_error_message(), "delays[0] = 5 steps") != NULL);
    CHECK(strstr(shnn_last_error_message(), "[10, 30]") != NULL);
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_dense(sim, 1, SHNN_FIELD_WEIGHT, INH, EXC, dense));
    CHECK(strstr(shnn_last_error_message(), "expected 80 x 20") != NULL);
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_synapses(sim, 7, 0, NULL, NULL, NULL, NULL));

    /* Neuron parameters between runs: a bad value is refused naming the field; a good one changes the run. */
    const char *tau[] = {"tau_m"};
    const double negative[] = {-1.0}, ten[] = {10.0};
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_parameters(sim, "exc", tau, negative, 1));
    CHECK(strstr(shnn_last_error_message(), "tau_m") != NULL);
    CHECK_RC(SHNN_OK, shnn_sim_set_parameters(sim, "exc", tau, ten, 1));
    CHECK_RC(SHNN_OK, shnn_sim_run_steps(sim, 10));

    /* Reset keeps the listed set and goes back to step 0. */
    CHECK_RC(SHNN_OK, shnn_sim_reset(sim));
    int64_t step = -1;
    double ms = -1;
    CHECK_RC(SHNN_OK, shnn_sim_time(sim, &step, &ms));
    CHECK(step == 0);
    CHECK_RC(SHNN_OK, shnn_sim_synapses(sim, 1, 1, NULL, NULL, &wb, &db, &one));
    CHECK(fabs(wb - 0.01) < 1e-9 && fabs(db - 3.0) < 1e-9);
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));

    /* A fresh simulation, reset after a run: same raster as the first run. */
    CHECK_RC(SHNN_OK, shnn_sim_create(net, 1, &sim));
    CHECK_RC(SHNN_OK, shnn_sim_run_steps(sim, 250));
    CHECK_RC(SHNN_OK, shnn_sim_reset(sim));
    CHECK_RC(SHNN_OK, shnn_sim_run_steps(sim, 400));
    sha(sim, again);
    CHECK(memcmp(fresh, again, 32) == 0);

    /* Set between two halves, saved and resumed = straight with the set. */
    CHECK_RC(SHNN_OK, shnn_sim_reset(sim));
    CHECK_RC(SHNN_OK, shnn_sim_run_steps(sim, 200));
    change(sim);
    CHECK_RC(SHNN_OK, shnn_sim_save(sim, path));
    CHECK_RC(SHNN_OK, shnn_sim_run_steps(sim, 200));
    sha(sim, changed);
    CHECK(memcmp(fresh, changed, 32) != 0);
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
    CHECK_RC(SHNN_OK, shnn_sim_open(path, 2, 0, &sim));
    CHECK_RC(SHNN_OK, shnn_sim_run_steps(sim, 200));
    sha(sim, again);
    CHECK(memcmp(changed, again, 32) == 0);
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
    CHECK_RC(SHNN_OK, shnn_net_destroy(net));
    free(pre);
    free(post);
    free(wl);
    free(dense);
    printf("runs_test: ok\n");
    return 0;
}
