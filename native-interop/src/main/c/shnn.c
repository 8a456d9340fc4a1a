/*
 * libshnn.so: embeds a JVM and forwards the C API of shnn.h to SHNN through a table of FFM upcall
 * stubs (org.shnn.interop.NativeApi.apiTable()). JNI is used once, in shnn_init; every other call
 * is one load of the table pointer and one indirect call into an upcall stub.
 *
 * Build: scripts/build-native (defines SHNN_VERSION, SHNN_DEFAULT_JAVA_HOME, SHNN_DEFAULT_CLASSPATH,
 * SHNN_DEFAULT_AOT_CACHE and SHNN_DEFAULT_AOT_JAR_ID, and generates shnn_jvm_args.h from scripts/jvm.args).
 */
#define _GNU_SOURCE
#include "shnn.h"
#include "shnn_api_table.h"
#include "shnn_jvm_args.h"
#include "shnn_internal.h"

#include <dlfcn.h>
#include <jni.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SHNN_VERSION
#error "SHNN_VERSION must be defined by the build (scripts/build-native)"
#endif
#ifndef SHNN_DEFAULT_JAVA_HOME
#error "SHNN_DEFAULT_JAVA_HOME must be defined by the build (scripts/build-native)"
#endif
#ifndef SHNN_DEFAULT_CLASSPATH
#error "SHNN_DEFAULT_CLASSPATH must be defined by the build (scripts/build-native)"
#endif

/* The JVM's AOT cache scripts/build-native trained for the default jar (org.shnn.interop.AotTraining; JEP 483
 * classes parsed and linked, JEP 515 method profiles), "" if none, and the identity of that jar when it was
 * trained: "size inode mtime.nanoseconds" (as `stat -c '%s %i %.9Y'` prints it). */
#ifndef SHNN_DEFAULT_AOT_CACHE
#define SHNN_DEFAULT_AOT_CACHE ""
#endif
#ifndef SHNN_DEFAULT_AOT_JAR_ID
#define SHNN_DEFAULT_AOT_JAR_ID ""
#endif

#define MAX_OPTIONS 64
#define ERROR_CAPACITY 1024

/* The table, published once by shnn_init with a release store; readers load-acquire it so the
 * table's contents (written by the JVM before apiTable() returned) are visible to them. */
static _Atomic(const struct shnn_api_table *) api_table;
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
/* Set (under init_lock) when a JVM start failed after JNI_CreateJavaVM was tried: never retried. */
static int init_failed_for_good;
static char init_failure[ERROR_CAPACITY];

/* Where the calling thread's last error lives: nowhere yet, in err_text (a failure inside this
 * library), or on the Java side (a status returned by an upcall). */
enum { ERR_NONE, ERR_C, ERR_JAVA };
static __thread int err_source;
static __thread char err_text[ERROR_CAPACITY];
static __thread char err_message[ERROR_CAPACITY];

static const char *status_name(int status) {
    switch (status) {
    case SHNN_E_HANDLE: return "SHNN_E_HANDLE";
    case SHNN_E_ARGUMENT: return "SHNN_E_ARGUMENT";
    case SHNN_E_IO: return "SHNN_E_IO";
    case SHNN_E_STATE: return "SHNN_E_STATE";
    case SHNN_E_MEMORY: return "SHNN_E_MEMORY";
    case SHNN_E_UNSUPPORTED: return "SHNN_E_UNSUPPORTED";
    default: return "SHNN_E_INTERNAL";
    }
}

/* Records a failure inside this library as the calling thread's last error (also used by shnn_stream.c,
 * declared in shnn_internal.h; hidden from hosts by -fvisibility=hidden). */
int shnn_c_error(int status, const char *fmt, ...) {
    int n = snprintf(err_text, sizeof err_text, "%s: ", status_name(status));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err_text + n, sizeof err_text - (size_t) n, fmt, ap);
    va_end(ap);
    err_source = ERR_C;
    return status;
}

static const struct shnn_api_table *table(void) {
    return atomic_load_explicit(&api_table, memory_order_acquire);
}

static int not_initialised(void) {
    return shnn_c_error(SHNN_E_STATE, "shnn_init has not succeeded yet");
}

