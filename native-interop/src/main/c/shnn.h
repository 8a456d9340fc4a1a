/*
 * shnn.h - the C API of SHNN, an off-heap spiking neural network engine running in an embedded JVM.
 *
 * libshnn.so starts a JVM (JNI invocation API) on shnn_init() and receives a table of FFM upcall
 * stubs; every later call goes from C straight into Java through one stub (about 22 ns), no JNI.
 *
 * Conventions
 * - Every function except shnn_version() and shnn_last_error*() returns an int status: SHNN_OK (0)
 *   or a negative SHNN_E_* code. Results come back through out pointers, which are only written on
 *   success. After a failure, shnn_last_error() gives the calling thread's message.
 * - Handles are opaque int64 ids (>= 1) into a Java-side table. A handle that is 0, destroyed or
 *   never issued gives SHNN_E_HANDLE, never a crash; handles are never reused in a process.
 * - Errors never escape as crashes: NULL pointers, negative counts, bad paths and unknown names give
 *   status codes and the host keeps running.
 * - Threads: every function may be called from any thread, including threads the JVM has never seen
 *   (the first call attaches them, about 7 us once). Calls on different handles run in parallel;
 *   calls on one handle are serialised (a lock per handle), so sharing a handle is safe but not
 *   concurrent.
 * - Units: time in ms, simulation time steps as int64 counts of dt since the start.
 *
 * Environment (read by shnn_init): SHNN_JAVA_HOME (a JDK >= 25; default: the one the library was
 * built with), SHNN_CLASSPATH (default: the SHNN jar the library was built with), SHNN_JVM_OPTIONS
 * (extra JVM options, whitespace-separated, appended after the jvm_options argument).
 */
#ifndef SHNN_H
#define SHNN_H

#include <stddef.h>
#include <stdint.h>

/* The off-heap layouts (generated from the Java MemoryLayouts by org.shnn.layouts.cheader): the
 * types of state columns (e.g. shnn_lif_coba_v_t), spike records, the .shnn file header. The
 * generated header is C11; for C++ hosts its C11 keywords are mapped to the C++11 ones. */
#if defined(__cplusplus) && !defined(SHNN_LAYOUTS_H)
#define _Static_assert static_assert
#define _Alignof alignof
#define _Alignas alignas
#include "shnn_layouts.h"
#undef _Static_assert
#undef _Alignof
#undef _Alignas
#else
#include "shnn_layouts.h"
#endif

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define SHNN_API __attribute__((visibility("default")))
#else
#define SHNN_API
#endif

/* Status codes (org.shnn.interop.Status; a test keeps them equal). */
#define SHNN_OK 0
#define SHNN_E_HANDLE (-1)      /* handle 0, destroyed, or never issued */
#define SHNN_E_ARGUMENT (-2)    /* NULL pointer, negative count, unknown name, value out of range */
#define SHNN_E_IO (-3)          /* file cannot be read or written */
#define SHNN_E_STATE (-4)       /* not valid now (library not initialised, JVM failed to start) */
#define SHNN_E_MEMORY (-5)      /* off-heap budget or JVM heap exhausted */
#define SHNN_E_UNSUPPORTED (-6) /* not supported by this build */
#define SHNN_E_INTERNAL (-99)   /* a bug in SHNN: the message carries the Java exception */

/*
 * Starts the JVM and loads SHNN. Must succeed before any other call except shnn_version and
 * shnn_last_error*. Idempotent: later calls return SHNN_OK at once and ignore their arguments.
 * One JVM per process: if start-up fails, the process cannot start another (SHNN_E_STATE forever).
 *   classpath   - the class path of the embedded JVM; NULL: $SHNN_CLASSPATH, else the built-in jar.
 *   jvm_options - extra JVM options separated by whitespace (e.g. "-Xmx2g -Dshnn.offheap.limit=8g"),
 *                 or NULL. Always passed: the flags of scripts/jvm.args, -Xrs (the host keeps its
 *                 signal handlers, Ctrl-C included) and a default -Xmx1g the options may override.
 * Thread-safe (concurrent first calls start one JVM). Takes about 0.1 s.
 */
SHNN_API int shnn_init(const char *classpath, const char *jvm_options);

/* The SHNN version, e.g. "0.1.0-SNAPSHOT" (static storage; callable before shnn_init). */
SHNN_API const char *shnn_version(void);

/*
 * Copies the calling thread's last error message (UTF-8, NUL-terminated, truncated to len - 1
 * bytes) into buf and returns the full message length in bytes (like snprintf); "" and 0 if no call
 * on this thread has failed. buf may be NULL when len is 0. Returns a negative status only if len
 * is out of range. A message stays until the next failure on the same thread.
 */
