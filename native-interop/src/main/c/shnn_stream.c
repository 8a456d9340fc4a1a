/*
 * Live spike streams from C: the mapped-file rings of org.shnn.engine.stream (shnn_stream_header, then an
 * SPSC or MPSC shnn_ring_header ring of shnn_spike_record slots; shnn_layouts.h), produced and consumed
 * from another process with the same protocol as the Java rings (org.shnn.memory.ring.SpscRing/MpscRing):
 * every non-plain access below names the access it pairs with on the other side. Needs no JVM.
 */
#define _GNU_SOURCE
#include "shnn.h"
#include "shnn_internal.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RING_BASE ((size_t) SHNN_STREAM_HEADER_SIZE)                 /* the ring header, in the file */
#define BODY_BASE (RING_BASE + (size_t) SHNN_RING_HEADER_SIZE)       /* the ring's slots, in the file */
#define SPSC_STRIDE (8 + SHNN_SPIKE_RECORD_SIZE)                     /* commit word + record */

struct shnn_stream {
    char *path;
    uint8_t *base;
    size_t size;
    int32_t kind;
    int32_t policy;
    int64_t capacity;
    int64_t mask;
    double stall_timeout_s; /* shnn_stream_set_stall_timeout */
};

static int64_t *field(shnn_stream *s, size_t offset) {
    return (int64_t *) (s->base + offset);
}

static int64_t *ring_field(shnn_stream *s, size_t offset) {
    return (int64_t *) (s->base + RING_BASE + offset);
}

static uint8_t *record_at(shnn_stream *s, int64_t position) {
    int64_t slot = position & s->mask;
    if (s->kind == SHNN_RING_KIND_SPSC) return s->base + BODY_BASE + (size_t) slot * SPSC_STRIDE + 8;
    return s->base + BODY_BASE + (size_t) slot * SHNN_SPIKE_RECORD_SIZE;
}

static int64_t *commit_word(shnn_stream *s, int64_t position) {
    int64_t slot = position & s->mask;
    if (s->kind == SHNN_RING_KIND_SPSC) return (int64_t *) (s->base + BODY_BASE + (size_t) slot * SPSC_STRIDE);
    return (int64_t *) (s->base + BODY_BASE + (size_t) s->capacity * SHNN_SPIKE_RECORD_SIZE + (size_t) slot * 8);
}

size_t shnn_stream_required_bytes(int32_t many_producers, int32_t capacity) {
    size_t slots = (size_t) capacity * (many_producers ? SHNN_SPIKE_RECORD_SIZE + 8 : SPSC_STRIDE);
    return BODY_BASE + slots;
}

/* One wait of a producer or consumer that made no progress: spin, then yield, then sleep up to 1 ms. */
static void idle(unsigned *waits) {
    unsigned n = (*waits)++;
    if (n < 100) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    } else if (n < 110) {
        sched_yield();
    } else {
        unsigned shift = n - 110 < 10 ? n - 110 : 10;
        struct timespec ts = {0, 1000L << shift}; /* 1 us doubling to about 1 ms */
        nanosleep(&ts, NULL);
    }
}

static int format_error(const char *path, size_t offset, const char *field_name, const char *expected,
                        const char *found) {
    return shnn_c_error(SHNN_E_IO, "spike stream %s: at byte offset %zu, field %s: expected %s, found %s", path, offset,
                        field_name, expected, found);
}

static shnn_stream *wrap(const char *path, uint8_t *base, size_t size, int32_t kind, int32_t policy, int32_t capacity) {
    shnn_stream *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    s->path = strdup(path);
    if (s->path == NULL) {
        free(s);
        return NULL;
    }
    s->base = base;
    s->size = size;
    s->kind = kind;
    s->policy = policy;
    s->capacity = capacity;
    s->mask = capacity - 1;
    s->stall_timeout_s = SHNN_STREAM_STALL_TIMEOUT_S;
    return s;
}