/* One upcall: returns its status, remembering that a failure's message is on the Java side. */
#define SHNN_FORWARD(entry, ...)                                   \
    do {                                                           \
        const struct shnn_api_table *t_ = table();                 \
        if (t_ == NULL) return not_initialised();                  \
        int rc_ = t_->entry(__VA_ARGS__);                          \
        if (rc_ != SHNN_OK) err_source = ERR_JAVA;                 \
        return rc_;                                                \
    } while (0)

/* ---- JVM start-up -------------------------------------------------------------------------- */

typedef jint (JNICALL *create_vm_fn)(JavaVM **, void **, void *);
typedef jint (JNICALL *created_vms_fn)(JavaVM **, jsize, jsize *);

/* Describes and clears the pending Java exception into the C error (status SHNN_E_STATE). */
static int java_failure(JNIEnv *env, const char *what) {
    jthrowable ex = (*env)->ExceptionOccurred(env);
    (*env)->ExceptionClear(env);
    const char *text = "(no exception)";
    jstring s = NULL;
    if (ex != NULL) {
        jclass throwable = (*env)->FindClass(env, "java/lang/Throwable");
        jmethodID to_string = throwable ? (*env)->GetMethodID(env, throwable, "toString", "()Ljava/lang/String;") : NULL;
        s = to_string ? (jstring) (*env)->CallObjectMethod(env, ex, to_string) : NULL;
        (*env)->ExceptionClear(env);
        const char *chars = s ? (*env)->GetStringUTFChars(env, s, NULL) : NULL;
        if (chars != NULL) {
            int rc = shnn_c_error(SHNN_E_STATE, "%s: %s", what, chars);
            (*env)->ReleaseStringUTFChars(env, s, chars);
            return rc;
        }
        text = "(exception without description)";
    }
    return shnn_c_error(SHNN_E_STATE, "%s: %s", what, text);
}

/* Appends the whitespace-separated words of src (copied into store) to opts. */
static int add_words(JavaVMOption *opts, int *n, char *store, size_t store_len, const char *src) {
    if (src == NULL) return SHNN_OK;
    if (strlen(src) >= store_len) return shnn_c_error(SHNN_E_ARGUMENT, "JVM options too long (%zu bytes, limit %zu)", strlen(src), store_len - 1);
    strcpy(store, src);
    char *save = NULL;
    for (char *w = strtok_r(store, " \t\n", &save); w != NULL; w = strtok_r(NULL, " \t\n", &save)) {
        if (*n >= MAX_OPTIONS) return shnn_c_error(SHNN_E_ARGUMENT, "more than %d JVM options", MAX_OPTIONS);
        opts[(*n)++].optionString = w;
    }
    return SHNN_OK;
}

static int check_table(const struct shnn_api_table *t) {
    if (t == NULL) return shnn_c_error(SHNN_E_STATE, "NativeApi.apiTable() returned NULL");
    if (t->magic != (int32_t) SHNN_API_MAGIC)
        return shnn_c_error(SHNN_E_STATE, "upcall table has magic 0x%08x, expected 0x%08x", (unsigned) t->magic, SHNN_API_MAGIC);
    if (t->abi_version != SHNN_API_ABI_VERSION || t->size != (int64_t) sizeof(struct shnn_api_table))
        return shnn_c_error(SHNN_E_STATE, "upcall table ABI %d (%lld bytes) does not match libshnn.so ABI %d (%zu bytes): "
                       "rebuild libshnn.so against this jar (scripts/build-native)",
                       t->abi_version, (long long) t->size, SHNN_API_ABI_VERSION, sizeof(struct shnn_api_table));
    if (strcmp(t->version, SHNN_VERSION) != 0)
        return shnn_c_error(SHNN_E_STATE, "SHNN jar version %s does not match libshnn.so version %s", t->version, SHNN_VERSION);
    return SHNN_OK;
}

/* 1 if the embedded JVM may use SHNN_DEFAULT_AOT_CACHE: there is one, SHNN_AOT is not "0", the JVM is the
 * default JDK, the class path is the default jar and that jar is still the file the cache was trained on (JDK 25
 * does not notice a changed jar: it would load stale classes from the cache; bench/RESULTS.md section 13). */
