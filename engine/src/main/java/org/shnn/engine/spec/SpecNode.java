package org.shnn.engine.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.shnn.codec.json.JsonArray;
import org.shnn.codec.json.JsonBoolean;
import org.shnn.codec.json.JsonException;
import org.shnn.codec.json.JsonNull;
import org.shnn.codec.json.JsonNumber;
import org.shnn.codec.json.JsonObject;
import org.shnn.codec.json.JsonPath;
import org.shnn.codec.json.JsonString;
import org.shnn.codec.json.JsonValue;

/**
 * A value of a network file being read, with its place: the file's name and the JSON path
 * ({@code populations[1].parameters.tau_m}). Its typed reads check the JSON type and range and throw a
 * {@link SpecException} whose element is the file and whose field is the path, saying what was expected and
 * what was found. A missing member is a node too, which reads as "found none". An object is told which keys it
 * may have ({@link #only}) and refuses any other, suggesting a close one.
 *
 * <p>Not thread-safe; one reader.
 */
final class SpecNode {

    private final String source;
    private final JsonPath path;
    private final JsonValue value;
    private final Set<String> asked = new LinkedHashSet<>();

    private SpecNode(String source, JsonPath path, JsonValue value) {
        this.source = source;
        this.path = path;
        this.value = value;
    }

    /** The document {@code value} read from {@code source}. */
    static SpecNode root(String source, JsonValue value) {
        return new SpecNode(source, JsonPath.root(source), value);
    }

    /** An error at this place. */
    SpecException error(String problem) {
        return new SpecException(source, pathOrTop(), oneLine(problem));
    }

    /** Whether the value is absent (a missing key). */
    boolean missing() {
        return value == null;
    }

    boolean isNumber() {
        return value instanceof JsonNumber;
    }

    boolean isString() {
        return value instanceof JsonString;
    }

    boolean isArray() {
        return value instanceof JsonArray;
    }

    boolean isObject() {
        return value instanceof JsonObject;
    }

    /** A number (always finite: JSON has no NaN or infinity, and the reader refuses numbers beyond a double's range). */
    double number() {
        if (!(value instanceof JsonNumber n)) {
            throw error("expected a number but found " + found());
        }
        return n.asDouble();
    }

    /** A number, or {@code otherwise} if absent. */
    double number(double otherwise) {
        return missing() ? otherwise : number();
    }

    /** A whole number in [min, max]. */
    long integer(long min, long max) {
        if (!(value instanceof JsonNumber n)) {
            throw error("expected an integer but found " + found());
        }
        long v;
        try {
            v = n.asLong();
        } catch (JsonException e) {
            throw error("expected an integer in [" + min + ", " + max + "] but found " + n.text());
        }
        if (v < min || v > max) {
            throw error("expected an integer in [" + min + ", " + max + "] but found " + v);
        }
        return v;
    }

    /** A whole number in [min, max] that fits an {@code int}. */
    int integer(int min, int max) {
        return (int) integer((long) min, (long) max);
    }

    /** A string. */
    String string() {
        if (!(value instanceof JsonString s)) {
            throw error("expected a string but found " + found());
        }
        return s.value();
    }

    /** A string, or {@code otherwise} if absent. */
    String string(String otherwise) {
        return missing() ? otherwise : string();
    }

    /** true or false, or {@code otherwise} if absent. */
    boolean bool(boolean otherwise) {
        if (missing()) {
            return otherwise;
        }
        if (!(value instanceof JsonBoolean b)) {
            throw error("expected true or false but found " + found());
        }
        return b.value();
    }

    /** The elements of an array, each with its path. */
    List<SpecNode> array() {
        if (!(value instanceof JsonArray a)) {
            throw error("expected an array but found " + found());
        }
        List<SpecNode> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(new SpecNode(source, path.element(i), a.get(i)));
        }
        return out;
    }

    /** The elements of an array, or none if absent. */
    List<SpecNode> arrayOrEmpty() {
        return missing() ? List.of() : array();
    }

    /** An array of numbers. */
    double[] numbers() {
        List<SpecNode> elements = array();
        double[] out = new double[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = elements.get(i).number();
        }
        return out;
    }

    /** The keys of an object, in document order. */
    List<String> keys() {
        return List.copyOf(object().keys());
    }

    /** The member {@code key} of an object (absent: a node that reads as "found none"). */
    SpecNode get(String key) {
        asked.add(key);
        return new SpecNode(source, path.key(key), object().find(key).orElse(null));
    }

    /** Whether the object has the member {@code key} (a probe: the key is not thereby allowed). */
    boolean has(String key) {
        return object().has(key);
    }

    /**
     * Declares the keys this object may have (besides those already read, such as {@code type}) and refuses any
     * other at once, before a missing key is reported: a misspelt {@code "p_conect"} is named as such
     * ({@code unknown key "p_conect" (did you mean "p_connect"?)}), not as a missing {@code p_connect}.
     */
    void only(String... keys) {
        asked.addAll(List.of(keys));
        for (String key : object().keys()) {
            if (!asked.contains(key)) {
                String hint = asked.stream().filter(k -> close(k, key)).findFirst()
                        .map(k -> " (did you mean \"" + k + "\"?)").orElse(asked.isEmpty() ? ""
                                : " (expected one of " + String.join(", ", asked) + ")");
                throw new SpecException(source, oneLine(path.key(key).toString()), "unknown key " + quote(key) + hint);
            }
        }
    }

    /**
     * Builds a record from values already read, reporting the record's own check at this place: a
     * {@link SpecException}'s field is appended to this path, any other argument error names this path.
     */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (SpecException e) {
            String at = e.field().isEmpty() ? pathOrTop() : path.isRoot() ? e.field() : path + "." + e.field();
            throw new SpecException(source, oneLine(at), oneLine(problem(e)));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** Builds a record, reporting its own check at this place whatever field it names. */
    <T> T buildHere(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw error(e instanceof SpecException s ? problem(s) : e.getMessage());
        }
    }

    /** How the value is shown in an error: JSON text, shortened; {@code none} when absent. */
    String found() {
        return switch (value) {
            case null -> "none";
            case JsonNull n -> "null";
            case JsonBoolean b -> Boolean.toString(b.value());
            case JsonNumber n -> n.text();
            case JsonString s -> quote(s.value());
            case JsonArray a -> "an array of " + a.size();
            case JsonObject o -> o.keys().isEmpty() ? "an empty object" : "an object with keys "
                    + o.keys().stream().limit(6).map(SpecNode::quote).toList();
        };
    }

    private JsonObject object() {
        if (!(value instanceof JsonObject o)) {
            throw error("expected an object but found " + found());
        }
        return o;
    }

    private String pathOrTop() {
        return path.isRoot() ? "top level" : oneLine(path.toString());
    }

    /** The "expected ... but found ..." part of a record's message, without its element and field. */
    static String problem(SpecException e) {
        String prefix = e.element() + ": " + e.field() + ": ";
        String m = e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** {@code s} with control characters escaped, so that an error stays on one line. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Whether {@code a} and {@code b} differ by case, spacing, or at most two edits (Levenshtein). */
    static boolean close(String a, String b) {
        String x = a.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_').replace(' ', '_');
        String y = b.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (x.equals(y)) {
            return true;
        }
        if (Math.abs(x.length() - y.length()) > 2 || Math.min(x.length(), y.length()) < 3) {
            return false;
        }
        int[] prev = new int[y.length() + 1];
        int[] cur = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length()] <= 2;
    }
}
