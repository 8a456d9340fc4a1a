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
};

_Static_assert(sizeof(struct shnn_api_table) == 48, "shnn_api_table size differs from the Java layout");
_Static_assert(offsetof(struct shnn_api_table, magic) == 0, "offset of magic");
_Static_assert(offsetof(struct shnn_api_table, abi_version) == 4, "offset of abi_version");
_Static_assert(offsetof(struct shnn_api_table, size) == 8, "offset of size");
_Static_assert(offsetof(struct shnn_api_table, version) == 16, "offset of version");
_Static_assert(offsetof(struct shnn_api_table, last_error) == 24, "offset of last_error");
_Static_assert(offsetof(struct shnn_api_table, echo) == 32, "offset of echo");
_Static_assert(offsetof(struct shnn_api_table, sum_i32) == 40, "offset of sum_i32");

#endif
