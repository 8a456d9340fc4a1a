/*
 * An off-heap budget too small for the network is an error code with the budget's message, never a
 * crash, and the library stays usable: run by scripts/test-native with a small -Dshnn.offheap.limit.
 * Usage: memory_limit_test <neurons that do not fit> <neurons that fit>. Exits 0 on success.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

int main(int argc, char **argv) {
    CHECK(argc == 3);
    CHECK_RC(SHNN_OK, shnn_init(NULL, NULL));
    int64_t sim = 0;
    CHECK_RC(SHNN_E_MEMORY, shnn_sim_create_builtin("coba", atoll(argv[1]), 1, 1, &sim));
    const char *msg = shnn_last_error_message();
    CHECK(strstr(msg, "SHNN_E_MEMORY: ") == msg);
    printf("memory_limit_test: %s\n", msg);
    CHECK_RC(SHNN_OK, shnn_sim_create_builtin("coba", atoll(argv[2]), 1, 1, &sim));
    CHECK_RC(SHNN_OK, shnn_sim_run(sim, 10.0));
    CHECK_RC(SHNN_OK, shnn_sim_destroy(sim));
    printf("memory_limit_test: ok\n");
    return 0;
}