SHNN_API int shnn_last_error(char *buf, size_t len);

/* The calling thread's last error message in thread-local storage (valid until the thread's next
 * shnn_last_error_message call); "" if none. Truncated at 1023 bytes. */
SHNN_API const char *shnn_last_error_message(void);

/* Diagnostics: *out = value after a round trip through the JVM (tests, call-overhead timing). */
SHNN_API int shnn_echo(int64_t value, int64_t *out);

/* Diagnostics: *out = sum of count int32 values (a batch argument through the JVM); values may be
 * NULL when count is 0. */
SHNN_API int shnn_sum_i32(const int32_t *values, int64_t count, int64_t *out);

/* ---- simulations ------------------------------------------------------------------------------
 * A simulation handle names one network with its state, recorder and worker threads, in off-heap
 * memory owned by the engine until shnn_sim_destroy. All functions below: thread-safe; calls on one
 * handle are serialised, calls on different handles run in parallel. */

/* Builds a built-in network and its simulation. model: "coba" or "cuba" (Vogels & Abbott 2005 as
 * in Brette et al. 2007, 80 % excitatory, p = 0.02, dt = 0.1 ms); neurons: total count >= 2 (a population
 * of each kind); seed:
 * any 64-bit value (same seed, same raster on every host and thread count); threads: worker threads
 * >= 1. Spikes of every neuron are recorded. On success *handle is the new handle (>= 1). */
SHNN_API int shnn_sim_create_builtin(const char *model, int64_t neurons, int64_t seed, int32_t threads,
                                     int64_t *handle);

/* Checksum verification of shnn_sim_open (flags). Structure (synapse targets, row pointers, delays, the
 * clock, recorded spikes) is validated whatever the flag. Costs: bench/RESULTS.md, "Validation and
 * verification on open". */
#define SHNN_OPEN_VERIFY_DEFERRED 0 /* default: small and copied sections at open; synapse arrays of 1 MiB
                                     * or more row by row before each row's first use (files with block
                                     * checksums, format 1.1: a run fails with SHNN_E_IO at the step that
                                     * would use a damaged row) and all of them in the background, which a
                                     * save waits for before it commits; in older files a run waits for the
                                     * background before it returns and fails on a mismatch */
#define SHNN_OPEN_VERIFY_FULL 1     /* every section before open returns (time grows with the file) */
#define SHNN_OPEN_VERIFY_NONE 2     /* no checksum */

/* Resumes a checkpoint written by shnn_sim_save (of a built-in network, or one whose description the
 * file stores: see shnn_net_lend for arrays lent by the host) with `threads` worker threads
 * (>= 1; results do not depend on it) and flags = one SHNN_OPEN_VERIFY_*: the continued run is
 * bit-identical to the uninterrupted one, and the recorded spikes include the saved history. The
 * synapse arrays stay mapped from the file until shnn_sim_destroy; the file must not be truncated or
 * rewritten in place meanwhile (replacing it by rename is fine): if it is, the next run or save fails
 * with SHNN_E_IO and the handle is poisoned (SHNN_E_STATE). Missing, unreadable or corrupt file:
 * SHNN_E_IO with the codec's message (file, section, offset, field, expected and found values).
 * A sharded checkpoint (saved by a run on N ranks: path is its manifest, next to the shards it names,
 * <path>.save-<k>.rank-<r>-of-<N>) is resumed here in this one process, repartitioned: every shard is mapped and
 * the continued run is bit-identical to the uninterrupted one, as scripts/run --resume gives it on any
 * rank count. The C API itself joins no MPI job: under mpirun each process of a C host is a whole
 * simulation of its own. A missing shard: SHNN_E_IO naming the manifest, the shard and its path. */
SHNN_API int shnn_sim_open(const char *path, int32_t threads, int32_t flags, int64_t *handle);

/* Writes a checkpoint to path (the .shnn format of codec/FORMAT.md: state, synapses, spikes and
 * metadata) atomically: a temp file renamed on success, so path always holds a complete file. A
 * checkpoint is readable without a JVM too (examples/c/read_state.c). Bad directory: SHNN_E_IO. */
SHNN_API int shnn_sim_save(int64_t handle, const char *path);

/* Frees the simulation and its off-heap memory; the handle is invalid afterwards. */
SHNN_API int shnn_sim_destroy(int64_t handle);

/* The largest clock value (steps) a simulation may reach (Simulation.MAX_STEPS, 2^40): a run past it is
 * refused at once with SHNN_E_ARGUMENT (shnn_sim_run(h, 1e300) used to run for ever). */
#define SHNN_MAX_STEPS (INT64_C(1) << 40)

