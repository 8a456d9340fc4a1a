/*
 * host.c - drives SHNN from C: builds the Vogels-Abbott COBA network with a seed, runs it, prints
 * the spike count, the mean rate and the raster SHA-256 (equal to the Java run with the same seed),
 * then checks that misuse gives error codes and leaves the process running.
 *
 * Build: scripts/build-native (-> native-interop/target/native/bin/host), or by hand:
 *   gcc -O2 -I native-interop/src/main/c host.c -L native-interop/target/native -lshnn \
 *       -Wl,-rpath,native-interop/target/native
 * Usage: host [neurons=4000] [seed=42] [ms=1000] [threads=1]
 * Output: "spikes N", "rate_hz R", "sha256 HEX", the mean membrane potential of the excitatory
 * neurons read in place ("exc_mean_v_mV"), then "error checks: ok". Exit status 0 on success.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shnn.h"

static int fail(const char *what, int rc) {
    fprintf(stderr, "host: %s failed with %d: %s\n", what, rc, shnn_last_error_message());
    return 1;
}

/* Expects `rc == want` for a deliberate misuse, and a message that names the problem. */
static int expect(const char *what, int rc, int want, const char *needle) {
    const char *msg = shnn_last_error_message();
    if (rc != want || strstr(msg, needle) == NULL) {
        fprintf(stderr, "host: %s returned %d (want %d), message \"%s\" (want \"%s\")\n", what, rc, want, msg, needle);
        return 1;
    }
    printf("  %s -> %d: %s\n", what, rc, msg);
    return 0;
}

int main(int argc, char **argv) {
    int64_t neurons = argc > 1 ? atoll(argv[1]) : 4000;
    int64_t seed = argc > 2 ? atoll(argv[2]) : 42;
    double ms = argc > 3 ? atof(argv[3]) : 1000.0;
    int32_t threads = argc > 4 ? atoi(argv[4]) : 1;
    int rc;

    if ((rc = shnn_init(NULL, NULL)) != SHNN_OK) return fail("shnn_init", rc);
    int64_t sim = 0;
    if ((rc = shnn_sim_create_builtin("coba", neurons, seed, threads, &sim)) != SHNN_OK) return fail("create", rc);
    if ((rc = shnn_sim_run(sim, ms)) != SHNN_OK) return fail("run", rc);
    int64_t spikes = 0, count = 0;
    if ((rc = shnn_sim_spike_count(sim, &spikes)) != SHNN_OK) return fail("spike_count", rc);
    if ((rc = shnn_sim_neuron_count(sim, &count)) != SHNN_OK) return fail("neuron_count", rc);
    uint8_t hash[32];
    if ((rc = shnn_sim_raster_sha256(sim, hash)) != SHNN_OK) return fail("raster_sha256", rc);
    printf("spikes %lld\n", (long long) spikes);
    printf("rate_hz %.3f\n", spikes / (double) count / (ms / 1000.0));
    printf("sha256 ");
    for (int i = 0; i < 32; i++) printf("%02x", hash[i]);
    printf("\n");

    /* Zero-copy state: the excitatory membrane potentials, read in place (type from shnn_layouts.h). */
    void *data = NULL;
    int64_t n_exc = 0;
    int32_t type = 0;
    if ((rc = shnn_sim_state_column(sim, "exc", "v", &data, &n_exc, &type)) != SHNN_OK) return fail("state_column", rc);
    if (type != SHNN_TYPE_F64) return fail("state_column type", type);
    const shnn_lif_coba_v_t *v = data;
    double sum = 0;
    for (int64_t i = 0; i < n_exc; i++) sum += v[i];
    printf("exc_mean_v_mV %.3f\n", sum / (double) n_exc);

    /* Misuse: every case is an error code and a message; the process keeps running. */
    printf("error checks:\n");
    int bad = 0;
    int64_t n = 0, other = 0;
    bad |= expect("spike_count(handle 0)", shnn_sim_spike_count(0, &n), SHNN_E_HANDLE, "handle 0 is not open");
    bad |= expect("run(handle 987654321)", shnn_sim_run(987654321, 1.0), SHNN_E_HANDLE, "handle 987654321");
    bad |= expect("run(ms = -1)", shnn_sim_run(sim, -1.0), SHNN_E_ARGUMENT, "-1");
    bad |= expect("spike_count(NULL)", shnn_sim_spike_count(sim, NULL), SHNN_E_ARGUMENT, "NULL");
    bad |= expect("create(model \"nope\")", shnn_sim_create_builtin("nope", 10, 1, 1, &other), SHNN_E_ARGUMENT, "nope");
    bad |= expect("export_spikes(bad path)", shnn_sim_export_spikes(sim, "/nonexistent/dir/spikes.csv"), SHNN_E_IO,
                  "/nonexistent/dir/spikes.csv");
    bad |= expect("state_column(\"exc\", \"q\")", shnn_sim_state_column(sim, "exc", "q", &data, &n_exc, &type),
                  SHNN_E_ARGUMENT, "has no column 'q'");
    bad |= expect("open(bad path)", shnn_sim_open("/nonexistent/dir/net.shnn", 1, SHNN_OPEN_VERIFY_DEFERRED, &other), SHNN_E_IO,
                  "/nonexistent/dir/net.shnn");
    bad |= expect("save(bad path)", shnn_sim_save(sim, "/nonexistent/dir/net.shnn"), SHNN_E_IO, "/nonexistent/dir");
    bad |= expect("export_spikes(NULL path)", shnn_sim_export_spikes(sim, NULL), SHNN_E_ARGUMENT, "path is NULL");
    if ((rc = shnn_sim_destroy(sim)) != SHNN_OK) return fail("destroy", rc);
    bad |= expect("spike_count(destroyed)", shnn_sim_spike_count(sim, &n), SHNN_E_HANDLE, "is not open");
    bad |= expect("destroy(destroyed)", shnn_sim_destroy(sim), SHNN_E_HANDLE, "is not open");
    if (bad) return 1;
    printf("error checks: ok\n");
    return 0;
}
