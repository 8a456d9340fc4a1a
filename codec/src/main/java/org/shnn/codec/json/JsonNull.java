package org.shnn.codec.json;

/** The JSON {@code null}. Thread-safety: immutable. */
public final class JsonNull extends JsonValue {

    /** A {@code null} built in code. */
    public static final JsonNull NULL = new JsonNull(JsonPath.BUILT, 0, 0);

    JsonNull(JsonPath path, int line, int column) {
        super(path, line, column);
    }

    @Override
    public String kind() {
        return "null";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNull;
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