/* Advances by ms milliseconds (>= 0, finite, the clock at most SHNN_MAX_STEPS; rounded to whole steps of
 * dt). Blocks until done. If a step fails (SHNN_E_INTERNAL, SHNN_E_IO, ...), the simulation is poisoned:
 * run, save and result reads then give SHNN_E_STATE naming the failure; only destroy remains. */
SHNN_API int shnn_sim_run(int64_t handle, double ms);

/* Advances by steps steps of dt (>= 0, the clock at most SHNN_MAX_STEPS). Blocks until done. */
SHNN_API int shnn_sim_run_steps(int64_t handle, int64_t steps);

/* *step = steps simulated so far, *ms = simulated time in ms; either pointer may be NULL. */
SHNN_API int shnn_sim_time(int64_t handle, int64_t *step, double *ms);

/* *dt_ms = the time step in ms. */
SHNN_API int shnn_sim_dt(int64_t handle, double *dt_ms);

/* *count = neurons in the network. */
SHNN_API int shnn_sim_neuron_count(int64_t handle, int64_t *count);

/* *count = spikes recorded so far: of the neurons the description's recorders of "spikes" select, or of
 * every neuron (a description without one, a built-in network, a file). */
SHNN_API int shnn_sim_spike_count(int64_t handle, int64_t *count);

/* Spikes fired since step 0 per population, every one whatever the description's recorders of spikes keep (a
 * resumed run includes the saved ones): *populations = the number of populations; counts (may be NULL when max is
 * 0) receives the first min(*populations, max), in the description's population order. */
SHNN_API int shnn_sim_population_spike_counts(int64_t handle, int64_t max, int64_t *counts, int64_t *populations);

/* Copies recorded spikes [offset, offset + max) in recording order (steps ascending) into the
 * caller's arrays: steps[i] = time step, neurons[i] = global neuron index; *got = number copied
 * (fewer than max at the end; 0 when offset == spike count). offset must be in [0, spike count];
 * max >= 0; the arrays hold max elements (may be NULL when max is 0). One call, any batch size. */
SHNN_API int shnn_sim_read_spikes(int64_t handle, int64_t offset, int64_t max, int64_t *steps,
                                  int32_t *neurons, int64_t *got);

/* out = SHA-256 of the spike list sorted by (step, neuron), each as little-endian int64 step +
 * int32 neuron (equal to the Java Simulation.rasterSha256() of the same run). */
SHNN_API int shnn_sim_raster_sha256(int64_t handle, uint8_t out[32]);

/* Writes the recorded spikes to path as CSV (neuron_id,time_ms), NumPy .npz (neuron_id int32,
 * time_ms float64) or .npy ((count, 2) float64: neuron id, time in ms), chosen by the
 * extension (.csv, .npz, .npy; anything else: SHNN_E_ARGUMENT). Written atomically (a temp file
 * renamed on success); a bad directory or permission gives SHNN_E_IO. */
SHNN_API int shnn_sim_export_spikes(int64_t handle, const char *path);

/* Queues external input for the next run: for each i < count, weights[i] is added to receptor
 * `receptor` (0 excitatory, 1 inhibitory for the built-in models) of neuron neurons[i] (an index
 * within `population`, e.g. "exc"), arriving at step current + 1, where current is the step count
 * now (shnn_sim_time) - as if a presynaptic neuron fired at the next step through a synapse with a
 * one-step delay: the weight is in the receptor's unit (nS for COBA conductances, pA for CUBA
 * currents). Several calls before a run add up; results stay identical for any thread count. The
 * input is delivered by the next run of at least one step and is not part of a checkpoint.
 * Unknown population, receptor or neuron out of range, non-finite weight: SHNN_E_ARGUMENT (nothing
 * is queued). neurons and weights may be NULL when count is 0. */
SHNN_API int shnn_sim_inject(int64_t handle, const char *population, int32_t receptor, const int32_t *neurons,
                             const float *weights, int64_t count);

/* Element types of state columns (org.shnn.interop.ColumnType; a test keeps them equal). */
#define SHNN_TYPE_F64 1 /* double */
#define SHNN_TYPE_F32 2 /* float */
#define SHNN_TYPE_I32 3 /* int32_t */
#define SHNN_TYPE_I64 4 /* int64_t */

/* Zero-copy access to neuron state: *data = the address of column `column` of population
 * `population` (e.g. "exc", "v") in the engine's own off-heap memory, *count = its element count
 * (the population size), *type = SHNN_TYPE_*. The element type is also the column's typedef in
 * shnn_layouts.h (shnn_<model>_<column>_t, e.g. shnn_lif_coba_v_t: double, mV). The pointer stays
 * valid until shnn_sim_destroy; the values change only inside shnn_sim_run*, so read them between
 * runs, not while another thread runs the same simulation. Writing is allowed between runs (e.g.
 * to set membrane potentials) and takes effect at the next step. Unknown population or column:
 * SHNN_E_ARGUMENT with the list of columns. */
