/*
 * read_state.c - reads a saved SHNN network (a .shnn checkpoint) without a JVM: mmap the file, check
 * its header and section table (magic, version, lengths, CRC32C checksums) with the structs of the
 * generated shnn_layouts.h, then read neuron state columns and recorded spikes in place.
 *
 * Build: scripts/build-native (-> native-interop/target/native/bin/read_state), or by hand:
 *   gcc -O2 -I native-interop/target/native/include read_state.c -o read_state
 * Usage: read_state FILE.shnn
 * Output, one population per block (machine-checkable "key value" lines, %.17g doubles):
 *   step S / time_ms T / population NAME COUNT MODEL / NAME.COLUMN.mean M (double columns) /
 *   NAME.COLUMN.nonzero K (int columns) / spikes N / last_spike_step L
 * Exit status 0 on success, 1 with a message naming the file, section and field on a bad file.
 * Format: codec/FORMAT.md; checkpoint sections: org.shnn.engine.checkpoint.Checkpoint.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shnn_layouts.h"

static const char *path;

#define FAIL(...)                                      \
    do {                                               \
        fprintf(stderr, "read_state: %s: ", path);     \
        fprintf(stderr, __VA_ARGS__);                  \
        fprintf(stderr, "\n");                         \
        exit(1);                                       \
    } while (0)

/* ---- CRC32C (Castagnoli, reflected 0x82F63B78; equal to java.util.zip.CRC32C) ----------------- */
static uint32_t crc_table[256];

static void crc_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        crc_table[i] = c;
    }
}

/* Continues a CRC: start with crc = 0xFFFFFFFF, finish with ^ 0xFFFFFFFF. */
static uint32_t crc_update(uint32_t crc, const uint8_t *p, size_t n) {
    while (n--) crc = crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return crc;
}

/* ---- the mapped file ------------------------------------------------------------------------ */
static const uint8_t *base;
static uint64_t size;
static const shnn_file_header *hdr;

static const shnn_section_entry *entry(int i) {
    return (const shnn_section_entry *) (base + hdr->sectionTableOffset + (uint64_t) i * (uint32_t) hdr->sectionEntrySize);
}

/* The section named `name` (NUL-padded 32-byte field), or NULL. Bounds were checked by open_file. */
static const shnn_section_entry *find(const char *name) {
    size_t n = strlen(name);
    for (int i = 0; i < hdr->sectionCount; i++) {
        const shnn_section_entry *e = entry(i);
        if (n <= sizeof e->name && memcmp(e->name, name, n) == 0 && (n == sizeof e->name || e->name[n] == 0)) return e;
    }
    return NULL;
}

/* Maps the file and validates what this reader relies on (FORMAT.md, "Validation", steps 1-6). */
static void open_file(void) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) FAIL("cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) FAIL("cannot stat: %s", strerror(errno));
    size = (uint64_t) st.st_size;
    if (size < SHNN_FILE_HEADER_SIZE) FAIL("%llu bytes, shorter than the %d-byte header", (unsigned long long) size, SHNN_FILE_HEADER_SIZE);
    base = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (base == MAP_FAILED) FAIL("cannot mmap: %s", strerror(errno));
    hdr = (const shnn_file_header *) base;
    if (memcmp(base, "SHNN", 4) != 0) FAIL("header: magic is not \"SHNN\"");
    if ((uint32_t) hdr->byteOrderMark != 0x01020304u) FAIL("header: byteOrderMark 0x%08x, expected 0x01020304", (unsigned) hdr->byteOrderMark);
    if (hdr->versionMajor != 1) FAIL("header: version %d.%d, this reader knows 1.x", hdr->versionMajor, hdr->versionMinor);
    uint32_t hsize = (uint32_t) hdr->headerSize;
    if (hsize < SHNN_FILE_HEADER_SIZE || hsize > 65536 || hsize % 8 != 0 || hsize > size) FAIL("header: headerSize %u out of range", hsize);
    uint32_t crc = crc_update(0xFFFFFFFFu, base, SHNN_FILE_HEADER_HEADER_CHECKSUM_OFFSET);
    crc = crc_update(crc, base + SHNN_FILE_HEADER_HEADER_CHECKSUM_OFFSET + 4, hsize - SHNN_FILE_HEADER_HEADER_CHECKSUM_OFFSET - 4) ^ 0xFFFFFFFFu;
    if (crc != (uint32_t) hdr->headerChecksum) FAIL("header: headerChecksum 0x%08x, computed 0x%08x", (unsigned) hdr->headerChecksum, crc);
    if ((uint64_t) hdr->fileLength != size) FAIL("header: fileLength %lld, the file has %llu bytes", (long long) hdr->fileLength, (unsigned long long) size);
    if ((uint64_t) hdr->flags >> 32 != 0) FAIL("header: unknown incompatible flags 0x%llx", (unsigned long long) hdr->flags);
    uint32_t count = (uint32_t) hdr->sectionCount, esize = (uint32_t) hdr->sectionEntrySize;
    uint64_t table = (uint64_t) hdr->sectionTableOffset;
    if (count > (1u << 20) || esize < SHNN_SECTION_ENTRY_SIZE || esize > 65536 || esize % 8 != 0) FAIL("header: section table shape %u x %u", count, esize);
    if (table % 64 != 0 || table < hsize || table > size || (uint64_t) count * esize > size - table) FAIL("header: section table at %llu outside the file", (unsigned long long) table);
    crc = crc_update(0xFFFFFFFFu, base + table, (size_t) count * esize) ^ 0xFFFFFFFFu;
    if (crc != (uint32_t) hdr->sectionTableChecksum) FAIL("header: sectionTableChecksum 0x%08x, computed 0x%08x", (unsigned) hdr->sectionTableChecksum, crc);
    for (uint32_t i = 0; i < count; i++) {
        const shnn_section_entry *e = entry((int) i);
        uint64_t off = (uint64_t) e->offset, len = (uint64_t) e->length;
        if (off % 64 != 0 || off < hsize || off > size || len > size - off)
            FAIL("section #%u (%.32s): [%llu, +%llu) outside the file", i, (const char *) e->name, (unsigned long long) off, (unsigned long long) len);
        if ((uint64_t) e->elementCount * (uint32_t) e->elementSize != len)
            FAIL("section %.32s: length %llu != elementCount x elementSize", (const char *) e->name, (unsigned long long) len);
    }
}

