package org.shnn.codec.json;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where a node sits in its document: the source name and the keys and indices from the root, printed as
 * {@code populations[1].parameters.tau_m} (a key that is not an identifier as {@code ["a key"]}; the root as the
 * empty string). A linked list from the node to the root, so each parsed node costs one small object.
 *
 * <p>Thread-safety: immutable.
 */
public final class JsonPath {

    /** The path of values built in code rather than parsed. */
    public static final JsonPath BUILT = root("(built in code)");

    private final String source;
    private final JsonPath parent;
    private final String key;
    private final int index;

    private JsonPath(String source, JsonPath parent, String key, int index) {
        this.source = source;
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    /** The root of a document read from {@code source} (a file name as the user gave it). */
    public static JsonPath root(String source) {
        return new JsonPath(source, null, null, -1);
    }

    /** The path of member {@code key} of the object at this path. */
    public JsonPath key(String key) {
        return new JsonPath(source, this, key, -1);
    }

    /** The path of element {@code index} of the array at this path. */
    public JsonPath element(int index) {
        return new JsonPath(source, this, null, index);
    }

    /** The file or source name of the document. */
    public String source() {
        return source;
    }

    /** The enclosing path, or null at the root. */
    public JsonPath parent() {
        return parent;
    }

    /** Whether this is the document itself. */
    public boolean isRoot() {
        return parent == null;
    }

    /** {@code populations[1].parameters.tau_m}; empty at the root. */
    @Override
    public String toString() {
        Deque<JsonPath> steps = new ArrayDeque<>();
        for (JsonPath p = this; p.parent != null; p = p.parent) {
            steps.push(p);
        }
        StringBuilder b = new StringBuilder();
        for (JsonPath p : steps) {
            if (p.key == null) {
                b.append('[').append(p.index).append(']');
            } else if (isIdentifier(p.key)) {
                b.append(b.isEmpty() ? "" : ".").append(p.key);
            } else {
                b.append('[');
                JsonWriter.appendQuoted(b, p.key);
                b.append(']');
            }
        }
        return b.toString();
    }

    /** ASCII letters, digits and '_', not starting with a digit: printed after a dot, anything else quoted. */
    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || (s.charAt(0) >= '0' && s.charAt(0) <= '9')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