SHNN_API int shnn_sim_state_column(int64_t handle, const char *population, const char *column, void **data,
                                   int64_t *count, int32_t *type);


/* ---- network descriptions ---------------------------------------------------------------------
 * A network of your own, described as in a network file (examples/networks/README.md: PyNN's cell
 * types, parameter names and units, connectors, synapse types, electrodes, recorders). A description
 * handle (int64 >= 1, a table of its own, separate from simulation handles) collects the parts;
 * shnn_sim_create builds a simulation from it, after validating the whole (errors name the part and
 * field, e.g. "projections[1].delay: expected a delay >= dt = 0.1 ms but found 0.05 ms"). The same
 * description from C, Python, a file or Java gives the same spikes for the same seed.
 *
 * Bulk data is passed by pointer and used in place, never copied through the Java heap: arrays lent
 * with shnn_net_lend (or the lists of shnn_net_projection_list) must stay valid and unchanged until
 * the last shnn_sim_create of the description has returned. Thread-safety as for simulations: calls
 * on one description are serialised. */

/* Element types of lent arrays: the SHNN_TYPE_* codes below (double, float, int32_t, int64_t). */

/* An empty description: name (printed, saved), dt_ms > 0, seed (any 64-bit value). */
SHNN_API int shnn_net_create(const char *name, double dt_ms, int64_t seed, int64_t *net);

/* A description read from a network file's JSON text; relative array files are resolved against
 * base_dir (NULL: the working directory). More parts may be added afterwards. */
SHNN_API int shnn_net_from_json(const char *json, const char *base_dir, int64_t *net);

/* Adds one element, a JSON object in the network file's form, to a list of the description:
 * section is "populations", "projections", "poisson_drives", "current_sources", "recorders" or "hyperedges".
 * Syntax errors are reported here, the rest by shnn_sim_create. */
SHNN_API int shnn_net_add(int64_t net, const char *section, const char *json_object);

/* Lends `count` elements of `type` (SHNN_TYPE_*) at `data` under `key`: wherever the description has
 * an array, {"lent": "<key>"} names this one (e.g. a FromListConnector's "pre"). Used in place.
 * By default the array is lent for the build only (see above): the simulation's description then
 * misses it, so shnn_sim_save writes no description (the file cannot be opened by shnn_sim_open) and
 * shnn_sim_get_parameter cannot read it. With type | SHNN_LEND_KEPT the array must instead stay valid
 * and unchanged until every simulation created from the description is destroyed; it stays part of
 * the description, still without a copy: shnn_sim_save stores it in the file, shnn_sim_open reads
 * it back from there, and parameters given by it can be read. */
#define SHNN_LEND_KEPT 256
SHNN_API int shnn_net_lend(int64_t net, const char *key, int32_t type, const void *data, int64_t count);

/* Adds a population of `size` neurons of `cell_type` (e.g. "IF_cond_exp", "SpikeSourcePoisson"):
 * `count` parameters names[i] = values[i] in PyNN's names and units (names and values may be NULL
 * when count is 0); missing parameters take PyNN's defaults. */
SHNN_API int shnn_net_population(int64_t net, const char *label, int64_t size, const char *cell_type,
                                 const char *const *names, const double *values, int32_t count);

/* Sets the initial value of state variable `variable` (e.g. "v", mV) of a population: distribution
 * "constant" (args: value), "uniform" (low, high), "normal" (mu, sigma), "normal_clipped" (mu, sigma,
 * low, high), "exponential" (beta), "lognormal" (mu, sigma); nargs must match. Applied in call order. */
SHNN_API int shnn_net_initialize(int64_t net, const char *population, const char *variable,
                                 const char *distribution, const double *args, int32_t nargs);

/* Adds a projection from `pre` to `post` onto `receptor` ("excitatory" or "inhibitory") with
 * connector `connector` (PyNN's class name, e.g. "FixedProbabilityConnector") and its `count`
 * numeric parameters names[i] = values[i] (e.g. "p_connect" 0.02, "allow_self_connections" 1),
 * a constant weight (uS onto conductance cells, nA onto current cells, mV onto IF_curr_delta) and
 * delay (ms >= dt). label may be NULL ("pre->post"). Weights keep PyNN's signs (>= 0 onto a conductance
 * or excitatory receptor, <= 0 onto a current-based inhibitory one; refused with SHNN_E_ARGUMENT when
 * the simulation is created) unless "safe" 0 is given, as PyNN's safe=False connectors. */
