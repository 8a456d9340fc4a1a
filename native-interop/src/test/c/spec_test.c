/*
 * spec_test.c - the rest of a network description from C (issue 13): hyperedges (shnn_net_hyperedge) and a
 * projection's weight recorder (shnn_net_record_weights) give the same spikes as the same network written as a
 * network file's JSON, for 1 and 2 threads; the recorded weights are the projection's weights at the sampled steps
 * (shnn_sim_synapses) and change under STDP; between runs, neuron parameters are read back per neuron
 * (shnn_sim_get_parameter: given values and PyNN's defaults) and set per neuron (shnn_sim_set_parameter_values), and a
 * SpikeSourceArray's spikes are replaced (shnn_sim_set_spike_times); bad input gives SHNN_E_ARGUMENT naming the place;
 * arrays lent with SHNN_LEND_KEPT are saved with the description (shnn_sim_open continues the run alone); a weight of
 * the wrong sign is refused unless the connector is given "safe" 0.
 * Usage: spec_test <empty directory>; exit status 0 on success.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define IN 30
#define EXC 20

static const char *const CELL[] = {"cm", "tau_m", "v_rest", "v_thresh", "v_reset", "tau_refrac", "e_rev_E",
                                   "e_rev_I", "tau_syn_E", "tau_syn_I", "i_offset"};
static const double CELL_VALUES[] = {0.2, 20.0, -60.0, -50.0, -60.0, 2.0, 0.0, -80.0, 5.0, 10.0, 0.25};

static const char *STDP =
    "{\"label\": \"in->exc\", \"pre\": \"in\", \"post\": \"exc\", \"receptor_type\": \"excitatory\","
    " \"connector\": {\"type\": \"FixedProbabilityConnector\", \"p_connect\": 0.5},"
    " \"weight\": 0.004, \"delay\": 1.0,"
    " \"synapse_type\": {\"type\": \"STDPMechanism\","
    "  \"timing_dependence\": {\"type\": \"SpikePairRule\", \"tau_plus\": 20.0, \"tau_minus\": 20.0,"
    "   \"A_plus\": 0.02, \"A_minus\": 0.024},"
    "  \"weight_dependence\": {\"type\": \"AdditiveWeightDependence\", \"w_min\": 0.0, \"w_max\": 0.01}}}";

static const int32_t CHOSEN[] = {0, 3, 7};

/* The network from typed calls: hyperedges and the weight recorder (recorder 0) by their C functions. */
static int64_t typed(const char *weight_projection) {
    int64_t net = 0;
    CHECK_RC(SHNN_OK, shnn_net_create("spec", 0.1, 21, &net));
    const char *rate[] = {"rate"};
    const double hz[] = {40.0};
    CHECK_RC(SHNN_OK, shnn_net_population(net, "in", IN, "SpikeSourcePoisson", rate, hz, 1));
    CHECK_RC(SHNN_OK, shnn_net_population(net, "exc", EXC, "IF_cond_exp", CELL, CELL_VALUES,
                                          (int32_t) (sizeof CELL / sizeof CELL[0])));
    CHECK_RC(SHNN_OK, shnn_net_add(net, "populations", "{\"label\": \"kick\", \"size\": 2, \"cell_type\": "
                                   "\"SpikeSourceArray\", \"parameters\": {\"spike_times\": [[5.0], [7.0]]}}"));
    CHECK_RC(SHNN_OK, shnn_net_add(net, "projections", STDP));
    const char *p[] = {"p_connect"};
    const double p1[] = {1.0};
    CHECK_RC(SHNN_OK, shnn_net_projection(net, NULL, "kick", "exc", "excitatory", "FixedProbabilityConnector", p, p1,
                                          1, 0.05, 0.1));
    CHECK_RC(SHNN_OK, shnn_net_record_weights(net, weight_projection, CHOSEN, 3, 1.0));
    const int32_t src[] = {0, 1, 2, 3};
    const int32_t dst[] = {5};
    CHECK_RC(SHNN_OK, shnn_net_hyperedge(net, "in", "exc", "excitatory", "many_to_one", src, 4, dst, 1, 2, 5.0, 1.0,
                                         0.03, NULL));
    const int32_t src2[] = {4, 5};
    const int32_t dst2[] = {6, 7};
    const double pair_w[] = {0.01, 0.02, 0.03, 0.04};
    CHECK_RC(SHNN_OK, shnn_net_hyperedge(net, "in", "exc", "excitatory", "many_to_many", src2, 2, dst2, 2, 2, 3.0,
                                         0.5, 0.0, pair_w));
    const int32_t members[] = {0, 1, 2};
    CHECK_RC(SHNN_OK, shnn_net_hyperedge(net, "exc", "exc", "excitatory", "all_to_all", members, 3, NULL, 0, 2, 4.0,
                                         1.0, 0.02, NULL));
    return net;
}

