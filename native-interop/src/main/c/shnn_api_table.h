/* Generated from org.shnn.interop.ApiTable (its MemoryLayout); do not edit.
 * Regenerate: scripts/build-native --regenerate (ApiTableTest compares this file
 * with the generator). Internal to libshnn.so: hosts use shnn.h. */
#ifndef SHNN_API_TABLE_H
#define SHNN_API_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define SHNN_API_MAGIC 0x4E4E4853u
#define SHNN_API_ABI_VERSION 1

struct shnn_api_table {
    int32_t magic;
    int32_t abi_version;
    int64_t size;
    const char *version;
    int32_t (*last_error)(char *buffer, int64_t capacity, int64_t *length);
    int32_t (*echo)(int64_t value, int64_t *out);
    int32_t (*sum_i32)(const int32_t *values, int64_t count, int64_t *out);
    int32_t (*sim_create_builtin)(const char *model, int64_t neurons, int64_t seed, int32_t threads, int64_t *handle);
    int32_t (*sim_destroy)(int64_t handle);
    int32_t (*sim_run)(int64_t handle, double ms);
    int32_t (*sim_run_steps)(int64_t handle, int64_t steps);
    int32_t (*sim_time)(int64_t handle, int64_t *step, double *ms);
    int32_t (*sim_dt)(int64_t handle, double *dt_ms);
    int32_t (*sim_neuron_count)(int64_t handle, int64_t *count);
    int32_t (*sim_spike_count)(int64_t handle, int64_t *count);
    int32_t (*sim_read_spikes)(int64_t handle, int64_t offset, int64_t max, int64_t *steps, int32_t *neurons, int64_t *got);
    int32_t (*sim_raster_sha256)(int64_t handle, uint8_t *out);
    int32_t (*sim_export_spikes)(int64_t handle, const char *path);
    int32_t (*sim_state_column)(int64_t handle, const char *population, const char *column, void **data, int64_t *count, int32_t *type);
    int32_t (*sim_save)(int64_t handle, const char *path);
    int32_t (*sim_open)(const char *path, int32_t threads, int32_t flags, int64_t *handle);
    int32_t (*sim_inject)(int64_t handle, const char *population, int32_t receptor, const int32_t *neurons, const float *weights, int64_t count);
    int32_t (*net_create)(const char *name, double dt_ms, int64_t seed, int64_t *net);
    int32_t (*net_from_json)(const char *json, const char *base_dir, int64_t *net);
    int32_t (*net_add)(int64_t net, const char *section, const char *json_object);
    int32_t (*net_lend)(int64_t net, const char *key, int32_t type, const void *data, int64_t count);
    int32_t (*net_population)(int64_t net, const char *label, int64_t size, const char *cell_type, const char *const *names, const double *values, int32_t count);
    int32_t (*net_initialize)(int64_t net, const char *population, const char *variable, const char *distribution, const double *args, int32_t nargs);
    int32_t (*net_projection)(int64_t net, const char *label, const char *pre, const char *post, const char *receptor, const char *connector, const char *const *names, const double *values, int32_t count, double weight, double delay_ms);
    int32_t (*net_projection_list)(int64_t net, const char *label, const char *pre, const char *post, const char *receptor, const int32_t *pre_idx, const int32_t *post_idx, const double *weights, const double *delays_ms, int64_t count, double weight, double delay_ms);
    int32_t (*net_current_source)(int64_t net, const char *label, const char *population, const char *type, const char *const *names, const double *values, int32_t count, const int32_t *neurons, int64_t n);
    int32_t (*net_record)(int64_t net, const char *population, const char *variables, const int32_t *neurons, int64_t n, double interval_ms);
    int32_t (*net_to_json)(int64_t net, char *buffer, int64_t capacity, int64_t *length);
    int32_t (*net_destroy)(int64_t net);
    int32_t (*sim_create)(int64_t net, int32_t threads, int64_t *handle);
    int32_t (*sim_samples)(int64_t handle, int32_t recorder, const char *variable, int64_t max_samples, double *times, double *values, int64_t *samples, int64_t *neurons);
    int32_t (*sim_synapses)(int64_t handle, int32_t projection, int64_t max, int32_t *pre, int32_t *post, double *weights, double *delays, int64_t *count);
    int32_t (*sim_current)(int64_t handle, const char *source, int32_t neuron, int64_t from_step, int64_t count, double *values);
    int32_t (*sim_set_synapses)(int64_t handle, int32_t projection, int64_t count, const int32_t *pre, const int32_t *post, const double *weights, const double *delays);
    int32_t (*sim_dense)(int64_t handle, int32_t projection, int32_t field, int32_t multiple, int64_t *rows, int64_t *columns, double *values);
    int32_t (*sim_set_dense)(int64_t handle, int32_t projection, int32_t field, int64_t rows, int64_t columns, const double *values);
    int32_t (*sim_reset)(int64_t handle);
    int32_t (*sim_set_parameters)(int64_t handle, const char *population, const char *const *names, const double *values, int32_t count);
    int32_t (*net_record_weights)(int64_t net, const char *projection, const int32_t *synapses, int64_t n, double interval_ms);
    int32_t (*net_hyperedge)(int64_t net, const char *pre, const char *post, const char *receptor, const char *type, const int32_t *sources, int64_t n_sources, const int32_t *targets, int64_t n_targets, int32_t min_spikes, double window_ms, double delay_ms, double weight, const double *weights);
    int32_t (*sim_get_parameter)(int64_t handle, const char *population, const char *name, int64_t max, double *values, int64_t *count);
    int32_t (*sim_set_parameter_values)(int64_t handle, const char *population, const char *name, const double *values, int64_t count);
    int32_t (*sim_set_spike_times)(int64_t handle, const char *population, const int32_t *neurons, const double *times_ms, int64_t count);
    int32_t (*sim_set_current)(int64_t handle, const char *source, const char *json);
    int32_t (*sim_population_spike_counts)(int64_t handle, int64_t max, int64_t *counts, int64_t *populations);
};

