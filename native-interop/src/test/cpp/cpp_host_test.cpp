// shnn.h (with the generated shnn_layouts.h) compiles as C++17 and links: a C++ host runs COBA and
// reads a state column through the layout typedef. Run by scripts/test-native; exits 0 on success.
#include <cstdio>
#include <cstring>
#include <vector>

#include "shnn.h"

int main() {
    if (shnn_init(nullptr, nullptr) != SHNN_OK) {
        std::fprintf(stderr, "cpp_host_test: %s\n", shnn_last_error_message());
        return 1;
    }
    int64_t sim = 0, spikes = 0, n = 0;
    void *data = nullptr;
    int32_t type = 0;
    if (shnn_sim_create_builtin("cuba", 500, 3, 1, &sim) != SHNN_OK || shnn_sim_run(sim, 50.0) != SHNN_OK ||
        shnn_sim_spike_count(sim, &spikes) != SHNN_OK ||
        shnn_sim_state_column(sim, "exc", "v", &data, &n, &type) != SHNN_OK) {
        std::fprintf(stderr, "cpp_host_test: %s\n", shnn_last_error_message());
        return 1;
    }
    const auto *v = static_cast<const shnn_lif_cuba_v_t *>(data);
    std::vector<double> copy(v, v + n);
    static_assert(sizeof(shnn_spike_record) == SHNN_SPIKE_RECORD_SIZE, "layout header usable from C++");
    std::printf("cpp_host_test: ok (%lld spikes, v[0] = %.3f mV, type %d)\n", static_cast<long long>(spikes), copy[0],
                type);
    return shnn_sim_destroy(sim) == SHNN_OK && type == SHNN_TYPE_F64 ? 0 : 1;
}