/* The same network as a network file's JSON text. */
static const char *FILE_FORM =
    "{\"format\": \"shnn-network/1\", \"name\": \"spec\", \"dt\": 0.1, \"seed\": 21,"
    " \"populations\": ["
    "  {\"label\": \"in\", \"size\": 30, \"cell_type\": \"SpikeSourcePoisson\", \"parameters\": {\"rate\": 40.0}},"
    "  {\"label\": \"exc\", \"size\": 20, \"cell_type\": \"IF_cond_exp\", \"parameters\": {\"cm\": 0.2, \"tau_m\": 20.0,"
    "   \"v_rest\": -60.0, \"v_thresh\": -50.0, \"v_reset\": -60.0, \"tau_refrac\": 2.0, \"e_rev_E\": 0.0,"
    "   \"e_rev_I\": -80.0, \"tau_syn_E\": 5.0, \"tau_syn_I\": 10.0, \"i_offset\": 0.25}},"
    "  {\"label\": \"kick\", \"size\": 2, \"cell_type\": \"SpikeSourceArray\", \"parameters\": {\"spike_times\": [[5.0], [7.0]]}}],"
    " \"projections\": [%s,"
    "  {\"pre\": \"kick\", \"post\": \"exc\", \"connector\": {\"type\": \"FixedProbabilityConnector\", \"p_connect\": 1.0},"
    "   \"weight\": 0.05, \"delay\": 0.1}],"
    " \"recorders\": [{\"projection\": \"in->exc\", \"synapses\": [0, 3, 7], \"sampling_interval\": 1.0}],"
    " \"hyperedges\": ["
    "  {\"pre\": \"in\", \"post\": \"exc\", \"edges\": ["
    "   {\"type\": \"many_to_one\", \"sources\": [0, 1, 2, 3], \"targets\": [5], \"min_spikes\": 2, \"window\": 5.0,"
    "    \"delay\": 1.0, \"weight\": 0.03},"
    "   {\"type\": \"many_to_many\", \"sources\": [4, 5], \"targets\": [6, 7], \"min_spikes\": 2, \"window\": 3.0,"
    "    \"delay\": 0.5, \"weights\": [0.01, 0.02, 0.03, 0.04]}]},"
    "  {\"pre\": \"exc\", \"post\": \"exc\", \"edges\": ["
    "   {\"type\": \"all_to_all\", \"members\": [0, 1, 2], \"min_spikes\": 2, \"window\": 4.0, \"delay\": 1.0,"
    "    \"weight\": 0.02}]}]}";