_Static_assert(sizeof(struct shnn_api_table) == 392, "shnn_api_table size differs from the Java layout");
_Static_assert(offsetof(struct shnn_api_table, magic) == 0, "offset of magic");
_Static_assert(offsetof(struct shnn_api_table, abi_version) == 4, "offset of abi_version");
_Static_assert(offsetof(struct shnn_api_table, size) == 8, "offset of size");
_Static_assert(offsetof(struct shnn_api_table, version) == 16, "offset of version");
_Static_assert(offsetof(struct shnn_api_table, last_error) == 24, "offset of last_error");
_Static_assert(offsetof(struct shnn_api_table, echo) == 32, "offset of echo");
_Static_assert(offsetof(struct shnn_api_table, sum_i32) == 40, "offset of sum_i32");
_Static_assert(offsetof(struct shnn_api_table, sim_create_builtin) == 48, "offset of sim_create_builtin");
_Static_assert(offsetof(struct shnn_api_table, sim_destroy) == 56, "offset of sim_destroy");
_Static_assert(offsetof(struct shnn_api_table, sim_run) == 64, "offset of sim_run");
_Static_assert(offsetof(struct shnn_api_table, sim_run_steps) == 72, "offset of sim_run_steps");
_Static_assert(offsetof(struct shnn_api_table, sim_time) == 80, "offset of sim_time");
_Static_assert(offsetof(struct shnn_api_table, sim_dt) == 88, "offset of sim_dt");
_Static_assert(offsetof(struct shnn_api_table, sim_neuron_count) == 96, "offset of sim_neuron_count");
_Static_assert(offsetof(struct shnn_api_table, sim_spike_count) == 104, "offset of sim_spike_count");
_Static_assert(offsetof(struct shnn_api_table, sim_read_spikes) == 112, "offset of sim_read_spikes");
_Static_assert(offsetof(struct shnn_api_table, sim_raster_sha256) == 120, "offset of sim_raster_sha256");
_Static_assert(offsetof(struct shnn_api_table, sim_export_spikes) == 128, "offset of sim_export_spikes");
_Static_assert(offsetof(struct shnn_api_table, sim_state_column) == 136, "offset of sim_state_column");
_Static_assert(offsetof(struct shnn_api_table, sim_save) == 144, "offset of sim_save");
_Static_assert(offsetof(struct shnn_api_table, sim_open) == 152, "offset of sim_open");
_Static_assert(offsetof(struct shnn_api_table, sim_inject) == 160, "offset of sim_inject");
_Static_assert(offsetof(struct shnn_api_table, net_create) == 168, "offset of net_create");
_Static_assert(offsetof(struct shnn_api_table, net_from_json) == 176, "offset of net_from_json");
_Static_assert(offsetof(struct shnn_api_table, net_add) == 184, "offset of net_add");
_Static_assert(offsetof(struct shnn_api_table, net_lend) == 192, "offset of net_lend");
_Static_assert(offsetof(struct shnn_api_table, net_population) == 200, "offset of net_population");
_Static_assert(offsetof(struct shnn_api_table, net_initialize) == 208, "offset of net_initialize");
_Static_assert(offsetof(struct shnn_api_table, net_projection) == 216, "offset of net_projection");
_Static_assert(offsetof(struct shnn_api_table, net_projection_list) == 224, "offset of net_projection_list");
_Static_assert(offsetof(struct shnn_api_table, net_current_source) == 232, "offset of net_current_source");
_Static_assert(offsetof(struct shnn_api_table, net_record) == 240, "offset of net_record");
_Static_assert(offsetof(struct shnn_api_table, net_to_json) == 248, "offset of net_to_json");
_Static_assert(offsetof(struct shnn_api_table, net_destroy) == 256, "offset of net_destroy");
_Static_assert(offsetof(struct shnn_api_table, sim_create) == 264, "offset of sim_create");
_Static_assert(offsetof(struct shnn_api_table, sim_samples) == 272, "offset of sim_samples");
_Static_assert(offsetof(struct shnn_api_table, sim_synapses) == 280, "offset of sim_synapses");
_Static_assert(offsetof(struct shnn_api_table, sim_current) == 288, "offset of sim_current");
_Static_assert(offsetof(struct shnn_api_table, sim_set_synapses) == 296, "offset of sim_set_synapses");
_Static_assert(offsetof(struct shnn_api_table, sim_dense) == 304, "offset of sim_dense");
_Static_assert(offsetof(struct shnn_api_table, sim_set_dense) == 312, "offset of sim_set_dense");
_Static_assert(offsetof(struct shnn_api_table, sim_reset) == 320, "offset of sim_reset");
_Static_assert(offsetof(struct shnn_api_table, sim_set_parameters) == 328, "offset of sim_set_parameters");
_Static_assert(offsetof(struct shnn_api_table, net_record_weights) == 336, "offset of net_record_weights");
_Static_assert(offsetof(struct shnn_api_table, net_hyperedge) == 344, "offset of net_hyperedge");
_Static_assert(offsetof(struct shnn_api_table, sim_get_parameter) == 352, "offset of sim_get_parameter");
_Static_assert(offsetof(struct shnn_api_table, sim_set_parameter_values) == 360, "offset of sim_set_parameter_values");
_Static_assert(offsetof(struct shnn_api_table, sim_set_spike_times) == 368, "offset of sim_set_spike_times");
_Static_assert(offsetof(struct shnn_api_table, sim_set_current) == 376, "offset of sim_set_current");
_Static_assert(offsetof(struct shnn_api_table, sim_population_spike_counts) == 384, "offset of sim_population_spike_counts");

#endif
