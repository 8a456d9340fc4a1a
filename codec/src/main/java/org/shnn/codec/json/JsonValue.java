package org.shnn.codec.json;

/**
 * A node of a JSON tree: {@link JsonObject}, {@link JsonArray}, {@link JsonString}, {@link JsonNumber},
 * {@link JsonBoolean} or {@link JsonNull}. A parsed node knows where it came from ({@link #path()}, {@link #line()},
 * {@link #column()}), and its typed accessors ({@link #asDouble()}, {@link JsonObject#getDouble(String)}, ...) fail
 * with a {@link JsonException} that says so: {@code coba.json:14:19: populations[1].parameters.tau_m: expected a
 * number but found a string}. Nodes built in code ({@code of} factories) have the path {@link JsonPath#BUILT} and
 * no line.
 *
 * <p>Equality is by content (an object's members in any order; a number by {@link JsonNumber#equals}), not by
 * place. {@link #toString()} is the compact JSON text. Equality, hashing and writing recurse over the tree, which
 * is fine for trees read with a depth limit of a few thousand ({@link JsonReader#DEFAULT} allows 256).
 *
 * <p>Thread-safety: immutable; safe to share between threads.
 */
public abstract sealed class JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

    private final JsonPath path;
    private final int line;
    private final int column;

    JsonValue(JsonPath path, int line, int column) {
        this.path = path;
        this.line = line;
        this.column = column;
    }

    /** Where this node sits in its document. */
    public final JsonPath path() {
        return path;
    }

    /** The file or source name of the document. */
    public final String source() {
        return path.source();
    }

    /** 1-based line of the node's first character, or 0 for a node built in code. */
    public final int line() {
        return line;
    }

    /** 1-based column (code points) of the node's first character, or 0 for a node built in code. */
    public final int column() {
        return column;
    }

    /** What this node is, as an error message says it: "an object", "an array", "a string", "a number", ... */
    public abstract String kind();

    /** This node as an object; a {@link JsonException} naming the place if it is not one. */
    public JsonObject asObject() {
        throw mismatch("an object");
    }

    /** This node as an array; a {@link JsonException} naming the place if it is not one. */
    public JsonArray asArray() {
        throw mismatch("an array");
    }

    /** This node's string; a {@link JsonException} naming the place if it is not a string. */
    public String asString() {
        throw mismatch("a string");
    }

    /** This node's number as a double (exactly the nearest double to the text); a {@link JsonException} if not a number. */
    public double asDouble() {
        throw mismatch("a number");
    }

    /** This node's number as a long, if it is an integer ({@link JsonNumber#asLong()}); else a {@link JsonException}. */
    public long asLong() {
        throw mismatch("an integer");
    }

    /** This node's number as an int, if it is an integer in range; else a {@link JsonException}. */
    public int asInt() {
        throw mismatch("an integer");
    }

    /** This node's boolean; a {@link JsonException} naming the place if it is not {@code true} or {@code false}. */
    public boolean asBoolean() {
        throw mismatch("a boolean");
    }

    /** Whether this node is {@code null}. */
    public final boolean isNull() {
        return this instanceof JsonNull;
    }

    /**
     * An exception at this node: {@code "<source>:<line>:<column>: <path>: <detail>"}. For readers built on the tree
     * (e.g. {@code node.error("tau_m = -1.0 ms must be > 0")}).
     */
    public final JsonException error(String detail) {
        return new JsonException(path.source(), line, column, path.toString(), detail);
    }

    /** {@code error("expected " + expected + " but found " + kind())}. */
    public final JsonException mismatch(String expected) {
        return error("expected " + expected + " but found " + kind());
    }

    /** The compact JSON text of this node. */
    @Override
    public final String toString() {
        return JsonWriter.compact(this);
    }
}
