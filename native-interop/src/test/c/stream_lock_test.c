/* Issue 15: a process that dies holding the consumer lock of a drop-oldest mapped spike stream does not wedge
 * it. A child process takes the lock (as a producer dropping the oldest record would: the lock word = its pid)
 * and is killed with SIGKILL while holding it; then a producer's put on the full ring and a drain complete, in
 * bounded time (alarm), with every record accounted for. Needs no JVM.
 * Usage: stream_lock_test DIR (a writable directory). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include "check.h"
#include "shnn_layouts.h"

/* A child that sets the lock word to its own pid (what try_lock's compare-and-set does), tells the parent
 * through the pipe, and waits to be killed. */
static pid_t hold_lock_in_child(const char *path) {
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int fd = open(path, O_RDWR);
        if (fd < 0) _exit(3);
        int64_t *lock = mmap(NULL, SHNN_STREAM_HEADER_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (lock == MAP_FAILED) _exit(4);
        lock = (int64_t *) ((char *) lock + SHNN_STREAM_HEADER_CONSUMER_LOCK_OFFSET);
        int64_t expected = 0;
        if (!__atomic_compare_exchange_n(lock, &expected, (int64_t) getpid(), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            _exit(5);
        }
        if (write(fds[1], "L", 1) != 1) _exit(6);
        for (;;) pause();
    }
    char c = 0;
    CHECK(read(fds[0], &c, 1) == 1 && c == 'L');
    close(fds[0]);
    close(fds[1]);
    return pid;
}

int main(int argc, char **argv) {
    CHECK(argc == 2);
    char path[4096];
    snprintf(path, sizeof path, "%s/lock.ring", argv[1]);
    shnn_stream *s = NULL;
    CHECK_RC(SHNN_OK, shnn_stream_create(path, 1, 4, SHNN_STREAM_DROP_OLDEST, &s));
    for (int i = 0; i < 4; i++) CHECK_RC(SHNN_OK, shnn_stream_put(s, i, 100 + i));

    alarm(20); /* the bound: a wedged stream ends the test with SIGALRM instead of hanging it */
    pid_t child = hold_lock_in_child(path);
    CHECK(kill(child, SIGKILL) == 0);
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status));
    /* a producer on the full ring must take the dead holder's lock over and drop the oldest record */
    CHECK_RC(SHNN_OK, shnn_stream_put(s, 4, 104));
    int64_t dropped = -1;
    CHECK_RC(SHNN_OK, shnn_stream_dropped(s, &dropped));
    CHECK(dropped == 1);

    /* the same for the consumer: a drain under a dead holder's lock */
    child = hold_lock_in_child(path);
    CHECK(kill(child, SIGKILL) == 0);
    CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status));
    int64_t steps[8];
    int32_t neurons[8];
    int64_t got = -1;
    CHECK_RC(SHNN_OK, shnn_stream_drain(s, steps, neurons, 8, &got));
    CHECK(got == 4);
    for (int i = 0; i < 4; i++) CHECK(steps[i] == i + 1 && neurons[i] == 101 + i); /* 0 was dropped */
    alarm(0);
    CHECK_RC(SHNN_OK, shnn_stream_close(s));

    /* a blocking ring nobody drains: the put gives up after the stall timeout, naming the stream, and puts nothing */
    snprintf(path, sizeof path, "%s/stall.ring", argv[1]);
    CHECK_RC(SHNN_OK, shnn_stream_create(path, 1, 2, SHNN_STREAM_BLOCK, &s));
    CHECK_RC(SHNN_E_ARGUMENT, shnn_stream_set_stall_timeout(s, 0));
    CHECK_RC(SHNN_E_ARGUMENT, shnn_stream_set_stall_timeout(s, NAN));
    CHECK_RC(SHNN_OK, shnn_stream_set_stall_timeout(s, 0.2));
    for (int i = 0; i < 2; i++) CHECK_RC(SHNN_OK, shnn_stream_put(s, i, i));
    alarm(20);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_RC(SHNN_E_IO, shnn_stream_put(s, 2, 2));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    alarm(0);
    double waited = (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    CHECK(waited >= 0.2);
    CHECK(strstr(shnn_last_error_message(), "stall.ring: its ring of 2 records has been full for") != NULL);
    CHECK(strstr(shnn_last_error_message(), "its consumer has stopped reading") != NULL);
    got = -1;
    CHECK_RC(SHNN_OK, shnn_stream_drain(s, steps, neurons, 8, &got));
    CHECK(got == 2 && steps[1] == 1);
    CHECK_RC(SHNN_OK, shnn_stream_put(s, 3, 3)); /* room again */
    CHECK_RC(SHNN_OK, shnn_stream_close(s));

    /* a drop-oldest ring whose oldest position was claimed and never committed (a producer killed mid-put): nothing
     * can be dropped, and the put gives up after the stall timeout instead of spinning for good */
    snprintf(path, sizeof path, "%s/stalled.ring", argv[1]);
    CHECK_RC(SHNN_OK, shnn_stream_create(path, 1, 2, SHNN_STREAM_DROP_OLDEST, &s));
    int fd = open(path, O_RDWR);
    CHECK(fd >= 0);
    size_t header = SHNN_STREAM_HEADER_SIZE + SHNN_RING_HEADER_SIZE;
    char *map = mmap(NULL, header, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(map != MAP_FAILED);
    close(fd);
    int64_t *tail = (int64_t *) (map + SHNN_STREAM_HEADER_SIZE + SHNN_RING_HEADER_TAIL_OFFSET);
    int64_t zero = 0;
    CHECK(__atomic_compare_exchange_n(tail, &zero, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)); /* claim 0, no commit */
    munmap(map, header);
    CHECK_RC(SHNN_OK, shnn_stream_set_stall_timeout(s, 0.2));
    CHECK_RC(SHNN_OK, shnn_stream_put(s, 1, 1)); /* position 1: the ring is now full */
    alarm(20);
    CHECK_RC(SHNN_E_IO, shnn_stream_put(s, 2, 2));
    alarm(0);
    CHECK(strstr(shnn_last_error_message(), "its oldest record was claimed and never committed") != NULL);
    int64_t none = -1;
    CHECK_RC(SHNN_OK, shnn_stream_dropped(s, &none));
    CHECK(none == 0);
    CHECK_RC(SHNN_OK, shnn_stream_close(s));
    printf("stream_lock_test: a killed lock holder was taken over by a producer and by the consumer; a put on a "
           "blocking ring nobody read gave up after %.2f s, one on a drop-oldest ring stalled by a claim too\n",
           waited);
    return 0;
}