SHNN_API int shnn_net_projection(int64_t net, const char *label, const char *pre, const char *post,
                                 const char *receptor, const char *connector, const char *const *names,
                                 const double *values, int32_t count, double weight, double delay_ms);

/* Adds a projection with exactly the listed synapses pre_idx[k] -> post_idx[k] (indices within the
 * populations), weights[k] and delays_ms[k] (either may be NULL: then `weight` / `delay_ms` for all).
 * The arrays are lent (see above): no per-synapse call and no copy through the heap. Weights keep
 * PyNN's signs (see shnn_net_projection); for weights of either sign, lend the arrays with
 * shnn_net_lend and add the projection with shnn_net_add(net, "projections", json), whose
 * FromListConnector names them ({"lent": "<key>"}) and carries "safe": false. */
SHNN_API int shnn_net_projection_list(int64_t net, const char *label, const char *pre, const char *post,
                                      const char *receptor, const int32_t *pre_idx, const int32_t *post_idx,
                                      const double *weights, const double *delays_ms, int64_t count,
                                      double weight, double delay_ms);

/* Adds an electrode: type "DCSource", "ACSource" or "NoisyCurrentSource" with its `count` parameters
 * names[i] = values[i] (PyNN's names; nA, ms, Hz, degrees), injected into neurons[0..n) of
 * `population` (neurons NULL: all of it). StepCurrentSource: see shnn_net_add. */
SHNN_API int shnn_net_current_source(int64_t net, const char *label, const char *population, const char *type,
                                     const char *const *names, const double *values, int32_t count,
                                     const int32_t *neurons, int64_t n);

/* Records `variables` (comma-separated: "spikes" and state variables such as "v", "gsyn_exc", "w")
 * of neurons[0..n) of `population` (neurons NULL: all), sampling state every interval_ms. Recorders
 * are numbered 0, 1, ... in the order added (files' recorders first); read them with
 * shnn_sim_samples. Spikes: a description with recorders of "spikes" keeps the spikes of the neurons
 * they select and of no other (shnn_sim_read_spikes, the raster SHA-256); one without keeps every
 * neuron's. */
SHNN_API int shnn_net_record(int64_t net, const char *population, const char *variables, const int32_t *neurons,
                             int64_t n, double interval_ms);

/* Records the synaptic weights of projection `projection` (its label): synapses[0..n) are positions in the
 * projection's list order (the order of shnn_sim_synapses; synapses NULL: all of them), sampled every interval_ms
 * after the step's plasticity. Numbered with the recorders of shnn_net_record; read with
 * shnn_sim_samples(h, recorder, "weight", ...), whose *neurons is then the number of synapses and whose values are
 * in the projection's unit (uS, nA or mV). One weight recorder per projection. A bad position is reported by
 * shnn_sim_create, naming the recorder ("recorders[2].synapses[1]: ..."). */
SHNN_API int shnn_net_record_weights(int64_t net, const char *projection, const int32_t *synapses, int64_t n,
                                     double interval_ms);

/* Adds one hyperedge from population `pre` to `post` onto `receptor` ("excitatory" or "inhibitory"): type
 * "one_to_many" (one source), "many_to_one" (one target), "many_to_many" or "all_to_all" (sources[0..n_sources) are
 * the members, each a source and a target; targets ignored, pre and post the same population). It fires when at
 * least min_spikes distinct sources spike within window_ms; every target then receives `weight` (the receptor's
 * unit, as a projection's) after delay_ms - or, if weights is not NULL, weights[s * n_targets + t] for source s and
 * target t (many_to_one and many_to_many). Indices are local to the populations. Edges between one pair of
 * populations form one group (examples/networks/README.md, "Hyperedges"); errors are reported by shnn_sim_create. */
SHNN_API int shnn_net_hyperedge(int64_t net, const char *pre, const char *post, const char *receptor, const char *type,
                                const int32_t *sources, int64_t n_sources, const int32_t *targets, int64_t n_targets,
                                int32_t min_spikes, double window_ms, double delay_ms, double weight,
                                const double *weights);

/* The description as network-file JSON (lent arrays as {"lent": key}): copies at most capacity - 1
 * bytes and a NUL into buffer (may be NULL when capacity is 0); *length = the full length. */
SHNN_API int shnn_net_to_json(int64_t net, char *buffer, int64_t capacity, int64_t *length);

/* Frees the description (simulations created from it are not affected). */
SHNN_API int shnn_net_destroy(int64_t net);

/* Validates the description and builds its simulation with `threads` worker threads (>= 1; results
 * do not depend on it). Spikes are recorded as its recorders of "spikes" select (every neuron's
 * without one; see shnn_net_record). The description stays usable. */
SHNN_API int shnn_sim_create(int64_t net, int32_t threads, int64_t *handle);

