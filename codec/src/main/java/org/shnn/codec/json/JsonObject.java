package org.shnn.codec.json;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object: members in the order of the text (keys unique; the reader rejects a repeated key). The typed
 * getters are what a file reader needs: {@code params.getDouble("tau_m")} returns the number or throws a
 * {@link JsonException} naming the file, line, column and path ({@code populations[1].parameters.tau_m:
 * expected a number but found a string}, or {@code populations[1].parameters: missing field 'tau_m'}); and
 * {@link #requireOnly} rejects a misspelt key instead of ignoring it.
 *
 * <p>Thread-safety: immutable.
 */
public final class JsonObject extends JsonValue {

    private final Map<String, JsonValue> members;

    /** Takes ownership of {@code members} (not copied). */
    JsonObject(JsonPath path, int line, int column, LinkedHashMap<String, JsonValue> members) {
        super(path, line, column);
        this.members = Collections.unmodifiableMap(members);
    }

    /** An object built in code, members in the iteration order of {@code members} (copied; no null keys or values). */
    public static JsonObject of(Map<String, ? extends JsonValue> members) {
        LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>();
        members.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k)));
        return new JsonObject(JsonPath.BUILT, 0, 0, copy);
    }

    @Override
    public JsonObject asObject() {
        return this;
    }

    @Override
    public String kind() {
        return "an object";
    }

    /** The members in text order (unmodifiable). */
    public Map<String, JsonValue> members() {
        return members;
    }

    /** The keys in text order. */
    public Set<String> keys() {
        return members.keySet();
    }

    /** Number of members. */
    public int size() {
        return members.size();
    }

    /** Whether member {@code key} is present (a present {@code null} counts). */
    public boolean has(String key) {
        return members.containsKey(key);
    }

    /** Member {@code key}, if present. */
    public Optional<JsonValue> find(String key) {
        return Optional.ofNullable(members.get(key));
    }

    /**
     * Member {@code key}.
     *
     * @throws JsonException at this object ({@code "<path>: missing field 'key'"}) if absent
     */
    public JsonValue get(String key) {
        JsonValue v = members.get(key);
        if (v == null) {
            throw error("missing field '" + key + "'");
        }
        return v;
    }

    /** Member {@code key} as an object ({@link #get}, then {@link JsonValue#asObject()}). */
    public JsonObject getObject(String key) {
        return get(key).asObject();
    }

    /** Member {@code key} as an array. */
    public JsonArray getArray(String key) {
        return get(key).asArray();
    }

    /** Member {@code key} as a string. */
    public String getString(String key) {
        return get(key).asString();
    }

    /** Member {@code key} as a double. */
    public double getDouble(String key) {
        return get(key).asDouble();
    }

    /** Member {@code key} as a long ({@link JsonNumber#asLong()}). */
    public long getLong(String key) {
        return get(key).asLong();
    }

    /** Member {@code key} as an int. */
    public int getInt(String key) {
        return get(key).asInt();
    }

    /** Member {@code key} as a boolean. */
    public boolean getBoolean(String key) {
        return get(key).asBoolean();
    }

    /** Member {@code key} as a string, or {@code absent} if there is no such member (a wrong type still throws). */
    public String getString(String key, String absent) {
        JsonValue v = members.get(key);
        return v == null ? absent : v.asString();
    }

    /** Member {@code key} as a double, or {@code absent} if there is no such member (a wrong type still throws). */
    public double getDouble(String key, double absent) {
        JsonValue v = members.get(key);
        return v == null ? absent : v.asDouble();
    }

    /** Member {@code key} as a long, or {@code absent} if there is no such member (a wrong type still throws). */
    public long getLong(String key, long absent) {
        JsonValue v = members.get(key);
        return v == null ? absent : v.asLong();
    }

    /** Member {@code key} as an int, or {@code absent} if there is no such member (a wrong type still throws). */
    public int getInt(String key, int absent) {
        JsonValue v = members.get(key);
        return v == null ? absent : v.asInt();
    }

    /** Member {@code key} as a boolean, or {@code absent} if there is no such member (a wrong type still throws). */
    public boolean getBoolean(String key, boolean absent) {
        JsonValue v = members.get(key);
        return v == null ? absent : v.asBoolean();
    }

    /**
     * Checks that every key is one of {@code allowed}, so a misspelt field is an error rather than silently
     * ignored: {@code populations[1].parameters.tau_mm: unknown field; expected one of tau_m, v_rest}.
     *
     * @throws JsonException at the first unknown member
     */
    public void requireOnly(Collection<String> allowed) {
        for (Map.Entry<String, JsonValue> m : members.entrySet()) {
            if (!allowed.contains(m.getKey())) {
                throw m.getValue().error("unknown field; expected one of " + String.join(", ", allowed));
            }
        }
    }

    /** {@link #requireOnly(Collection)} with the allowed keys listed. */
    public void requireOnly(String... allowed) {
        requireOnly(List.of(allowed));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject j && j.members.equals(members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }
}
