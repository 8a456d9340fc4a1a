package org.shnn.interop;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of upcall stubs that {@code libshnn.so} receives from {@link NativeApi#apiTable()}:
 * declared once here as a {@link MemoryLayout}; its C mirror {@code shnn_api_table.h} is generated
 * from this class ({@link #cHeader()}) and a test keeps the checked-in copy equal to the output.
 *
 * <pre>
 * offset 0  | magic int32 ("SHNN")  | 4 | abi_version int32 | 8 | size int64 (bytes of the table)
 *        16 | version char*         | 24 | one function pointer per {@link #ENTRIES} entry, 8 bytes each
 * </pre>
 *
 * <p>Every entry returns an {@code int32_t} status ({@link Status}); results go through out
 * pointers. The C side checks magic, ABI version and size before using the table.
 *
 * <p>Thread-safety: immutable after class initialisation.
 */
final class ApiTable {

    /** {@code "SHNN"} read as a little-endian int32. */
    static final int MAGIC = 0x4E4E4853;
    /** Bumped whenever the table changes incompatibly (an entry's signature, or the order). */
    static final int ABI_VERSION = 1;

    /** One parameter of an entry: its C name, its layout and its C type. */
    record Param(String name, ValueLayout layout, String cType) {
    }

    /** One function of the table: C name, parameters; returns an int32 status. */
    record Entry(String name, List<Param> params) {

        /** The FFM descriptor of the upcall: int32 result, then the parameters. */
        FunctionDescriptor descriptor() {
            return FunctionDescriptor.of(JAVA_INT, params.stream().map(Param::layout).toArray(MemoryLayout[]::new));
        }

        /** The Java method name implementing it: the C name in lower camel case. */
        String javaName() {
            StringBuilder b = new StringBuilder();
            boolean upper = false;
            for (char c : name.toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    b.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return b.toString();
        }
    }

    /** The functions, in table order. Appending keeps the ABI; any other change bumps {@link #ABI_VERSION}. */
    static final List<Entry> ENTRIES = List.of(
            entry("last_error", ptr("buffer", "char *"), i64("capacity"), ptr("length", "int64_t *")),
            entry("echo", i64("value"), ptr("out", "int64_t *")),
            entry("sum_i32", ptr("values", "const int32_t *"), i64("count"), ptr("out", "int64_t *")),
            entry("sim_create_builtin", ptr("model", "const char *"), i64("neurons"), i64("seed"), i32("threads"),
                    ptr("handle", "int64_t *")),
            entry("sim_destroy", i64("handle")),
            entry("sim_run", i64("handle"), f64("ms")),
            entry("sim_run_steps", i64("handle"), i64("steps")),
            entry("sim_time", i64("handle"), ptr("step", "int64_t *"), ptr("ms", "double *")),
            entry("sim_dt", i64("handle"), ptr("dt_ms", "double *")),
            entry("sim_neuron_count", i64("handle"), ptr("count", "int64_t *")),
            entry("sim_spike_count", i64("handle"), ptr("count", "int64_t *")),
            entry("sim_read_spikes", i64("handle"), i64("offset"), i64("max"), ptr("steps", "int64_t *"),
                    ptr("neurons", "int32_t *"), ptr("got", "int64_t *")),
            entry("sim_raster_sha256", i64("handle"), ptr("out", "uint8_t *")),
            entry("sim_export_spikes", i64("handle"), ptr("path", "const char *")),
            entry("sim_state_column", i64("handle"), ptr("population", "const char *"), ptr("column", "const char *"),
                    ptr("data", "void **"), ptr("count", "int64_t *"), ptr("type", "int32_t *")),
            entry("sim_save", i64("handle"), ptr("path", "const char *")),
            entry("sim_open", ptr("path", "const char *"), i32("threads"), i32("flags"), ptr("handle", "int64_t *")),
            entry("sim_inject", i64("handle"), ptr("population", "const char *"), i32("receptor"),
                    ptr("neurons", "const int32_t *"), ptr("weights", "const float *"), i64("count")),
            entry("net_create", ptr("name", "const char *"), f64("dt_ms"), i64("seed"), ptr("net", "int64_t *")),
            entry("net_from_json", ptr("json", "const char *"), ptr("base_dir", "const char *"), ptr("net", "int64_t *")),
            entry("net_add", i64("net"), ptr("section", "const char *"), ptr("json_object", "const char *")),
            entry("net_lend", i64("net"), ptr("key", "const char *"), i32("type"), ptr("data", "const void *"),
                    i64("count")),
            entry("net_population", i64("net"), ptr("label", "const char *"), i64("size"), ptr("cell_type", "const char *"),
                    ptr("names", "const char *const *"), ptr("values", "const double *"), i32("count")),
            entry("net_initialize", i64("net"), ptr("population", "const char *"), ptr("variable", "const char *"),
                    ptr("distribution", "const char *"), ptr("args", "const double *"), i32("nargs")),
            entry("net_projection", i64("net"), ptr("label", "const char *"), ptr("pre", "const char *"),
                    ptr("post", "const char *"), ptr("receptor", "const char *"), ptr("connector", "const char *"),
                    ptr("names", "const char *const *"), ptr("values", "const double *"), i32("count"), f64("weight"),
                    f64("delay_ms")),
            entry("net_projection_list", i64("net"), ptr("label", "const char *"), ptr("pre", "const char *"),
                    ptr("post", "const char *"), ptr("receptor", "const char *"), ptr("pre_idx", "const int32_t *"),
                    ptr("post_idx", "const int32_t *"), ptr("weights", "const double *"),
                    ptr("delays_ms", "const double *"), i64("count"), f64("weight"), f64("delay_ms")),
            entry("net_current_source", i64("net"), ptr("label", "const char *"), ptr("population", "const char *"),
                    ptr("type", "const char *"), ptr("names", "const char *const *"), ptr("values", "const double *"),
                    i32("count"), ptr("neurons", "const int32_t *"), i64("n")),
            entry("net_record", i64("net"), ptr("population", "const char *"), ptr("variables", "const char *"),
                    ptr("neurons", "const int32_t *"), i64("n"), f64("interval_ms")),
            entry("net_to_json", i64("net"), ptr("buffer", "char *"), i64("capacity"), ptr("length", "int64_t *")),
            entry("net_destroy", i64("net")),
            entry("sim_create", i64("net"), i32("threads"), ptr("handle", "int64_t *")),
            entry("sim_samples", i64("handle"), i32("recorder"), ptr("variable", "const char *"), i64("max_samples"),
                    ptr("times", "double *"), ptr("values", "double *"), ptr("samples", "int64_t *"),
                    ptr("neurons", "int64_t *")),
            entry("sim_synapses", i64("handle"), i32("projection"), i64("max"), ptr("pre", "int32_t *"),
                    ptr("post", "int32_t *"), ptr("weights", "double *"), ptr("delays", "double *"),
                    ptr("count", "int64_t *")),
            entry("sim_current", i64("handle"), ptr("source", "const char *"), i32("neuron"), i64("from_step"),
                    i64("count"), ptr("values", "double *")),
            entry("sim_set_synapses", i64("handle"), i32("projection"), i64("count"), ptr("pre", "const int32_t *"),
                    ptr("post", "const int32_t *"), ptr("weights", "const double *"), ptr("delays", "const double *")),
            entry("sim_dense", i64("handle"), i32("projection"), i32("field"), i32("multiple"),
                    ptr("rows", "int64_t *"), ptr("columns", "int64_t *"), ptr("values", "double *")),
            entry("sim_set_dense", i64("handle"), i32("projection"), i32("field"), i64("rows"), i64("columns"),
                    ptr("values", "const double *")),
            entry("sim_reset", i64("handle")),
            entry("sim_set_parameters", i64("handle"), ptr("population", "const char *"),
                    ptr("names", "const char *const *"), ptr("values", "const double *"), i32("count")),
            entry("net_record_weights", i64("net"), ptr("projection", "const char *"),
                    ptr("synapses", "const int32_t *"), i64("n"), f64("interval_ms")),
            entry("net_hyperedge", i64("net"), ptr("pre", "const char *"), ptr("post", "const char *"),
                    ptr("receptor", "const char *"), ptr("type", "const char *"), ptr("sources", "const int32_t *"),
                    i64("n_sources"), ptr("targets", "const int32_t *"), i64("n_targets"), i32("min_spikes"),
                    f64("window_ms"), f64("delay_ms"), f64("weight"), ptr("weights", "const double *")),
            entry("sim_get_parameter", i64("handle"), ptr("population", "const char *"), ptr("name", "const char *"),
                    i64("max"), ptr("values", "double *"), ptr("count", "int64_t *")),
            entry("sim_set_parameter_values", i64("handle"), ptr("population", "const char *"),
                    ptr("name", "const char *"), ptr("values", "const double *"), i64("count")),
            entry("sim_set_spike_times", i64("handle"), ptr("population", "const char *"),
                    ptr("neurons", "const int32_t *"), ptr("times_ms", "const double *"), i64("count")),
            entry("sim_set_current", i64("handle"), ptr("source", "const char *"), ptr("json", "const char *")),
            entry("sim_population_spike_counts", i64("handle"), i64("max"), ptr("counts", "int64_t *"),
                    ptr("populations", "int64_t *")));

    /** The table layout (see the class comment). */
    static final StructLayout LAYOUT = layout();

    private ApiTable() {
    }

    private static Entry entry(String name, Param... params) {
        return new Entry(name, List.of(params));
    }

    private static Param i64(String name) {
        return new Param(name, JAVA_LONG, "int64_t");
    }

    private static Param i32(String name) {
        return new Param(name, JAVA_INT, "int32_t");
    }

    private static Param f64(String name) {
        return new Param(name, JAVA_DOUBLE, "double");
    }

    private static Param ptr(String name, String cType) {
        return new Param(name, ADDRESS, cType);
    }

    private static StructLayout layout() {
        List<MemoryLayout> fields = new ArrayList<>();
        fields.add(JAVA_INT.withName("magic"));
        fields.add(JAVA_INT.withName("abi_version"));
        fields.add(JAVA_LONG.withName("size"));
        fields.add(ADDRESS.withName("version"));
        for (Entry e : ENTRIES) {
            fields.add(ADDRESS.withName(e.name()));
        }
        return MemoryLayout.structLayout(fields.toArray(MemoryLayout[]::new)).withName("shnn_api_table");
    }

    /** The byte offset of field {@code name} in {@link #LAYOUT}. */
    static long offsetOf(String name) {
        return LAYOUT.byteOffset(groupElement(name));
    }

    /**
     * Builds the table in {@code arena}: the version string, then one upcall stub per entry bound to
     * the static method {@link Entry#javaName()} of {@code impl} (found through {@code lookup}).
     * Each stub is wrapped so that any {@link Throwable} becomes a status code
     * ({@link LastError#record}) instead of escaping into native code, which would end the process.
     *
     * @return the table; it and the stubs live as long as {@code arena} (the caller keeps it open)
     */
    static MemorySegment build(Arena arena, MethodHandles.Lookup lookup, Class<?> impl, String version) {
        MemorySegment table = arena.allocate(LAYOUT);
        table.set(JAVA_INT, offsetOf("magic"), MAGIC);
        table.set(JAVA_INT, offsetOf("abi_version"), ABI_VERSION);
        table.set(JAVA_LONG, offsetOf("size"), LAYOUT.byteSize());
        table.set(ADDRESS, offsetOf("version"), arena.allocateFrom(version));
        Linker linker = Linker.nativeLinker();
        for (Entry e : ENTRIES) {
            FunctionDescriptor d = e.descriptor();
            MethodHandle target;
            try {
                target = lookup.findStatic(impl, e.javaName(), d.toMethodType());
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException("no static method " + impl.getName() + "." + e.javaName()
                        + d.toMethodType() + " for table entry " + e.name(), ex);
            }
            table.set(ADDRESS, offsetOf(e.name()), linker.upcallStub(guarded(target), d, arena));
        }
        return table;
    }

    /**
     * {@code target} (returning an int status) wrapped so that any {@link Throwable} it throws is
     * recorded for the calling thread and returned as a status code ({@link LastError#record}).
     */
    static MethodHandle guarded(MethodHandle target) {
        MethodHandle recorder;
        try {
            recorder = MethodHandles.lookup().findStatic(LastError.class, "record",
                    MethodType.methodType(int.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LastError.record(Throwable) not found", e);
        }
        MethodHandle handler = MethodHandles.dropArguments(recorder, 1, target.type().parameterList());
        return MethodHandles.catchException(target, Throwable.class, handler);
    }

    /** The C mirror of {@link #LAYOUT}: {@code struct shnn_api_table} with static offset checks. */
    static String cHeader() {
        StringBuilder b = new StringBuilder();
        b.append("/* Generated from org.shnn.interop.ApiTable (its MemoryLayout); do not edit.\n")
                .append(" * Regenerate: scripts/build-native --regenerate (ApiTableTest compares this file\n")
                .append(" * with the generator). Internal to libshnn.so: hosts use shnn.h. */\n")
                .append("#ifndef SHNN_API_TABLE_H\n#define SHNN_API_TABLE_H\n\n")
                .append("#include <stddef.h>\n#include <stdint.h>\n\n")
                .append(String.format("#define SHNN_API_MAGIC 0x%08Xu%n", MAGIC))
                .append("#define SHNN_API_ABI_VERSION ").append(ABI_VERSION).append("\n\n")
                .append("struct shnn_api_table {\n")
                .append("    int32_t magic;\n    int32_t abi_version;\n    int64_t size;\n    const char *version;\n");
        for (Entry e : ENTRIES) {
            b.append("    int32_t (*").append(e.name()).append(")(");
            for (int i = 0; i < e.params().size(); i++) {
                Param p = e.params().get(i);
                b.append(i == 0 ? "" : ", ").append(p.cType()).append(p.cType().endsWith("*") ? "" : " ").append(p.name());
            }
            b.append(e.params().isEmpty() ? "void" : "").append(");\n");
        }
        b.append("};\n\n");
        b.append("_Static_assert(sizeof(struct shnn_api_table) == ").append(LAYOUT.byteSize())
                .append(", \"shnn_api_table size differs from the Java layout\");\n");
        for (MemoryLayout f : LAYOUT.memberLayouts()) {
            String n = f.name().orElseThrow();
            b.append("_Static_assert(offsetof(struct shnn_api_table, ").append(n).append(") == ")
                    .append(offsetOf(n)).append(", \"offset of ").append(n).append("\");\n");
        }
        b.append("\n#endif\n");
        return b.toString();
    }
}