static int aot_cache_usable(const char *home, const char *classpath) {
    const char *off = getenv("SHNN_AOT");
    if (SHNN_DEFAULT_AOT_CACHE[0] == '\0' || (off != NULL && strcmp(off, "0") == 0)) return 0;
    if (strcmp(home, SHNN_DEFAULT_JAVA_HOME) != 0 || strcmp(classpath, SHNN_DEFAULT_CLASSPATH) != 0) return 0;
    struct stat st;
    if (stat(SHNN_DEFAULT_CLASSPATH, &st) != 0) return 0;
    char id[128];
    snprintf(id, sizeof id, "%lld %llu %lld.%09ld", (long long) st.st_size, (unsigned long long) st.st_ino,
             (long long) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec);
    return strcmp(id, SHNN_DEFAULT_AOT_JAR_ID) == 0 && access(SHNN_DEFAULT_AOT_CACHE, R_OK) == 0;
}

static int start_jvm(const char *classpath, const char *jvm_options) {
    const char *home = getenv("SHNN_JAVA_HOME");
    if (home == NULL || *home == '\0') home = SHNN_DEFAULT_JAVA_HOME;
    char libjvm[4096];
    snprintf(libjvm, sizeof libjvm, "%s/lib/server/libjvm.so", home);
    void *lib = dlopen(libjvm, RTLD_NOW | RTLD_GLOBAL);
    if (lib == NULL) return shnn_c_error(SHNN_E_STATE, "cannot load %s: %s (set SHNN_JAVA_HOME to a JDK >= 25)", libjvm, dlerror());
    create_vm_fn create_vm = (create_vm_fn) dlsym(lib, "JNI_CreateJavaVM");
    created_vms_fn created_vms = (created_vms_fn) dlsym(lib, "JNI_GetCreatedJavaVMs");
    if (create_vm == NULL || created_vms == NULL) return shnn_c_error(SHNN_E_STATE, "%s lacks the JNI invocation API", libjvm);

    JavaVM *vm = NULL;
    JNIEnv *env = NULL;
    jsize existing = 0;
    if (created_vms(&vm, 1, &existing) == JNI_OK && existing > 0) {
        /* The process already runs a JVM (one per process): attach to it instead. */
        if ((*vm)->AttachCurrentThreadAsDaemon(vm, (void **) &env, NULL) != JNI_OK)
            return shnn_c_error(SHNN_E_STATE, "cannot attach to the running JVM");
    } else {
        if (classpath == NULL) classpath = getenv("SHNN_CLASSPATH");
        if (classpath == NULL || *classpath == '\0') classpath = SHNN_DEFAULT_CLASSPATH;
        static char cp_option[16384];
        static char user_words[8192];
        static char env_words[8192];
        if (snprintf(cp_option, sizeof cp_option, "-Djava.class.path=%s", classpath) >= (int) sizeof cp_option)
            return shnn_c_error(SHNN_E_ARGUMENT, "class path too long (%zu bytes)", strlen(classpath));
        JavaVMOption opts[MAX_OPTIONS];
        memset(opts, 0, sizeof opts);
        int n = 0;
        opts[n++].optionString = cp_option;
        for (size_t i = 0; i < sizeof shnn_jvm_args / sizeof shnn_jvm_args[0]; i++)
            opts[n++].optionString = (char *) shnn_jvm_args[i];
        opts[n++].optionString = "-Xrs";
        opts[n++].optionString = "-Xmx1g";
        if (aot_cache_usable(home, classpath)) {
            /* the cache's own log off stdout; a cache the JVM cannot use is a warning on stderr, not a failure */
            opts[n++].optionString = "-XX:AOTCache=" SHNN_DEFAULT_AOT_CACHE;
            opts[n++].optionString = "-Xlog:aot*=off";
            opts[n++].optionString = "-Xlog:aot*=warning:stderr";
        }
        int rc = add_words(opts, &n, user_words, sizeof user_words, jvm_options);
        if (rc == SHNN_OK) rc = add_words(opts, &n, env_words, sizeof env_words, getenv("SHNN_JVM_OPTIONS"));
        if (rc != SHNN_OK) return rc;
        JavaVMInitArgs args = {.version = JNI_VERSION_21, .nOptions = n, .options = opts, .ignoreUnrecognized = JNI_FALSE};
        init_failed_for_good = 1; /* a JVM cannot be created twice in a process, even after a failure */
        jint created = create_vm(&vm, (void **) &env, &args);
        if (created != JNI_OK)
            return shnn_c_error(SHNN_E_STATE, "JNI_CreateJavaVM failed with %d (JDK %s, class path %s; "
                           "the JVM names a rejected option on stderr)", (int) created, home, classpath);
    }
    jclass api = (*env)->FindClass(env, "org/shnn/interop/NativeApi");
    if (api == NULL) return java_failure(env, "cannot load org.shnn.interop.NativeApi (is the SHNN jar on the class path?)");
    jmethodID get = (*env)->GetStaticMethodID(env, api, "apiTable", "()J");
    if (get == NULL) return java_failure(env, "NativeApi.apiTable()J not found");
    jlong address = (*env)->CallStaticLongMethod(env, api, get);
    if ((*env)->ExceptionCheck(env)) return java_failure(env, "NativeApi.apiTable() failed");
    const struct shnn_api_table *t = (const struct shnn_api_table *) (intptr_t) address;
    int rc = check_table(t);
    if (rc != SHNN_OK) return rc;
    init_failed_for_good = 0;
    atomic_store_explicit(&api_table, t, memory_order_release); /* publishes the table to every thread */
    return SHNN_OK;
}