/* Checks a section's CRC32C (sections are only read once checked). */
static const uint8_t *section_bytes(const shnn_section_entry *e) {
    const uint8_t *p = base + e->offset;
    uint32_t crc = crc_update(0xFFFFFFFFu, p, (size_t) e->length) ^ 0xFFFFFFFFu;
    if (crc != (uint32_t) e->checksum) FAIL("section %.32s: checksum 0x%08x, computed 0x%08x", (const char *) e->name, (unsigned) e->checksum, crc);
    return p;
}

/* ---- metadata: u32 count, then {u32 keyBytes, key, u32 valueBytes, value} ------------------------ */
static const uint8_t *meta;
static uint64_t meta_len;

static uint32_t u32_at(uint64_t at) {
    uint32_t v;
    if (at + 4 > meta_len) FAIL("section metadata: truncated at byte %llu", (unsigned long long) at);
    memcpy(&v, meta + at, 4);
    return v;
}

/* Copies the value of `key` into out (NUL-terminated); returns 0 if absent. */
static int meta_get(const char *key, char *out, size_t cap) {
    uint32_t n = u32_at(0);
    uint64_t at = 4;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t kb = u32_at(at);
        if (kb > meta_len - at - 4) FAIL("section metadata: key %u overruns the section", i);
        const uint8_t *k = meta + at + 4;
        at += 4 + kb;
        uint32_t vb = u32_at(at);
        if (vb > meta_len - at - 4) FAIL("section metadata: value %u overruns the section", i);
        if (kb == strlen(key) && memcmp(k, key, kb) == 0) {
            if (vb >= cap) FAIL("section metadata: value of %s longer than %zu bytes", key, cap - 1);
            memcpy(out, meta + at + 4, vb);
            out[vb] = 0;
            return 1;
        }
        at += 4 + vb;
    }
    return 0;
}

/* ---- neuron state: struct of arrays, columns in index order, each SHNN_<MODEL>_COLUMN_ALIGN-aligned */
struct column { const char *name; int size; int is_double; };
struct model { const char *name; int align; int count; struct column cols[6]; };

static const struct model models[] = {
    {"lif_coba", SHNN_LIF_COBA_COLUMN_ALIGN, SHNN_LIF_COBA_COLUMN_COUNT,
     {{"v", SHNN_LIF_COBA_V_SIZE, 1}, {"g_exc", SHNN_LIF_COBA_G_EXC_SIZE, 1}, {"g_inh", SHNN_LIF_COBA_G_INH_SIZE, 1},
      {"refractory", SHNN_LIF_COBA_REFRACTORY_SIZE, 0}}},
    {"lif_cuba", SHNN_LIF_CUBA_COLUMN_ALIGN, SHNN_LIF_CUBA_COLUMN_COUNT,
     {{"v", SHNN_LIF_CUBA_V_SIZE, 1}, {"i_exc", SHNN_LIF_CUBA_I_EXC_SIZE, 1}, {"i_inh", SHNN_LIF_CUBA_I_INH_SIZE, 1},
      {"refractory", SHNN_LIF_CUBA_REFRACTORY_SIZE, 0}}},
};
/* The column order above must be the header's: a wrong index fails to compile. */
_Static_assert(SHNN_LIF_COBA_V_INDEX == 0 && SHNN_LIF_COBA_G_EXC_INDEX == 1 && SHNN_LIF_COBA_G_INH_INDEX == 2 &&
               SHNN_LIF_COBA_REFRACTORY_INDEX == 3, "lif_coba column order");