static void run_sha(int64_t net, int32_t threads, uint8_t out[32], double **weights, int64_t *samples) {
    int64_t sim = 0;
    CHECK_RC(SHNN_OK, shnn_sim_create(net, threads, &sim));
    CHECK_RC(SHNN_OK, shnn_sim_run(sim, 99.1)); /* steps 0..990: the last sample (step 990) is the last step */
    CHECK_RC(SHNN_OK, shnn_sim_raster_sha256(sim, out));
    int64_t n = 0, k = 0;
    CHECK_RC(SHNN_OK, shnn_sim_samples(sim, 0, "weight", 0, NULL, NULL, &n, &k));
    CHECK(n == 100 && k == 3);
    double *times = malloc(sizeof(double) * (size_t) n);
    *weights = malloc(sizeof(double) * (size_t) (n * k));
    CHECK_RC(SHNN_OK, shnn_sim_samples(sim, 0, "weight", n, times, *weights, &n, &k));
    CHECK(fabs(times[99] - 99.0) < 1e-9);
    int64_t count = 0;
    CHECK_RC(SHNN_OK, shnn_sim_synapses(sim, 0, 0, NULL, NULL, NULL, NULL, &count));
    double *now = malloc(sizeof(double) * (size_t) count);
    CHECK_RC(SHNN_OK, shnn_sim_synapses(sim, 0, count, NULL, NULL, now, NULL, &count));
    for (int j = 0; j < 3; j++) {
        CHECK((*weights)[99 * 3 + j] == now[CHOSEN[j]]); /* the last sample is the weight after the last step */
    }
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_samples(sim, 0, "v", 0, NULL, NULL, &n, &k));
    CHECK(strstr(shnn_last_error_message(), "samples 'weight'") != NULL);
    *samples = n;
    free(now);
    free(times);
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
}