int shnn_init(const char *classpath, const char *jvm_options) {
    if (table() != NULL) return SHNN_OK;
    pthread_mutex_lock(&init_lock);
    int rc;
    if (table() != NULL) {
        rc = SHNN_OK;
    } else if (init_failed_for_good) {
        rc = shnn_c_error(SHNN_E_STATE, "an earlier shnn_init failed and a process can start only one JVM: %s", init_failure);
    } else {
        rc = start_jvm(classpath, jvm_options);
        if (rc != SHNN_OK && init_failed_for_good) snprintf(init_failure, sizeof init_failure, "%s", err_text);
    }
    pthread_mutex_unlock(&init_lock);
    return rc;
}

/* ---- errors and version ---------------------------------------------------------------------- */

const char *shnn_version(void) {
    return SHNN_VERSION;
}

int shnn_last_error(char *buf, size_t len) {
    if (len > (size_t) INT32_MAX) return shnn_c_error(SHNN_E_ARGUMENT, "len %zu > %d", len, INT32_MAX);
    if (buf == NULL && len > 0) return shnn_c_error(SHNN_E_ARGUMENT, "buf is NULL but len is %zu", len);
    if (err_source == ERR_JAVA) {
        const struct shnn_api_table *t = table();
        int64_t full = 0;
        if (t != NULL && t->last_error(buf, (int64_t) len, &full) == SHNN_OK) return (int) full;
    }
    const char *text = err_source == ERR_C ? err_text : "";
    if (len > 0) snprintf(buf, len, "%s", text);
    return (int) strlen(text);
}

const char *shnn_last_error_message(void) {
    shnn_last_error(err_message, sizeof err_message);
    return err_message;
}

/* ---- diagnostics ----------------------------------------------------------------------------- */

int shnn_echo(int64_t value, int64_t *out) {
    SHNN_FORWARD(echo, value, out);
}

int shnn_sum_i32(const int32_t *values, int64_t count, int64_t *out) {
    SHNN_FORWARD(sum_i32, values, count, out);
}

/* ---- simulations ----------------------------------------------------------------------------- */

int shnn_sim_create_builtin(const char *model, int64_t neurons, int64_t seed, int32_t threads, int64_t *handle) {
    SHNN_FORWARD(sim_create_builtin, model, neurons, seed, threads, handle);
}

int shnn_sim_destroy(int64_t handle) {
    SHNN_FORWARD(sim_destroy, handle);
}

int shnn_sim_run(int64_t handle, double ms) {
    SHNN_FORWARD(sim_run, handle, ms);
}

int shnn_sim_run_steps(int64_t handle, int64_t steps) {
    SHNN_FORWARD(sim_run_steps, handle, steps);
}

int shnn_sim_time(int64_t handle, int64_t *step, double *ms) {
    SHNN_FORWARD(sim_time, handle, step, ms);
}