/* Samples of state variable `variable` of recorder `recorder` (see shnn_net_record): *samples = the
 * number of sampling times so far, *neurons = the neurons recorded; if times is not NULL it receives
 * min(samples, max_samples) times in ms, and if values is not NULL it receives those samples as
 * values[s * neurons + k] (the variable's unit, e.g. mV). Call with max_samples 0 to learn sizes. */
SHNN_API int shnn_sim_samples(int64_t handle, int32_t recorder, const char *variable, int64_t max_samples,
                              double *times, double *values, int64_t *samples, int64_t *neurons);

/* The synapses of projection `projection` (0, 1, ... in the description's order) as they are now (after any
 * plasticity): *count = their number; the first min(count, max) of them, row by row in the engine's order,
 * go into the non-NULL arrays: pre[i] and post[i] the source and target indices within their populations,
 * weights[i] in PyNN's unit (uS onto conductance cells, nA onto current cells, mV onto IF_curr_delta and
 * Izhikevich) and delays[i] in ms. Call with max 0 to learn the count. */
SHNN_API int shnn_sim_synapses(int64_t handle, int32_t projection, int64_t max, int32_t *pre, int32_t *post,
                               double *weights, double *delays, int64_t *count);

/* The current (nA) that current source `source` (its label in the description) injects into neuron
 * `neuron` of its population during steps [from_step, from_step + count): values[k] = the current during
 * step from_step + k (0 for a neuron the source does not target), the value the run injects, including the
 * noise of a NoisyCurrentSource (a function of the seed, the source and the step: any step may be asked
 * for, run or not). PyNN's source.record() / get_data(). */
SHNN_API int shnn_sim_current(int64_t handle, const char *source, int32_t neuron, int64_t from_step, int64_t count,
                              double *values);

/* Sets weights (PyNN's unit, as shnn_sim_synapses reports them) and delays (ms, rounded to whole steps of dt)
 * of projection `projection` between runs. With pre and post NULL: one value per synapse in shnn_sim_synapses'
 * order, count = the synapse count. Otherwise count (pre[k], post[k]) pairs: every synapse of pair k takes
 * weights[k] and delays[k]; a pair without a synapse is an error. A NULL weights or delays leaves that attribute
 * unchanged. Delays must lie between the description's shortest and longest delay (the spike exchange interval
 * and the delay rings' depth); the error names the projection, the index and both bounds, and nothing changes.
 * Weights keep the description's sign rule (see shnn_net_projection; not for a connector given "safe" 0).
 * Set values are part of the state: shnn_sim_save stores them and shnn_sim_reset keeps them (PyNN's set). */
SHNN_API int shnn_sim_set_synapses(int64_t handle, int32_t projection, int64_t count, const int32_t *pre,
                                   const int32_t *post, const double *weights, const double *delays);

/* Projection attributes as dense arrays (field 0: weights in PyNN's unit, 1: delays in ms), row-major
 * values[i * columns + j] for source neuron i and target neuron j; rows and columns must be the source and target
 * population sizes. */
#define SHNN_FIELD_WEIGHT 0
#define SHNN_FIELD_DELAY 1
/* How shnn_sim_dense shows several synapses of one pair (PyNN's multiple_synapses). */
#define SHNN_MULTIPLE_SUM 0
#define SHNN_MULTIPLE_MIN 1
#define SHNN_MULTIPLE_MAX 2
#define SHNN_MULTIPLE_FIRST 3
#define SHNN_MULTIPLE_LAST 4

/* Field `field` of projection `projection`: *rows and *columns = the source and target population sizes; if
 * values is not NULL it receives the rows x columns array, NaN where there is no synapse (call with values NULL
 * to learn the shape). */
SHNN_API int shnn_sim_dense(int64_t handle, int32_t projection, int32_t field, int32_t multiple, int64_t *rows,
                            int64_t *columns, double *values);

/* Sets field `field` of every synapse of projection `projection` to values[pre * columns + post]; entries where
 * there is no synapse are ignored (NaN is the usual filler); NaN at a synapse is an error. Weights other than NaN
 * keep the description's sign rule, as shnn_sim_set_synapses'. */
SHNN_API int shnn_sim_set_dense(int64_t handle, int32_t projection, int32_t field, int64_t rows, int64_t columns,
                                const double *values);

/* Back to t = 0 keeping the network (PyNN's reset()): state to the description's initial values, spikes, samples,
 * counters and random streams restarted, so that the next run equals a fresh simulation's; weights and delays set
 * with shnn_sim_set_synapses / shnn_sim_set_dense are kept, and weights a plasticity rule changed go back to their
 * values at t = 0 (or the last set ones). */
SHNN_API int shnn_sim_reset(int64_t handle);