static void same_as_file(void) {
    char json[8192];
    snprintf(json, sizeof json, FILE_FORM, STDP);
    int64_t from_file = 0;
    CHECK_RC(SHNN_OK, shnn_net_from_json(json, NULL, &from_file));
    int64_t net = typed("in->exc");
    uint8_t a[32], b[32], c[32];
    double *wa, *wb, *wc;
    int64_t n;
    run_sha(net, 1, a, &wa, &n);
    run_sha(net, 2, b, &wb, &n);
    run_sha(from_file, 1, c, &wc, &n);
    CHECK(memcmp(a, b, 32) == 0);
    CHECK(memcmp(a, c, 32) == 0);
    CHECK(memcmp(wa, wb, sizeof(double) * 300) == 0);
    CHECK(memcmp(wa, wc, sizeof(double) * 300) == 0);
    int moved = 0;
    for (int j = 0; j < 3; j++) {
        moved |= wa[j] != wa[99 * 3 + j];
        for (int s = 0; s < 100; s++) {
            CHECK(wa[s * 3 + j] >= 0.0 && wa[s * 3 + j] <= 0.01); /* uS, within [w_min, w_max] */
        }
    }
    CHECK(moved);
    free(wa);
    free(wb);
    free(wc);
    CHECK_RC(SHNN_OK, shnn_net_destroy(net));
    CHECK_RC(SHNN_OK, shnn_net_destroy(from_file));

    /* a weight recorder of a missing projection: named by its place */
    net = typed("in->exx");
    int64_t sim = 0;
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_create(net, 1, &sim));
    CHECK(strstr(shnn_last_error_message(), "recorders[0].projection") != NULL);
    CHECK_RC(SHNN_OK, shnn_net_destroy(net));
    /* a hyperedge index outside its population */
    net = typed("in->exc");
    const int32_t bad[] = {0, 99};
    const int32_t one[] = {1};
    CHECK_RC(SHNN_OK, shnn_net_hyperedge(net, "in", "exc", "excitatory", "many_to_one", bad, 2, one, 1, 2, 5.0, 1.0,
                                         0.03, NULL));
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_create(net, 1, &sim));
    CHECK(strstr(shnn_last_error_message(), "hyperedges[0].edges[2].sources[1]") != NULL);
    CHECK_RC(SHNN_E_ARGUMENT, shnn_net_hyperedge(net, "in", "exc", "inhibitory", "many_to_one", bad, 2, one, 1, 2,
                                                 5.0, 1.0, 0.03, NULL));
    CHECK(strstr(shnn_last_error_message(), "one group per pair") != NULL);
    CHECK_RC(SHNN_OK, shnn_net_destroy(net));
    /* a negative conductance: refused by PyNN's sign rule, named by its place; taken with "safe" 0 */
    const char *self_safe[] = {"p_connect", "safe"};
    const double unsafe[] = {1.0, 0.0};
    for (int32_t given = 1; given <= 2; given++) {
        net = typed("in->exc");
        CHECK_RC(SHNN_OK, shnn_net_projection(net, "negative", "kick", "exc", "excitatory", "FixedProbabilityConnector",
                                              self_safe, unsafe, given, -0.05, 0.1));
        if (given == 1) {
            CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_create(net, 1, &sim));
            CHECK(strstr(shnn_last_error_message(), "projections[2].weight: expected a weight >= 0") != NULL);
        } else {
            CHECK_RC(SHNN_OK, shnn_sim_create(net, 1, &sim));
            CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
        }
        CHECK_RC(SHNN_OK, shnn_net_destroy(net));
    }
    /* a listed projection of negative conductances: lent, and taken with "safe": false as shnn.h says */
    static const int32_t from[] = {0, 1};
    static const int32_t to[] = {3, 4};
    static const double negative[] = {-0.01, -0.02};
    for (int safe = 0; safe <= 1; safe++) {
        net = typed("in->exc");
        CHECK_RC(SHNN_OK, shnn_net_lend(net, "from", SHNN_TYPE_I32, from, 2));
        CHECK_RC(SHNN_OK, shnn_net_lend(net, "to", SHNN_TYPE_I32, to, 2));
        CHECK_RC(SHNN_OK, shnn_net_lend(net, "negative", SHNN_TYPE_F64, negative, 2));
        char list[512];
        snprintf(list, sizeof list, "{\"label\": \"listed\", \"pre\": \"kick\", \"post\": \"exc\", "
                 "\"receptor_type\": \"excitatory\", \"connector\": {\"type\": \"FromListConnector\", "
                 "\"pre\": {\"lent\": \"from\"}, \"post\": {\"lent\": \"to\"}, \"weights\": {\"lent\": \"negative\"}%s}, "
                 "\"weight\": 0.0, \"delay\": 0.1}", safe ? ", \"safe\": false" : "");
        CHECK_RC(SHNN_OK, shnn_net_add(net, "projections", list));
        if (!safe) {
            CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_create(net, 1, &sim));
            CHECK(strstr(shnn_last_error_message(), "expected a weight >= 0") != NULL);
        } else {
            CHECK_RC(SHNN_OK, shnn_sim_create(net, 1, &sim));
            CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
        }
        CHECK_RC(SHNN_OK, shnn_net_destroy(net));
    }
}

/* A current source changed between runs: from then on, shown by shnn_sim_current, refused naming the field. */
static void current_changed_between_runs(void) {
    int64_t net = 0, sim = 0;
    CHECK_RC(SHNN_OK, shnn_net_create("clamp", 0.1, 2, &net));
    CHECK_RC(SHNN_OK, shnn_net_population(net, "cells", 4, "IF_curr_exp", NULL, NULL, 0));
    const char *dc[] = {"amplitude", "start"};
    const double values[] = {0.3, 1.0};
    const int32_t two[] = {2};
    CHECK_RC(SHNN_OK, shnn_net_current_source(net, "clamp", "cells", "DCSource", dc, values, 2, two, 1));
    CHECK_RC(SHNN_OK, shnn_sim_create(net, 1, &sim));
    CHECK_RC(SHNN_OK, shnn_sim_run_steps(sim, 50));
    CHECK_RC(SHNN_OK, shnn_sim_set_current(sim, "clamp", "{\"amplitude\": -0.2}"));
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_current(sim, "clamp", "{\"start\": -1}"));
    CHECK(strstr(shnn_last_error_message(), "start") != NULL);
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_current(sim, "clamp", "{\"amplitude\": "));
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_current(sim, "other", "{}"));
    CHECK(strstr(shnn_last_error_message(), "'other'") != NULL);
    CHECK_RC(SHNN_OK, shnn_sim_run_steps(sim, 50));
    double i[100];
    CHECK_RC(SHNN_OK, shnn_sim_current(sim, "clamp", 2, 0, 100, i));
    CHECK(i[9] == 0.0 && i[10] == 0.3 && i[49] == 0.3 && i[50] == -0.2 && i[99] == -0.2);
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
    CHECK_RC(SHNN_OK, shnn_net_destroy(net));
}

