package org.shnn.interop;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shnn.codec.Dtype;
import org.shnn.codec.json.JsonArray;
import org.shnn.codec.json.JsonBoolean;
import org.shnn.codec.json.JsonException;
import org.shnn.codec.json.JsonNull;
import org.shnn.codec.json.JsonNumber;
import org.shnn.codec.json.JsonObject;
import org.shnn.codec.json.JsonReader;
import org.shnn.codec.json.JsonString;
import org.shnn.codec.json.JsonValue;
import org.shnn.codec.json.JsonWriter;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecJson;

/**
 * A network description that a native host builds part by part (the C functions {@code shnn_net_*} and the
 * Python {@code shnn.Network}): the elements of a network file, in its JSON form, plus arrays the host lends
 * by pointer. {@link #spec(Arena, KeptArrays)} turns it into a {@link NetworkSpec} through the one reader of network files
 * ({@link SpecJson}), so a host's network and a file's are read by the same code and give the same spikes.
 *
 * <p>The elements are kept as a JSON-shaped tree (maps, lists, numbers, strings) and read as one document named
 * after the network, so an error names the element as a file's would
 * ({@code host network 'x': projections[1].delay: ...}): the element's position is the order in which the host
 * added it.
 *
 * <p>Lent arrays: the host's memory, used in place (never copied). An array lent for the build only (C's default)
 * is tied to the first arena passed to {@link #spec(Arena, KeptArrays)}, closed right after the simulation is built, so
 * a stray use fails with an {@link IllegalStateException} instead of reading memory the host may have freed; the
 * description then cannot be saved or read back. An array lent for the simulation's life (C's
 * {@code SHNN_LEND_KEPT}, every NumPy array: the Python {@code Simulation} holds it) is kept in a {@link KeptArrays},
 * closed with the simulation: the description stays whole (a checkpoint stores it, parameters read back).
 *
 * <p>Thread-safety: not thread-safe; {@link NetworkDrafts} serialises calls per handle.
 */
final class NetworkDraft {

    /** Longest JSON text a host may pass (the JSON reader's own limit): big arrays are lent, not inlined. */
    static final int MAX_JSON_BYTES = JsonReader.DEFAULT_MAX_BYTES;

    /** The lists of a network file, in document order. */
    static final List<String> SECTIONS = List.of("populations", "projections", "poisson_drives", "current_sources",
            "recorders", "hyperedges");

    private final Map<String, Object> document = new LinkedHashMap<>(); // the network file's tree, see toJson
    private final Map<String, Lent> lent = new LinkedHashMap<>();
    private final Path baseDir;

    private record Lent(MemorySegment address, Dtype dtype, long count, boolean kept) {
    }