/* ---- live spike streams -------------------------------------------------------------------------
 * A stream is a file another process maps: shnn_stream_header (shnn_layouts.h), then at byte 512 an SPSC or
 * MPSC ring (shnn_ring_header) of shnn_spike_record slots (step int64, global neuron id int32, spare int32),
 * in native byte order: the format of org.shnn.engine.stream.SpikeStream. `scripts/run --spikes-in ring:PATH`
 * drains one into a running simulation and `--spikes-out ring:PATH` writes every spike into one (creating the
 * file if absent). These functions need no JVM (no shnn_init) and never call into Java.
 * Input timing (engine.stream.LiveInput): the engine drains the ring once per step; a spike drained while the
 * engine delivers step s takes effect at step s + 2 at the earliest; after each drain the header's consumerStep
 * holds that step, so a spike stamped consumerStep + 2 or later is on time; an earlier stamp takes effect at
 * the next possible step and is counted late; a later one is held until its step.
 * Threads: shnn_stream_put from any number of threads (and processes) on an MPSC ring, one at a time on an
 * SPSC ring; shnn_stream_drain from one thread at a time; a handle is not freed while in use. */

/* Format constants (org.shnn.layouts.stream.SpikeStreamLayout, org.shnn.memory.ring.RingDescriptor; a test
 * keeps them equal). */
#define SHNN_STREAM_MAGIC UINT64_C(0x4D5254534E4E4853) /* "SHNNSTRM" */
#define SHNN_STREAM_VERSION 1
#define SHNN_STREAM_BLOCK 1       /* full ring: the producer waits for room */
#define SHNN_STREAM_DROP_OLDEST 2 /* full ring: the oldest record is discarded and counted in `dropped` */
#define SHNN_RING_MAGIC UINT64_C(0x474E49524E4E4853) /* "SHNNRING" */
#define SHNN_RING_VERSION 2
#define SHNN_RING_KIND_SPSC 1
#define SHNN_RING_KIND_MPSC 2
/* Seconds a drain waits for a drop-oldest stream's consumer lock held by a live process before SHNN_E_IO (a holder
 * keeps it for one drain or one dropped record); a holder whose process died is taken over after about 1 ms
 * (the lock word holds the holder's pid; all sides share one pid namespace). */
#define SHNN_STREAM_LOCK_TIMEOUT_S 10.0
/* Seconds shnn_stream_put waits on a full blocking ring for the consumer to free room before it gives up with
 * SHNN_E_IO (the default of every handle; shnn_stream_set_stall_timeout): a consumer that stopped reading (died, or
 * hung) must not hang its producers for good. The engine's own puts (--spikes-out) wait as long. */
#define SHNN_STREAM_STALL_TIMEOUT_S 10.0

/* An open stream: a mapping of its file (opaque; freed by shnn_stream_close). */
typedef struct shnn_stream shnn_stream;

/* Bytes of a stream file of `capacity` records (MPSC if many_producers). */
SHNN_API size_t shnn_stream_required_bytes(int32_t many_producers, int32_t capacity);

/* Creates (or replaces) path as an empty stream: formatted in path.tmp-<pid> and renamed into place, so a
 * process waiting for path never sees it half-written. capacity: a power of two in [1, 2^30] records;
 * policy: SHNN_STREAM_BLOCK or SHNN_STREAM_DROP_OLDEST. */
SHNN_API int shnn_stream_create(const char *path, int32_t many_producers, int32_t capacity, int32_t policy,
                                shnn_stream **out);

/* Maps an existing stream file after validating it; a bad file gives SHNN_E_IO naming the file, the byte
 * offset and field, the expected and the found value (bad magic, wrong version, capacity not a power of
 * two, truncated file, ...). */
SHNN_API int shnn_stream_open(const char *path, shnn_stream **out);

/* shnn_stream_open once path exists, waiting up to timeout_s seconds for it to appear. */
SHNN_API int shnn_stream_open_wait(const char *path, double timeout_s, shnn_stream **out);

/* Unmaps the stream and frees the handle (the file stays). */
SHNN_API int shnn_stream_close(shnn_stream *stream);

/* Producer: puts one spike (step: for an input stream, the step it is meant to take effect at; neuron: global
 * id). A full ring applies the stream's policy: block waits (spin, yield, then sleeps up to 1 ms) until the
 * consumer frees room; drop-oldest discards the oldest record under the header's consumer lock and counts it
 * in `dropped`. Either gives up with SHNN_E_IO (nothing put) after the handle's stall timeout without progress:
 * a consumer that stopped reading, or (drop-oldest) an oldest record a dead producer claimed and never committed. */
SHNN_API int shnn_stream_put(shnn_stream *stream, int64_t step, int32_t neuron);

