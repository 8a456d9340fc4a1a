/*
 * sharded_open_test.c - a sharded checkpoint (saved by a run on N ranks: a manifest and N shards) resumed from C in
 * one process through shnn_sim_open, repartitioned: runs MS more milliseconds and prints the raster SHA-256 of the
 * whole run ("raster SHA-256 HEX", as the Java CLI prints it), which scripts/test-mpi compares with the uninterrupted
 * one-process run's. Then the refusals: a manifest whose shards are missing (MOVED: a copy of the manifest in another
 * directory) and one shard opened alone give SHNN_E_IO naming the file, what is wrong and what to open instead.
 * Usage: sharded_open_test MANIFEST MS THREADS MOVED (MANIFEST saved on 2 ranks). Exit status 0 on success.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Opening path fails with SHNN_E_IO and a message holding each of the two fragments. */
static void refused(const char *path, const char *fragment1, const char *fragment2) {
    int64_t h = 0;
    CHECK_RC(SHNN_E_IO, shnn_sim_open(path, 1, SHNN_OPEN_VERIFY_DEFERRED, &h));
    const char *m = shnn_last_error_message();
    if (strstr(m, fragment1) == NULL || strstr(m, fragment2) == NULL) {
        fprintf(stderr, "open(%s): expected an error naming '%s' and '%s', got: %s\n", path, fragment1, fragment2, m);
        exit(1);
    }
    printf("refused %s: %s\n", path, m);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s MANIFEST MS THREADS MOVED\n", argv[0]);
        return 2;
    }
    const char *manifest = argv[1];
    double ms = atof(argv[2]);
    int32_t threads = (int32_t) atoi(argv[3]);
    int64_t sim = 0, step = 0;
    CHECK_RC(SHNN_OK, shnn_init(NULL, NULL));
    CHECK_RC(SHNN_OK, shnn_sim_open(manifest, threads, SHNN_OPEN_VERIFY_FULL, &sim));
    CHECK_RC(SHNN_OK, shnn_sim_time(sim, &step, NULL));
    CHECK(step > 0);
    CHECK_RC(SHNN_OK, shnn_sim_run(sim, ms));
    uint8_t hash[32];
    CHECK_RC(SHNN_OK, shnn_sim_raster_sha256(sim, hash));
    printf("resumed at step %lld\nraster SHA-256 ", (long long) step);
    for (int i = 0; i < 32; i++) printf("%02x", hash[i]);
    printf("\n");
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));

    refused(argv[4], argv[4], "does not exist");
    char shard[4096];
    snprintf(shard, sizeof shard, "%s.save-1.rank-1-of-2", manifest); /* the manifest's first save */
    refused(shard, "rank 1 of 2", "resume its manifest");
    return 0;
}