int shnn_sim_dt(int64_t handle, double *dt_ms) {
    SHNN_FORWARD(sim_dt, handle, dt_ms);
}

int shnn_sim_neuron_count(int64_t handle, int64_t *count) {
    SHNN_FORWARD(sim_neuron_count, handle, count);
}

int shnn_sim_spike_count(int64_t handle, int64_t *count) {
    SHNN_FORWARD(sim_spike_count, handle, count);
}

int shnn_sim_read_spikes(int64_t handle, int64_t offset, int64_t max, int64_t *steps, int32_t *neurons, int64_t *got) {
    SHNN_FORWARD(sim_read_spikes, handle, offset, max, steps, neurons, got);
}

int shnn_sim_raster_sha256(int64_t handle, uint8_t out[32]) {
    SHNN_FORWARD(sim_raster_sha256, handle, out);
}

int shnn_sim_export_spikes(int64_t handle, const char *path) {
    SHNN_FORWARD(sim_export_spikes, handle, path);
}

int shnn_sim_state_column(int64_t handle, const char *population, const char *column, void **data, int64_t *count,
                          int32_t *type) {
    SHNN_FORWARD(sim_state_column, handle, population, column, data, count, type);
}

int shnn_sim_save(int64_t handle, const char *path) {
    SHNN_FORWARD(sim_save, handle, path);
}

int shnn_sim_open(const char *path, int32_t threads, int32_t flags, int64_t *handle) {
    SHNN_FORWARD(sim_open, path, threads, flags, handle);
}

int shnn_sim_inject(int64_t handle, const char *population, int32_t receptor, const int32_t *neurons,
                    const float *weights, int64_t count) {
    SHNN_FORWARD(sim_inject, handle, population, receptor, neurons, weights, count);
}

/* ---- network descriptions -------------------------------------------------------------------- */

int shnn_net_create(const char *name, double dt_ms, int64_t seed, int64_t *net) {
    SHNN_FORWARD(net_create, name, dt_ms, seed, net);
}

int shnn_net_from_json(const char *json, const char *base_dir, int64_t *net) {
    SHNN_FORWARD(net_from_json, json, base_dir, net);
}

int shnn_net_add(int64_t net, const char *section, const char *json_object) {
    SHNN_FORWARD(net_add, net, section, json_object);
}

int shnn_net_lend(int64_t net, const char *key, int32_t type, const void *data, int64_t count) {
    SHNN_FORWARD(net_lend, net, key, type, data, count);
}

int shnn_net_population(int64_t net, const char *label, int64_t size, const char *cell_type,
                        const char *const *names, const double *values, int32_t count) {
    SHNN_FORWARD(net_population, net, label, size, cell_type, names, values, count);
}

int shnn_net_initialize(int64_t net, const char *population, const char *variable, const char *distribution,
                        const double *args, int32_t nargs) {
    SHNN_FORWARD(net_initialize, net, population, variable, distribution, args, nargs);
}

int shnn_net_projection(int64_t net, const char *label, const char *pre, const char *post, const char *receptor,
                        const char *connector, const char *const *names, const double *values, int32_t count,
                        double weight, double delay_ms) {
    SHNN_FORWARD(net_projection, net, label, pre, post, receptor, connector, names, values, count, weight, delay_ms);
}

int shnn_net_projection_list(int64_t net, const char *label, const char *pre, const char *post, const char *receptor,
                             const int32_t *pre_idx, const int32_t *post_idx, const double *weights,
                             const double *delays_ms, int64_t count, double weight, double delay_ms) {
    SHNN_FORWARD(net_projection_list, net, label, pre, post, receptor, pre_idx, post_idx, weights, delays_ms, count,
                 weight, delay_ms);
}

int shnn_net_current_source(int64_t net, const char *label, const char *population, const char *type,
                            const char *const *names, const double *values, int32_t count, const int32_t *neurons,
                            int64_t n) {
    SHNN_FORWARD(net_current_source, net, label, population, type, names, values, count, neurons, n);
}

int shnn_net_record(int64_t net, const char *population, const char *variables, const int32_t *neurons, int64_t n,
                    double interval_ms) {
    SHNN_FORWARD(net_record, net, population, variables, neurons, n, interval_ms);
}