static void parameters_and_spike_times(void) {
    int64_t net = typed("in->exc");
    int64_t sim = 0, other = 0;
    CHECK_RC(SHNN_OK, shnn_sim_create(net, 1, &sim));
    CHECK_RC(SHNN_OK, shnn_sim_create(net, 1, &other));
    double v[EXC];
    int64_t n = 0;
    CHECK_RC(SHNN_OK, shnn_sim_get_parameter(sim, "exc", "tau_m", EXC, v, &n));
    CHECK(n == EXC);
    for (int i = 0; i < EXC; i++) {
        CHECK(v[i] == 20.0);
    }
    double r[IN];
    CHECK_RC(SHNN_OK, shnn_sim_get_parameter(sim, "in", "duration", IN, r, &n)); /* PyNN's default */
    CHECK(n == IN && r[0] == 1e10 && r[IN - 1] == 1e10);
    CHECK_RC(SHNN_OK, shnn_sim_get_parameter(sim, "in", "rate", IN, r, &n));
    CHECK(r[7] == 40.0);
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_get_parameter(sim, "exc", "tau_mm", EXC, v, &n));
    CHECK(strstr(shnn_last_error_message(), "parameters.tau_mm") != NULL);

    CHECK_RC(SHNN_OK, shnn_sim_run(sim, 20.0));
    CHECK_RC(SHNN_OK, shnn_sim_run(other, 20.0));
    double tau[EXC];
    for (int i = 0; i < EXC; i++) {
        tau[i] = 10.0 + i;
    }
    CHECK_RC(SHNN_OK, shnn_sim_set_parameter_values(sim, "exc", "tau_m", tau, EXC));
    CHECK_RC(SHNN_OK, shnn_sim_get_parameter(sim, "exc", "tau_m", EXC, v, &n));
    for (int i = 0; i < EXC; i++) {
        CHECK(v[i] == tau[i]);
    }
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_parameter_values(sim, "exc", "tau_m", tau, EXC - 1));
    CHECK(strstr(shnn_last_error_message(), "parameters.tau_m") != NULL);
    tau[3] = -1.0;
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_parameter_values(sim, "exc", "tau_m", tau, EXC));
    CHECK(strstr(shnn_last_error_message(), "neuron 3") != NULL);
    CHECK_RC(SHNN_OK, shnn_sim_get_parameter(sim, "exc", "tau_m", EXC, v, &n));
    CHECK(v[3] == 13.0); /* nothing changed */

    /* kick neuron 0 again at 30 ms and 40 ms, neuron 1 never */
    const int32_t who[] = {0, 0};
    const double when[] = {30.0, 40.0};
    CHECK_RC(SHNN_OK, shnn_sim_set_spike_times(sim, "kick", who, when, 2));
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_spike_times(sim, "exc", who, when, 2));
    const int32_t far[] = {2};
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_set_spike_times(sim, "kick", far, when, 1));
    CHECK(strstr(shnn_last_error_message(), "neurons[0] = 2") != NULL);
    int64_t before = 0, after = 0;
    CHECK_RC(SHNN_OK, shnn_sim_spike_count(sim, &before));
    CHECK_RC(SHNN_OK, shnn_sim_run(sim, 30.0));
    CHECK_RC(SHNN_OK, shnn_sim_spike_count(sim, &after));
    int64_t *steps = malloc(sizeof(int64_t) * (size_t) (after - before));
    int32_t *ids = malloc(sizeof(int32_t) * (size_t) (after - before));
    int64_t got = 0;
    CHECK_RC(SHNN_OK, shnn_sim_read_spikes(sim, before, after - before, steps, ids, &got));
    int kicks = 0;
    for (int64_t i = 0; i < got; i++) {
        if (ids[i] == IN + EXC) { /* kick neuron 0: global id after in and exc */
            CHECK(steps[i] == 300 || steps[i] == 400);
            kicks++;
        }
        CHECK(ids[i] != IN + EXC + 1);
    }
    CHECK(kicks == 2);
    free(steps);
    free(ids);
    /* every spike fired, per population (in, exc, kick); no recorder of spikes here: they sum to the recorded count */
    int64_t pops = 0;
    CHECK_RC(SHNN_OK, shnn_sim_population_spike_counts(sim, 0, NULL, &pops));
    CHECK(pops == 3);
    int64_t fired[3] = {0, 0, 0};
    CHECK_RC(SHNN_OK, shnn_sim_population_spike_counts(sim, 3, fired, &pops));
    CHECK(fired[0] + fired[1] + fired[2] == after);
    CHECK(fired[2] == 4); /* kick: 5 and 7 ms, then neuron 0 at 30 and 40 ms */
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_population_spike_counts(sim, -1, fired, &pops));

    CHECK_RC(SHNN_OK, shnn_sim_run(other, 30.0));
    uint8_t a[32], b[32];
    CHECK_RC(SHNN_OK, shnn_sim_raster_sha256(sim, a));
    CHECK_RC(SHNN_OK, shnn_sim_raster_sha256(other, b));
    CHECK(memcmp(a, b, 32) != 0); /* the per-neuron tau_m and the new kicks changed the run */
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
    CHECK_RC(SHNN_OK, shnn_sim_destroy(other));
    CHECK_RC(SHNN_OK, shnn_net_destroy(net));
}

