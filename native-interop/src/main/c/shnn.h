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

#ifdef __cplusplus
}
#endif

#endif /* SHNN_H */