    private NetworkDraft(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** An empty description. */
    static NetworkDraft create(String name, double dt, long seed) {
        NetworkDraft d = new NetworkDraft(null);
        d.document.put("format", SpecJson.FORMAT);
        d.document.put("name", name);
        d.document.put("dt", dt);
        d.document.put("seed", seed);
        for (String s : SECTIONS) {
            d.document.put(s, new ArrayList<>());
        }
        return d;
    }

    /**
     * A description read from a network file's text; its lists may grow afterwards.
     *
     * @throws IllegalArgumentException if the text is not a JSON object (naming line and column)
     */
    @SuppressWarnings("unchecked")
    static NetworkDraft fromJson(String text, Path baseDir) {
        NetworkDraft d = new NetworkDraft(baseDir);
        d.document.putAll((Map<String, Object>) toJava(parseObject(text, "network JSON")));
        for (String s : SECTIONS) {
            if (!(d.document.get(s) instanceof List)) {
                d.document.putIfAbsent(s, new ArrayList<>()); // a non-list is left for the reader to name
            }
        }
        return d;
    }

    /**
     * Appends one element, a JSON object's text, to {@code section}.
     *
     * @throws IllegalArgumentException for an unknown section or text that is not one JSON object
     */
    @SuppressWarnings("unchecked")
    void add(String section, String json) {
        add(section, (Map<String, Object>) toJava(parseObject(json, section + "[" + list(section).size() + "]")));
    }

    /** Appends an element built in code (maps, lists, strings, numbers, booleans). */
    void add(String section, Map<String, Object> element) {
        list(section).add(new LinkedHashMap<>(element));
    }

    /**
     * Appends hyperedge {@code edge} to the group joining {@code pre} to {@code post} (one group per pair of
     * populations), adding the group, labelled {@code pre=>post}, if there is none yet.
     *
     * @throws IllegalArgumentException if the pair's group has another receptor
     */
    @SuppressWarnings("unchecked")
    void addHyperedge(String pre, String post, String receptor, Map<String, Object> edge) {
        for (Object o : list("hyperedges")) {
            if (o instanceof Map<?, ?> m && pre.equals(m.get("pre")) && post.equals(m.get("post"))
                    && m.get("edges") instanceof List<?> edges) {
                Object r = m.containsKey("receptor_type") ? m.get("receptor_type") : "excitatory";
                if (!receptor.equals(r)) {
                    throw new IllegalArgumentException("hyperedges '" + m.get("label") + "' from '" + pre + "' to '" + post
                            + "' have receptor '" + r + "'; found '" + receptor + "' (one group per pair of populations)");
                }
                ((List<Object>) edges).add(new LinkedHashMap<>(edge));
                return;
            }
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("label", uniqueLabel("hyperedges", pre + "=>" + post));
        group.put("pre", pre);
        group.put("post", post);
        group.put("receptor_type", receptor);
        group.put("edges", new ArrayList<>(List.of(new LinkedHashMap<>(edge))));
        add("hyperedges", group);
    }

    /**
     * Appends an initial value of {@code variable} to the population labelled {@code population}.
     *
     * @throws IllegalArgumentException if there is no such population
     */
    @SuppressWarnings("unchecked")
    void initialize(String population, String variable, Object value) {
        for (Object o : list("populations")) {
            if (o instanceof Map<?, ?> m && population.equals(m.get("label"))) {
                Map<String, Object> p = (Map<String, Object>) m;
                List<Object> inits = new ArrayList<>();
                if (p.get("initial_values") instanceof Map<?, ?> old) { // {"v": ...} -> the list form, same order
                    old.forEach((k, v) -> inits.add(entry("variable", k, "value", v)));
                } else if (p.get("initial_values") instanceof List<?> old) {
                    inits.addAll(old);
                }
                inits.add(entry("variable", variable, "value", value));
                p.put("initial_values", inits);
                return;
            }
        }
        throw new IllegalArgumentException("no population labelled '" + population + "' in this description");
    }

    /**
     * Lends {@code count} elements of {@code dtype} at {@code address} under {@code key} (replacing an earlier
     * array of that key): {@code {"lent": key}} names it in the description. {@code kept}: lent for the
     * simulation's life rather than for the build only (see the class comment).
     *
     * @throws IllegalArgumentException for an empty key, a negative count or a NULL address
     */
    void lend(String key, Dtype dtype, MemorySegment address, long count, boolean kept) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("lent array key must not be empty");
        }
        if (count < 0 || count > Long.MAX_VALUE / dtype.size()) {
            throw new IllegalArgumentException("lent array '" + key + "': count " + count + " out of range");
        }
        if (count > 0 && address.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("lent array '" + key + "': data is NULL but count is " + count);
        }
        lent.put(key, new Lent(address, dtype, count, kept));
    }

    /** A key not yet lent, starting with {@code prefix}. */
    String freshKey(String prefix) {
        int k = lent.size();
        while (lent.containsKey(prefix + k)) {
            k++;
        }
        return prefix + k;
    }