int shnn_stream_create(const char *path, int32_t many_producers, int32_t capacity, int32_t policy, shnn_stream **out) {
    if (path == NULL || out == NULL) return shnn_c_error(SHNN_E_ARGUMENT, "path or out is NULL");
    if (capacity < 1 || capacity > (1 << 30) || (capacity & (capacity - 1)) != 0) {
        return shnn_c_error(SHNN_E_ARGUMENT, "ring capacity %d must be a power of two in [1, %d] records", capacity,
                            1 << 30);
    }
    if (policy != SHNN_STREAM_BLOCK && policy != SHNN_STREAM_DROP_OLDEST) {
        return shnn_c_error(SHNN_E_ARGUMENT, "policy %d is neither %d (SHNN_STREAM_BLOCK) nor %d (SHNN_STREAM_DROP_OLDEST)",
                            policy, SHNN_STREAM_BLOCK, SHNN_STREAM_DROP_OLDEST);
    }
    size_t size = shnn_stream_required_bytes(many_producers, capacity);
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long) getpid()) >= (int) sizeof tmp) {
        return shnn_c_error(SHNN_E_ARGUMENT, "path too long: %s", path);
    }
    int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return shnn_c_error(SHNN_E_IO, "cannot create spike stream file %s: %s", tmp, strerror(errno));
    if (ftruncate(fd, (off_t) size) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return shnn_c_error(SHNN_E_IO, "cannot size spike stream file %s to %zu bytes: %s", tmp, size, strerror(e));
    }
    uint8_t *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (base == MAP_FAILED) {
        unlink(tmp);
        return shnn_c_error(SHNN_E_IO, "cannot map spike stream file %s: %s", tmp, strerror(errno));
    }
    /* A fresh file is zero: positions, commit words, lock and drop count start at 0. */
    shnn_stream_header *h = (shnn_stream_header *) base;
    shnn_ring_header *r = (shnn_ring_header *) (base + RING_BASE);
    h->version = SHNN_STREAM_VERSION;
    h->policy = policy;
    h->consumerStep = -1;
    r->version = SHNN_RING_VERSION;
    r->kind = many_producers ? SHNN_RING_KIND_MPSC : SHNN_RING_KIND_SPSC;
    r->capacity = capacity;
    r->recordSize = SHNN_SPIKE_RECORD_SIZE;
    /* release: publishes the ring header above to a reader's acquire of the magic (RingDescriptor.validate) */
    __atomic_store_n(&r->magic, (int64_t) SHNN_RING_MAGIC, __ATOMIC_RELEASE);
    /* release: publishes the whole stream to SpikeStream.wrap's acquire of the magic */
    __atomic_store_n(&h->magic, (int64_t) SHNN_STREAM_MAGIC, __ATOMIC_RELEASE);
    if (rename(tmp, path) != 0) {
        int e = errno;
        munmap(base, size);
        unlink(tmp);
        return shnn_c_error(SHNN_E_IO, "cannot rename %s to %s: %s", tmp, path, strerror(e));
    }
    shnn_stream *s = wrap(path, base, size, r->kind, policy, capacity);
    if (s == NULL) {
        munmap(base, size);
        return shnn_c_error(SHNN_E_MEMORY, "out of memory opening %s", path);
    }
    *out = s;
    return SHNN_OK;
}