int shnn_net_to_json(int64_t net, char *buffer, int64_t capacity, int64_t *length) {
    SHNN_FORWARD(net_to_json, net, buffer, capacity, length);
}

int shnn_net_destroy(int64_t net) {
    SHNN_FORWARD(net_destroy, net);
}

int shnn_sim_create(int64_t net, int32_t threads, int64_t *handle) {
    SHNN_FORWARD(sim_create, net, threads, handle);
}

int shnn_sim_samples(int64_t handle, int32_t recorder, const char *variable, int64_t max_samples, double *times,
                     double *values, int64_t *samples, int64_t *neurons) {
    SHNN_FORWARD(sim_samples, handle, recorder, variable, max_samples, times, values, samples, neurons);
}

int shnn_sim_synapses(int64_t handle, int32_t projection, int64_t max, int32_t *pre, int32_t *post, double *weights,
                      double *delays, int64_t *count) {
    SHNN_FORWARD(sim_synapses, handle, projection, max, pre, post, weights, delays, count);
}

int shnn_sim_current(int64_t handle, const char *source, int32_t neuron, int64_t from_step, int64_t count,
                     double *values) {
    SHNN_FORWARD(sim_current, handle, source, neuron, from_step, count, values);
}

int shnn_sim_set_synapses(int64_t handle, int32_t projection, int64_t count, const int32_t *pre, const int32_t *post,
                          const double *weights, const double *delays) {
    SHNN_FORWARD(sim_set_synapses, handle, projection, count, pre, post, weights, delays);
}

int shnn_sim_dense(int64_t handle, int32_t projection, int32_t field, int32_t multiple, int64_t *rows, int64_t *columns,
                   double *values) {
    SHNN_FORWARD(sim_dense, handle, projection, field, multiple, rows, columns, values);
}

int shnn_sim_set_dense(int64_t handle, int32_t projection, int32_t field, int64_t rows, int64_t columns,
                       const double *values) {
    SHNN_FORWARD(sim_set_dense, handle, projection, field, rows, columns, values);
}

int shnn_sim_reset(int64_t handle) {
    SHNN_FORWARD(sim_reset, handle);
}

int shnn_sim_set_parameters(int64_t handle, const char *population, const char *const *names, const double *values,
                            int32_t count) {
    SHNN_FORWARD(sim_set_parameters, handle, population, names, values, count);
}

int shnn_net_record_weights(int64_t net, const char *projection, const int32_t *synapses, int64_t n, double interval_ms) {
    SHNN_FORWARD(net_record_weights, net, projection, synapses, n, interval_ms);
}

int shnn_net_hyperedge(int64_t net, const char *pre, const char *post, const char *receptor, const char *type,
                       const int32_t *sources, int64_t n_sources, const int32_t *targets, int64_t n_targets,
                       int32_t min_spikes, double window_ms, double delay_ms, double weight, const double *weights) {
    SHNN_FORWARD(net_hyperedge, net, pre, post, receptor, type, sources, n_sources, targets, n_targets, min_spikes,
                 window_ms, delay_ms, weight, weights);
}

int shnn_sim_get_parameter(int64_t handle, const char *population, const char *name, int64_t max, double *values,
                           int64_t *count) {
    SHNN_FORWARD(sim_get_parameter, handle, population, name, max, values, count);
}

int shnn_sim_set_parameter_values(int64_t handle, const char *population, const char *name, const double *values,
                                  int64_t count) {
    SHNN_FORWARD(sim_set_parameter_values, handle, population, name, values, count);
}

int shnn_sim_set_spike_times(int64_t handle, const char *population, const int32_t *neurons, const double *times_ms,
                             int64_t count) {
    SHNN_FORWARD(sim_set_spike_times, handle, population, neurons, times_ms, count);
}

int shnn_sim_set_current(int64_t handle, const char *source, const char *json) {
    SHNN_FORWARD(sim_set_current, handle, source, json);
}

int shnn_sim_population_spike_counts(int64_t handle, int64_t max, int64_t *counts, int64_t *populations) {
    SHNN_FORWARD(sim_population_spike_counts, handle, max, counts, populations);
}