/* A description holding per-neuron tau_m lent from `tau` (with `flags`) and a plastic projection lent as a list. */
static int64_t lent_network(double *tau, int32_t flags) {
    static int32_t pre[200], post[200];
    static double w[200];
    for (int k = 0; k < 200; k++) {
        pre[k] = (k * 7) % IN;
        post[k] = (k * 3) % EXC;
        w[k] = 0.003 + 0.00002 * k;
    }
    int64_t net = 0;
    CHECK_RC(SHNN_OK, shnn_net_create("lent", 0.1, 4, &net));
    const char *rate[] = {"rate"};
    const double hz[] = {40.0};
    CHECK_RC(SHNN_OK, shnn_net_population(net, "in", IN, "SpikeSourcePoisson", rate, hz, 1));
    CHECK_RC(SHNN_OK, shnn_net_add(net, "populations", "{\"label\": \"exc\", \"size\": 20, \"cell_type\": "
                                   "\"IF_cond_exp\", \"parameters\": {\"tau_m\": {\"lent\": \"tau\"}, \"i_offset\": 0.2}}"));
    CHECK_RC(SHNN_OK, shnn_net_lend(net, "tau", SHNN_TYPE_F64 | flags, tau, EXC));
    CHECK_RC(SHNN_OK, shnn_net_lend(net, "pre", SHNN_TYPE_I32 | flags, pre, 200));
    CHECK_RC(SHNN_OK, shnn_net_lend(net, "post", SHNN_TYPE_I32 | flags, post, 200));
    CHECK_RC(SHNN_OK, shnn_net_lend(net, "w", SHNN_TYPE_F64 | flags, w, 200));
    char list[1024];
    snprintf(list, sizeof list, "%.*s\"connector\": {\"type\": \"FromListConnector\", \"pre\": {\"lent\": \"pre\"}, "
             "\"post\": {\"lent\": \"post\"}, \"weights\": {\"lent\": \"w\"}}, \"weight\": 0.0%s",
             (int) (strstr(STDP, "\"connector\"") - STDP), STDP, strstr(STDP, ", \"delay\""));
    CHECK_RC(SHNN_OK, shnn_net_add(net, "projections", list));
    return net;
}