/* Validates a mapped stream of `size` bytes as SpikeStream.wrap does, with the same messages. */
static int validate(const char *path, const uint8_t *base, size_t size, int32_t *kind, int32_t *policy,
                    int32_t *capacity) {
    char expected[128], found[128];
    if (size < BODY_BASE) {
        snprintf(expected, sizeof expected, "at least %zu bytes (stream and ring headers)", BODY_BASE);
        snprintf(found, sizeof found, "%zu bytes (truncated)", size);
        return format_error(path, size, "size", expected, found);
    }
    const shnn_stream_header *h = (const shnn_stream_header *) base;
    const shnn_ring_header *r = (const shnn_ring_header *) (base + RING_BASE);
    int64_t magic = __atomic_load_n(&h->magic, __ATOMIC_ACQUIRE); /* acquire: pairs with the creator's release */
    if (magic != (int64_t) SHNN_STREAM_MAGIC) {
        snprintf(expected, sizeof expected, "0x%llx (\"SHNNSTRM\")", (unsigned long long) SHNN_STREAM_MAGIC);
        snprintf(found, sizeof found, "0x%llx", (unsigned long long) magic);
        return format_error(path, SHNN_STREAM_HEADER_MAGIC_OFFSET, "magic", expected, found);
    }
    if (h->version != SHNN_STREAM_VERSION) {
        snprintf(expected, sizeof expected, "%d", SHNN_STREAM_VERSION);
        snprintf(found, sizeof found, "%d", h->version);
        return format_error(path, SHNN_STREAM_HEADER_VERSION_OFFSET, "version", expected, found);
    }
    if (h->policy != SHNN_STREAM_BLOCK && h->policy != SHNN_STREAM_DROP_OLDEST) {
        snprintf(found, sizeof found, "%d", h->policy);
        return format_error(path, SHNN_STREAM_HEADER_POLICY_OFFSET, "policy", "1 (block) or 2 (drop-oldest)", found);
    }
    if (r->magic != (int64_t) SHNN_RING_MAGIC) {
        snprintf(expected, sizeof expected, "0x%llx (\"SHNNRING\")", (unsigned long long) SHNN_RING_MAGIC);
        snprintf(found, sizeof found, "0x%llx", (unsigned long long) r->magic);
        return format_error(path, RING_BASE + SHNN_RING_HEADER_MAGIC_OFFSET, "ring.magic", expected, found);
    }
    if (r->version != SHNN_RING_VERSION) {
        snprintf(expected, sizeof expected, "%d", SHNN_RING_VERSION);
        snprintf(found, sizeof found, "%d", r->version);
        return format_error(path, RING_BASE + SHNN_RING_HEADER_VERSION_OFFSET, "ring.version", expected, found);
    }
    if (r->kind != SHNN_RING_KIND_SPSC && r->kind != SHNN_RING_KIND_MPSC) {
        snprintf(found, sizeof found, "%d", r->kind);
        return format_error(path, RING_BASE + SHNN_RING_HEADER_KIND_OFFSET, "ring.kind", "1 (SPSC) or 2 (MPSC)", found);
    }
    if (r->capacity < 1 || r->capacity > (1 << 30) || (r->capacity & (r->capacity - 1)) != 0) {
        snprintf(found, sizeof found, "%d", r->capacity);
        return format_error(path, RING_BASE + SHNN_RING_HEADER_CAPACITY_OFFSET, "ring.capacity",
                            "a power of two in [1, 1073741824] records", found);
    }
    if (r->recordSize != SHNN_SPIKE_RECORD_SIZE) {
        snprintf(found, sizeof found, "%d", r->recordSize);
        return format_error(path, RING_BASE + SHNN_RING_HEADER_RECORD_SIZE_OFFSET, "ring.recordSize",
                            "16 bytes (shnn_spike_record)", found);
    }
    size_t required = shnn_stream_required_bytes(r->kind == SHNN_RING_KIND_MPSC, r->capacity);
    if (size < required) {
        snprintf(expected, sizeof expected, "%zu bytes for %d records", required, r->capacity);
        snprintf(found, sizeof found, "%zu bytes (truncated)", size);
        return format_error(path, size, "size", expected, found);
    }
    *kind = r->kind;
    *policy = h->policy;
    *capacity = r->capacity;
    return SHNN_OK;
}