_Static_assert(SHNN_LIF_CUBA_V_INDEX == 0 && SHNN_LIF_CUBA_I_EXC_INDEX == 1 && SHNN_LIF_CUBA_I_INH_INDEX == 2 &&
               SHNN_LIF_CUBA_REFRACTORY_INDEX == 3, "lif_cuba column order");

/* The section holding engine state `state_name`: metadata maps state.<i>.name to state.<i>.section
 * (names longer than 32 bytes get a short section name). */
static const char *state_section(const char *state_name) {
    static char section[64];
    char value[512], key[64];
    if (!meta_get("state.count", value, sizeof value)) FAIL("metadata: no state.count");
    long count = atol(value);
    for (long i = 0; i < count; i++) {
        snprintf(key, sizeof key, "state.%ld.name", i);
        if (meta_get(key, value, sizeof value) && strcmp(value, state_name) == 0) {
            snprintf(key, sizeof key, "state.%ld.section", i);
            if (!meta_get(key, section, sizeof section)) FAIL("metadata: no %s", key);
            return section;
        }
    }
    FAIL("metadata: no state named %s", state_name);
}

static void print_population(const char *name, long long n, const char *model) {
    printf("population %s %lld %s\n", name, n, model);
    const struct model *m = NULL;
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
        if (strcmp(models[i].name, model) == 0) m = &models[i];
    if (m == NULL) {
        printf("%s.columns unknown to this reader (model %s)\n", name, model);
        return;
    }
    char sname[192];
    snprintf(sname, sizeof sname, "population/%s/state", name);
    const char *secname = state_section(sname);
    const shnn_section_entry *e = find(secname);
    if (e == NULL) FAIL("no section %s (state %s)", secname, sname);
    const uint8_t *state = section_bytes(e);
    uint64_t off = 0;
    for (int c = 0; c < m->count; c++) {
        uint64_t bytes = (uint64_t) m->cols[c].size * (uint64_t) n;
        if (off + bytes > (uint64_t) e->length) FAIL("section %s: column %s ends at %llu, beyond %lld bytes", sname, m->cols[c].name, (unsigned long long) (off + bytes), (long long) e->length);
        if (m->cols[c].is_double) {
            const double *v = (const double *) (state + off); /* 64-byte aligned: section and column offsets */
            double sum = 0;
            for (long long i = 0; i < n; i++) sum += v[i];
            printf("%s.%s.mean %.17g\n", name, m->cols[c].name, sum / (double) n);
        } else {
            const int32_t *v = (const int32_t *) (state + off);
            long long nonzero = 0;
            for (long long i = 0; i < n; i++) nonzero += v[i] != 0;
            printf("%s.%s.nonzero %lld\n", name, m->cols[c].name, nonzero);
        }
        off = (off + bytes + (uint64_t) m->align - 1) / (uint64_t) m->align * (uint64_t) m->align;
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: read_state FILE.shnn\n");
        return 2;
    }
    path = argv[1];
    crc_init();
    open_file();
    const shnn_section_entry *me = find("metadata");
    if (me == NULL) FAIL("no metadata section");
    meta = section_bytes(me);
    meta_len = (uint64_t) me->length;
    char value[512];
    if (!meta_get("kind", value, sizeof value) || strcmp(value, "shnn-checkpoint") != 0) FAIL("metadata: kind is not shnn-checkpoint");
    const shnn_section_entry *clock = find("clock");
    if (clock == NULL || clock->length != 8) FAIL("no 8-byte clock section");
    int64_t step;
    memcpy(&step, section_bytes(clock), 8);
    printf("step %lld\n", (long long) step);
    if (meta_get("network.name", value, sizeof value)) printf("network %s\n", value);
    if (!meta_get("network.populations", value, sizeof value)) FAIL("metadata: no network.populations");
    int pops = atoi(value);
    for (int p = 0; p < pops; p++) {
        char key[64], desc[256], name[128], model[64];
        long long n;
        snprintf(key, sizeof key, "population.%d", p);
        if (!meta_get(key, desc, sizeof desc)) FAIL("metadata: no %s", key);
        /* "name:count:model" */
        if (sscanf(desc, "%127[^:]:%lld:%63s", name, &n, model) != 3 || n < 0) FAIL("metadata: %s = '%s' is not name:count:model", key, desc);
        print_population(name, n, model);
    }
    const shnn_section_entry *sp = find("recorder/spikes");
    if (sp != NULL) {
        if ((uint32_t) sp->elementSize != SHNN_SPIKE_RECORD_SIZE) FAIL("section recorder/spikes: %d-byte elements, expected %d", sp->elementSize, SHNN_SPIKE_RECORD_SIZE);
        const shnn_spike_record *r = (const shnn_spike_record *) section_bytes(sp);
        long long n = (long long) sp->elementCount;
        printf("spikes %lld\n", n);
        printf("last_spike_step %lld\n", n > 0 ? (long long) r[n - 1].timeStep : -1LL);
    }
    munmap((void *) base, size);
    return 0;
}