    /** {@code base}, or {@code base#2}, {@code base#3}, ... when an element of {@code section} has that label. */
    String uniqueLabel(String section, String base) {
        java.util.Set<Object> taken = new java.util.HashSet<>();
        for (Object o : list(section)) {
            if (o instanceof Map<?, ?> m) {
                taken.add(m.get("label"));
            }
        }
        String label = base;
        for (int k = 2; taken.contains(label); k++) {
            label = base + "#" + k;
        }
        return label;
    }

    /** The number of elements of {@code section} so far. */
    int size(String section) {
        return list(section).size();
    }

    /** The description as network-file JSON text (lent arrays as {@code {"lent": key}}). */
    String json() {
        return JsonWriter.compact(toJson(document));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(String section) {
        if (!SECTIONS.contains(section)) {
            throw new IllegalArgumentException("section '" + section + "' is not one of " + SECTIONS);
        }
        if (!(document.get(section) instanceof List<?> l)) {
            throw new IllegalArgumentException("section '" + section + "' of this description is not a list");
        }
        return (List<Object>) l;
    }

    /** A map of two entries, in order. */
    static Map<String, Object> entry(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    /** {@code text} as a JSON object, or IllegalArgumentException naming {@code source} (the hosts' JSON arguments). */
    static JsonObject parseObject(String text, String source) {
        JsonValue v;
        try {
            v = JsonReader.DEFAULT.parse(text, source);
        } catch (JsonException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!(v instanceof JsonObject o)) {
            throw new IllegalArgumentException(source + ": expected a JSON object but found " + v.kind());
        }
        return o;
    }

    /** A JSON tree as maps (in order), lists, strings, longs, doubles, booleans and null. */
    private static Object toJava(JsonValue v) {
        return switch (v) {
            case JsonObject o -> {
                Map<String, Object> m = new LinkedHashMap<>();
                o.members().forEach((k, x) -> m.put(k, toJava(x)));
                yield m;
            }
            case JsonArray a -> {
                List<Object> l = new ArrayList<>();
                a.elements().forEach(x -> l.add(toJava(x)));
                yield l;
            }
            case JsonNumber n -> n.isLong() ? (Object) n.asLong() : (Object) n.asDouble();
            case JsonString s -> s.value();
            case JsonBoolean b -> b.value();
            default -> null;
        };
    }

    /** The inverse of {@link #toJava}. */
    private static JsonValue toJson(Object o) {
        return switch (o) {
            case null -> JsonNull.NULL;
            case Map<?, ?> m -> {
                Map<String, JsonValue> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put((String) k, toJson(x)));
                yield JsonObject.of(out);
            }
            case List<?> l -> JsonArray.of(l.stream().map(NetworkDraft::toJson).toList());
            case Long l -> JsonNumber.of(l);
            case Integer i -> JsonNumber.of((long) i);
            case Number n -> JsonNumber.of(n.doubleValue());
            case Boolean b -> JsonBoolean.of(b);
            default -> JsonString.of(o.toString());
        };
    }

    /**
     * Reads the description as a {@link NetworkSpec}: validated as a whole, errors naming the element and field.
     * Lent arrays become segments of the host's memory scoped to {@code build} (lent for the build only) or to
     * {@code kept} (lent for the simulation's life).
     *
     * @throws org.shnn.engine.spec.SpecException if the description is not a valid network
     */
    NetworkSpec spec(Arena build, KeptArrays kept) {
        Map<String, ArrayRef> arrays = new LinkedHashMap<>();
        lent.forEach((k, l) -> {
            long bytes = l.count() * l.dtype().size();
            MemorySegment s = l.kept() ? kept.keep(k, l.address(), bytes) : l.address().reinterpret(bytes, build, null);
            arrays.put(k, new ArrayRef.Lent(s, l.dtype()));
        });
        return SpecJson.parse(json(), source(), baseDir, arrays);
    }

    /** How errors name this description: {@code host network '<name>'}. */
    String source() {
        return "host network '" + document.get("name") + "'";
    }
}