/* Sets how long shnn_stream_put on this handle waits on a full blocking ring (seconds > 0; INFINITY: for good;
 * default SHNN_STREAM_STALL_TIMEOUT_S). Not while a put on the handle is waiting. */
SHNN_API int shnn_stream_set_stall_timeout(shnn_stream *stream, double seconds);

/* Consumer: copies up to max spikes, oldest first, into steps[i] / neurons[i] and frees their slots; *got =
 * number copied (0 if none is committed). Never waits, except briefly for the consumer lock of a drop-oldest
 * stream (taken over from a process that died holding it; SHNN_E_IO if a live one holds it for
 * SHNN_STREAM_LOCK_TIMEOUT_S). */
SHNN_API int shnn_stream_drain(shnn_stream *stream, int64_t *steps, int32_t *neurons, int64_t max, int64_t *got);

/* *step = the header's consumerStep: for an input stream the step the engine's latest drain serves, for an
 * output stream the last step whose spikes were written; -1 before the engine's first. */
SHNN_API int shnn_stream_consumer_step(shnn_stream *stream, int64_t *step);

/* *dropped = records discarded by the drop-oldest policy (all producers, all processes). */
SHNN_API int shnn_stream_dropped(shnn_stream *stream, int64_t *dropped);

/* The ring's kind (1 if MPSC), capacity in records and policy; NULL pointers are skipped. */
SHNN_API int shnn_stream_info(shnn_stream *stream, int32_t *many_producers, int32_t *capacity, int32_t *policy);

/* Sets neuron parameters of population `population` between runs: names[k] (PyNN names, e.g. "tau_m") takes
 * values[k] (PyNN units) for every neuron. The state is kept and the next step uses the new values; shnn_sim_save
 * stores them and shnn_sim_reset keeps them. Refused, naming population and field: a bad value, a spike source,
 * i_offset that was given per neuron, tau_syn_* under a Tsodyks-Markram projection. */
SHNN_API int shnn_sim_set_parameters(int64_t handle, const char *population, const char *const *names,
                                     const double *values, int32_t count);

/* Parameter `name` (PyNN's name) of every neuron of population `population`, in PyNN's unit (PyNN's
 * Population.get): *count = the population size; values (may be NULL when max is 0) receives the first
 * min(count, max). The description's value (a constant, per-neuron array, or distribution drawn as the network was
 * built), or PyNN's default if the description leaves it out; a SpikeSourcePoisson answers rate, start, duration.
 * Unknown name: SHNN_E_ARGUMENT naming the population and field; an array lent for the build only (a host's array
 * not kept by the description) cannot be read back and is refused the same way. */
SHNN_API int shnn_sim_get_parameter(int64_t handle, const char *population, const char *name, int64_t max,
                                    double *values, int64_t *count);

/* Sets parameter `name` of population `population` between runs to one value per neuron: values[0..count), count =
 * the population size (PyNN units; copied). As shnn_sim_set_parameters otherwise (state kept, saved, kept by
 * reset; i_offset per neuron refused). */
SHNN_API int shnn_sim_set_parameter_values(int64_t handle, const char *population, const char *name,
                                           const double *values, int64_t count);

/* Replaces the spikes of SpikeSourceArray population `population` between runs (PyNN's set(spike_times=...)):
 * neuron neurons[k] (an index in the population) fires at times_ms[k] (ms, rounded to the nearest step), for k <
 * count; spikes at steps before the current one are never emitted. Saved with the simulation and kept by reset.
 * Not a SpikeSourceArray, a neuron out of range or a negative or non-finite time: SHNN_E_ARGUMENT. */
SHNN_API int shnn_sim_set_spike_times(int64_t handle, const char *population, const int32_t *neurons,
                                      const double *times_ms, int64_t count);

/* Changes current source `source` of the description between runs, from the current time on (PyNN's
 * source.amplitude = x or set_parameters, NEST's SetStatus on a generator): `json` is a JSON object of its
 * parameters as the network file gives them (PyNN names and units, e.g. {"amplitude": 0.8} for a DCSource or
 * {"times": [...], "amplitudes": [...]} for a StepCurrentSource); the ones it leaves out keep their last values.
 * Times stay absolute. The current recorded by shnn_sim_current shows the change; shnn_sim_save stores it and
 * shnn_sim_reset keeps it (it acts again at its time). An unknown source, an unknown parameter, a value out of
 * range, or a changed label, population, neurons or type: SHNN_E_ARGUMENT naming it, and nothing changes. */
SHNN_API int shnn_sim_set_current(int64_t handle, const char *source, const char *json);

#ifdef __cplusplus
}
#endif

#endif /* SHNN_H */
