package org.shnn.codec.json;

/** A JSON {@code true} or {@code false}. Thread-safety: immutable. */
public final class JsonBoolean extends JsonValue {

    /** {@code true} built in code. */
    public static final JsonBoolean TRUE = new JsonBoolean(JsonPath.BUILT, 0, 0, true);
    /** {@code false} built in code. */
    public static final JsonBoolean FALSE = new JsonBoolean(JsonPath.BUILT, 0, 0, false);

    private final boolean value;

    JsonBoolean(JsonPath path, int line, int column, boolean value) {
        super(path, line, column);
        this.value = value;
    }

    /** {@link #TRUE} or {@link #FALSE}. */
    public static JsonBoolean of(boolean value) {
        return value ? TRUE : FALSE;
    }

    /** The value. */
    public boolean value() {
        return value;
    }

    @Override
    public boolean asBoolean() {
        return value;
    }

    @Override
    public String kind() {
        return "a boolean";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonBoolean b && b.value == value;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(value);
    }
}
