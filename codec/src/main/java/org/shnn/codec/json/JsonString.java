package org.shnn.codec.json;

/** A JSON string (any Unicode text; no unpaired surrogates). Thread-safety: immutable. */
public final class JsonString extends JsonValue {

    private final String value;

    JsonString(JsonPath path, int line, int column, String value) {
        super(path, line, column);
        this.value = value;
    }

    /**
     * A string built in code.
     *
     * @throws IllegalArgumentException if {@code value} holds an unpaired surrogate (it has no UTF-8 form)
     */
    public static JsonString of(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("string has an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase()
                        + " at index " + i + ": it has no UTF-8 form");
            }
        }
        return new JsonString(JsonPath.BUILT, 0, 0, value);
    }

    /** The text. */
    public String value() {
        return value;
    }

    @Override
    public String asString() {
        return value;
    }

    @Override
    public String kind() {
        return "a string";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonString s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