int shnn_stream_open(const char *path, shnn_stream **out) {
    if (path == NULL || out == NULL) return shnn_c_error(SHNN_E_ARGUMENT, "path or out is NULL");
    int fd = open(path, O_RDWR);
    if (fd < 0) return shnn_c_error(SHNN_E_IO, "cannot open spike stream file %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return shnn_c_error(SHNN_E_IO, "cannot stat spike stream file %s: %s", path, strerror(e));
    }
    size_t size = (size_t) st.st_size;
    if (size < BODY_BASE) {
        close(fd);
        char expected[128], found[64];
        snprintf(expected, sizeof expected, "at least %zu bytes (stream and ring headers)", BODY_BASE);
        snprintf(found, sizeof found, "%zu bytes (truncated)", size);
        return format_error(path, size, "size", expected, found);
    }
    uint8_t *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (base == MAP_FAILED) return shnn_c_error(SHNN_E_IO, "cannot map spike stream file %s: %s", path, strerror(errno));
    int32_t kind = 0, policy = 0, capacity = 0;
    int rc = validate(path, base, size, &kind, &policy, &capacity);
    if (rc != SHNN_OK) {
        munmap(base, size);
        return rc;
    }
    shnn_stream *s = wrap(path, base, size, kind, policy, capacity);
    if (s == NULL) {
        munmap(base, size);
        return shnn_c_error(SHNN_E_MEMORY, "out of memory opening %s", path);
    }
    *out = s;
    return SHNN_OK;
}

int shnn_stream_open_wait(const char *path, double timeout_s, shnn_stream **out) {
    if (path == NULL || out == NULL) return shnn_c_error(SHNN_E_ARGUMENT, "path or out is NULL");
    if (!(timeout_s >= 0)) return shnn_c_error(SHNN_E_ARGUMENT, "timeout %g s must be >= 0", timeout_s);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if (access(path, F_OK) == 0) return shnn_stream_open(path, out); /* created by rename: complete */
        clock_gettime(CLOCK_MONOTONIC, &now);
        double waited = (double) (now.tv_sec - start.tv_sec) + (double) (now.tv_nsec - start.tv_nsec) * 1e-9;
        if (waited >= timeout_s) {
            return shnn_c_error(SHNN_E_IO, "spike stream file %s did not appear within %g s", path, timeout_s);
        }
        struct timespec ts = {0, 1000000L};
        nanosleep(&ts, NULL);
    }
}

int shnn_stream_close(shnn_stream *s) {
    if (s == NULL) return shnn_c_error(SHNN_E_ARGUMENT, "stream is NULL");
    munmap(s->base, s->size);
    free(s->path);
    free(s);
    return SHNN_OK;
}