/* Arrays lent with SHNN_LEND_KEPT are saved with the description: the file alone continues the run after the host
 * reused its memory, and reads the lent parameter back; lent for the build only, the file has no description. */
static void lent_arrays_are_saved(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/lent.shnn", dir);
    double tau[EXC];
    for (int i = 0; i < EXC; i++) {
        tau[i] = 10.0 + i;
    }
    uint8_t straight[32], resumed[32];
    int64_t net = lent_network(tau, SHNN_LEND_KEPT), sim = 0;
    CHECK_RC(SHNN_OK, shnn_sim_create(net, 1, &sim));
    CHECK_RC(SHNN_OK, shnn_sim_run(sim, 60.0));
    CHECK_RC(SHNN_OK, shnn_sim_raster_sha256(sim, straight));
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
    CHECK_RC(SHNN_OK, shnn_sim_create(net, 2, &sim));
    CHECK_RC(SHNN_OK, shnn_net_destroy(net));
    CHECK_RC(SHNN_OK, shnn_sim_run(sim, 30.0));
    tau[0] = 99.0; /* changed while the simulation holds it: refused, naming the array */
    CHECK_RC(SHNN_E_STATE, shnn_sim_save(sim, path));
    CHECK(strstr(shnn_last_error_message(), "lent array 'tau'") != NULL);
    tau[0] = 10.0;
    CHECK_RC(SHNN_OK, shnn_sim_save(sim, path));
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
    for (int i = 0; i < EXC; i++) {
        tau[i] = -1.0; /* the host reuses its memory once the simulation is destroyed */
    }
    CHECK_RC(SHNN_OK, shnn_sim_open(path, 1, SHNN_OPEN_VERIFY_FULL, &sim));
    double v[EXC];
    int64_t n = 0;
    CHECK_RC(SHNN_OK, shnn_sim_get_parameter(sim, "exc", "tau_m", EXC, v, &n));
    CHECK(n == EXC && v[0] == 10.0 && v[EXC - 1] == 10.0 + EXC - 1);
    CHECK_RC(SHNN_OK, shnn_sim_run(sim, 30.0));
    CHECK_RC(SHNN_OK, shnn_sim_raster_sha256(sim, resumed));
    CHECK(memcmp(straight, resumed, 32) == 0);
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));

    for (int i = 0; i < EXC; i++) {
        tau[i] = 10.0 + i;
    }
    net = lent_network(tau, 0);
    CHECK_RC(SHNN_OK, shnn_sim_create(net, 1, &sim));
    CHECK_RC(SHNN_OK, shnn_net_destroy(net));
    CHECK_RC(SHNN_E_ARGUMENT, shnn_sim_get_parameter(sim, "exc", "tau_m", EXC, v, &n));
    CHECK_RC(SHNN_OK, shnn_sim_save(sim, path));
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
    CHECK(shnn_sim_open(path, 1, SHNN_OPEN_VERIFY_DEFERRED, &sim) != SHNN_OK);
    CHECK(strstr(shnn_last_error_message(), "lent for the build only") != NULL);
    remove(path);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: spec_test <empty directory for files>\n");
        return 2;
    }
    CHECK_RC(SHNN_OK, shnn_init(NULL, NULL));
    same_as_file();
    parameters_and_spike_times();
    current_changed_between_runs();
    lent_arrays_are_saved(argv[1]);
    printf("spec_test: hyperedges and weight recorders from C = the file form (1 and 2 threads); parameters read and "
           "set per neuron; spike times replaced; a current changed; arrays lent with SHNN_LEND_KEPT saved with the description\n");
    return 0;
}