/* Claims one position, or returns -1 if the ring is full (MpscRing.tryClaim / SpscRing.tryClaim). */
static int64_t try_claim(shnn_stream *s) {
    int64_t *tail = ring_field(s, SHNN_RING_HEADER_TAIL_OFFSET);
    int64_t *head_cache = ring_field(s, SHNN_RING_HEADER_HEAD_CACHE_OFFSET);
    int64_t *head = ring_field(s, SHNN_RING_HEADER_HEAD_OFFSET);
    if (s->kind == SHNN_RING_KIND_SPSC) {
        int64_t t = __atomic_load_n(tail, __ATOMIC_RELAXED); /* plain: only this producer writes tail */
        int64_t wrap_point = t + 1 - s->capacity;
        if (wrap_point > __atomic_load_n(head_cache, __ATOMIC_RELAXED)) { /* plain: the producer's own cache */
            /* acquire: pairs with the consumer's release of head: its reads of the slot happen-before our writes */
            int64_t h = __atomic_load_n(head, __ATOMIC_ACQUIRE);
            if (wrap_point > h) return -1;
            __atomic_store_n(head_cache, h, __ATOMIC_RELAXED);
        }
        return t;
    }
    /* acquire: pairs with the release of the producer that refreshed the cache */
    int64_t cached = __atomic_load_n(head_cache, __ATOMIC_ACQUIRE);
    for (;;) {
        int64_t t = __atomic_load_n(tail, __ATOMIC_ACQUIRE); /* acquire: a candidate; the CAS validates it */
        int64_t wrap_point = t + 1 - s->capacity;
        if (wrap_point > cached) {
            cached = __atomic_load_n(head, __ATOMIC_ACQUIRE); /* acquire: pairs with the consumer's release of head */
            if (wrap_point > cached) return -1;
            __atomic_store_n(head_cache, cached, __ATOMIC_RELEASE); /* release: hands that head to other producers */
        }
        /* CAS (sequentially consistent, as Java's compareAndSet): exactly one producer owns [t, t + 1) */
        if (__atomic_compare_exchange_n(tail, &t, t + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return t;
    }
}

static void commit(shnn_stream *s, int64_t position) {
    /* release: publishes the record's bytes to the consumer's acquire of this word */
    __atomic_store_n(commit_word(s, position), position + 1, __ATOMIC_RELEASE);
    if (s->kind == SHNN_RING_KIND_SPSC) {
        /* release: the producer's position, for size() and wrap(); the consumer does not read it on its way */
        __atomic_store_n(ring_field(s, SHNN_RING_HEADER_TAIL_OFFSET), position + 1, __ATOMIC_RELEASE);
    }
}

/* Consumer side (RecordRing.drain): copies up to max committed records out, frees their slots. -1: corrupt. */
static int64_t drain_locked(shnn_stream *s, int64_t *steps, int32_t *neurons, int64_t max) {
    int64_t *head_p = ring_field(s, SHNN_RING_HEADER_HEAD_OFFSET);
    int64_t *tail_cache = ring_field(s, SHNN_RING_HEADER_TAIL_CACHE_OFFSET);
    int64_t head = __atomic_load_n(head_p, __ATOMIC_RELAXED); /* plain: only the consumer writes head */
    int64_t known = __atomic_load_n(tail_cache, __ATOMIC_RELAXED); /* plain: the consumer's own cache */
    int64_t end = known > head ? known : head;
    while (end < head + max) {
        /* acquire: pairs with the producer's release in commit: the run's records are fully written */
        int64_t run_end = __atomic_load_n(commit_word(s, end), __ATOMIC_ACQUIRE);
        if (run_end <= end) break; /* not committed yet: 0 or a word from an earlier lap */
        if (run_end - end > s->capacity) return -1;
        end = run_end;
    }
    if (end != known) __atomic_store_n(tail_cache, end, __ATOMIC_RELAXED); /* plain: read back only by the consumer */
    int64_t n = end - head < max ? end - head : max;
    for (int64_t i = 0; i < n; i++) {
        const shnn_spike_record *r = (const shnn_spike_record *) record_at(s, head + i);
        if (steps != NULL) steps[i] = r->timeStep;
        if (neurons != NULL) neurons[i] = r->neuronId;
    }
    /* release: our reads of the slots complete before a producer's acquire of head lets it reuse them */
    if (n > 0) __atomic_store_n(head_p, head + n, __ATOMIC_RELEASE);
    return n;
}

static int try_lock(shnn_stream *s) {
    int64_t expected = 0;
    /* CAS (acquire): the previous holder's ring accesses happen-before ours (SpikeStream.tryLock); the word
     * holds the holder's pid so that a side waiting for a dead holder can tell (SpikeStreamLayout) */
    return __atomic_compare_exchange_n(field(s, SHNN_STREAM_HEADER_CONSUMER_LOCK_OFFSET), &expected,
                                       (int64_t) getpid(), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static void unlock(shnn_stream *s) {
    /* release: our ring accesses before the next holder's */
    __atomic_store_n(field(s, SHNN_STREAM_HEADER_CONSUMER_LOCK_OFFSET), 0, __ATOMIC_RELEASE);
}

static double seconds_since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double) (now.tv_sec - start->tv_sec) + (double) (now.tv_nsec - start->tv_nsec) * 1e-9;
}

/* If the lock's holder is a process that no longer exists, takes the lock from it (SpikeStream.takeOver): 1 if
 * we now hold it. *holder receives the id found in the lock word. */
static int take_over(shnn_stream *s, int64_t *holder) {
    int64_t *word = field(s, SHNN_STREAM_HEADER_CONSUMER_LOCK_OFFSET);
    int64_t h = __atomic_load_n(word, __ATOMIC_ACQUIRE); /* acquire: a snapshot of the CAS-written word */
    *holder = h;
    if (h <= 0 || h == (int64_t) getpid()) return 0;
    if (kill((pid_t) h, 0) == 0 || errno != ESRCH) return 0; /* alive (or not ours to signal: alive) */
    /* CAS (sequentially consistent): only one waiter replaces the dead id; its ring accesses follow the dead's */
    return __atomic_compare_exchange_n(word, &h, (int64_t) getpid(), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* Waits for the lock (SpikeStream.lock): 1 ms of idling, then once a millisecond a liveness check of the holder,
 * taking over from a dead one; SHNN_E_IO after SHNN_STREAM_LOCK_TIMEOUT_S with a live holder. */
static int lock_waiting(shnn_stream *s) {
    unsigned waits = 0;
    struct timespec start, last;
    if (try_lock(s)) return SHNN_OK;
    clock_gettime(CLOCK_MONOTONIC, &start);
    last = start;
    while (!try_lock(s)) {
        idle(&waits); /* a producer holds it for one record's drop */
        if (seconds_since(&last) < 1e-3) continue;
        clock_gettime(CLOCK_MONOTONIC, &last);
        int64_t holder;
        if (take_over(s, &holder)) return SHNN_OK;
        double waited = seconds_since(&start);
        if (waited >= SHNN_STREAM_LOCK_TIMEOUT_S) {
            return shnn_c_error(SHNN_E_IO, "spike stream %s: the consumer lock (byte offset %d) has been held by "
                                "process %lld for %.0f ms, which is alive; a holder keeps it for one drain or one "
                                "dropped record", s->path, (int) SHNN_STREAM_HEADER_CONSUMER_LOCK_OFFSET,
                                (long long) holder, waited * 1e3);
        }
    }
    return SHNN_OK;
}

static int corrupt(shnn_stream *s) {
    return shnn_c_error(SHNN_E_IO, "spike stream %s: corrupt ring: a commit word claims a run longer than the "
                        "capacity %lld records", s->path, (long long) s->capacity);
}

int shnn_stream_put(shnn_stream *s, int64_t step, int32_t neuron) {
    if (s == NULL) return shnn_c_error(SHNN_E_ARGUMENT, "stream is NULL");
    unsigned waits = 0;
    int64_t position;
    struct timespec last, start;
    clock_gettime(CLOCK_MONOTONIC, &last);
    start = last;
    while ((position = try_claim(s)) < 0) {
        double waited = seconds_since(&start); /* since the last progress: a claim, or a drop */
        if (waited >= s->stall_timeout_s && s->policy == SHNN_STREAM_BLOCK) {
            return shnn_c_error(SHNN_E_IO, "spike stream %s: its ring of %lld records has been full for %.0f ms:"
                                " its consumer has stopped reading, or not started (a longer wait:"
                                " shnn_stream_set_stall_timeout, Python SpikeStream.set_stall_timeout; a"
                                " consumer that may stop needs the drop-oldest policy)", s->path,
                                (long long) s->capacity, waited * 1e3);
        }
        if (waited >= s->stall_timeout_s) {
            return shnn_c_error(SHNN_E_IO, "spike stream %s: its ring of %lld records has been full for %.0f ms and"
                                " nothing could be dropped: its oldest record was claimed and never committed (a"
                                " producer stopped between its claim and its commit; the ring is stalled there),"
                                " or a live process kept the consumer lock", s->path, (long long) s->capacity,
                                waited * 1e3);
        }
        int locked = 0;
        if (s->policy == SHNN_STREAM_DROP_OLDEST) {
            locked = try_lock(s);
            if (!locked && seconds_since(&last) >= 1e-3) { /* once a millisecond: did the holder die? */
                int64_t holder;
                clock_gettime(CLOCK_MONOTONIC, &last);
                locked = take_over(s, &holder);
            }
        }
        if (locked) {
            int64_t dropped = drain_locked(s, NULL, NULL, 1);
            unlock(s);
            if (dropped < 0) return corrupt(s);
            if (dropped == 1) {
                /* atomic: producers of several processes count here */
                __atomic_fetch_add(field(s, SHNN_STREAM_HEADER_DROPPED_OFFSET), 1, __ATOMIC_SEQ_CST);
                clock_gettime(CLOCK_MONOTONIC, &start);
                continue;
            }
        }
        idle(&waits); /* block: wait for the consumer; drop-oldest: the oldest is still being written */
    }
    shnn_spike_record *r = (shnn_spike_record *) record_at(s, position);
    r->timeStep = step; /* plain: published by commit's release */
    r->neuronId = neuron;
    r->spare = 0;
    commit(s, position);
    return SHNN_OK;
}

int shnn_stream_set_stall_timeout(shnn_stream *s, double seconds) {
    if (s == NULL) return shnn_c_error(SHNN_E_ARGUMENT, "stream is NULL");
    if (!(seconds > 0)) return shnn_c_error(SHNN_E_ARGUMENT, "stall timeout %g s must be > 0", seconds);
    s->stall_timeout_s = seconds;
    return SHNN_OK;
}

int shnn_stream_drain(shnn_stream *s, int64_t *steps, int32_t *neurons, int64_t max, int64_t *got) {
    if (s == NULL || got == NULL) return shnn_c_error(SHNN_E_ARGUMENT, "stream or got is NULL");
    if (max < 0) return shnn_c_error(SHNN_E_ARGUMENT, "max %lld must be >= 0", (long long) max);
    if (max > 0 && (steps == NULL || neurons == NULL)) {
        return shnn_c_error(SHNN_E_ARGUMENT, "steps or neurons is NULL with max %lld", (long long) max);
    }
    int64_t n;
    if (s->policy == SHNN_STREAM_DROP_OLDEST) {
        int rc = lock_waiting(s);
        if (rc != SHNN_OK) return rc;
        n = drain_locked(s, steps, neurons, max);
        unlock(s);
    } else {
        n = drain_locked(s, steps, neurons, max);
    }
    if (n < 0) return corrupt(s);
    *got = n;
    return SHNN_OK;
}

int shnn_stream_consumer_step(shnn_stream *s, int64_t *step) {
    if (s == NULL || step == NULL) return shnn_c_error(SHNN_E_ARGUMENT, "stream or step is NULL");
    /* acquire: pairs with the engine's release after its drain or its writes (SpikeStream.setConsumerStep) */
    *step = __atomic_load_n(field(s, SHNN_STREAM_HEADER_CONSUMER_STEP_OFFSET), __ATOMIC_ACQUIRE);
    return SHNN_OK;
}

int shnn_stream_dropped(shnn_stream *s, int64_t *dropped) {
    if (s == NULL || dropped == NULL) return shnn_c_error(SHNN_E_ARGUMENT, "stream or dropped is NULL");
    *dropped = __atomic_load_n(field(s, SHNN_STREAM_HEADER_DROPPED_OFFSET), __ATOMIC_ACQUIRE);
    return SHNN_OK;
}

int shnn_stream_info(shnn_stream *s, int32_t *many_producers, int32_t *capacity, int32_t *policy) {
    if (s == NULL) return shnn_c_error(SHNN_E_ARGUMENT, "stream is NULL");
    if (many_producers != NULL) *many_producers = s->kind == SHNN_RING_KIND_MPSC;
    if (capacity != NULL) *capacity = (int32_t) s->capacity;
    if (policy != NULL) *policy = s->policy;
    return SHNN_OK;
}
