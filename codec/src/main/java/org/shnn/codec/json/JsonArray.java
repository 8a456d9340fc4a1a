package org.shnn.codec.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A JSON array. Element accessors and the bulk conversions ({@link #toDoubleArray()}, ...) fail with a
 * {@link JsonException} naming the offending element: {@code weights[3]: expected a number but found null}.
 *
 * <p>Thread-safety: immutable.
 */
public final class JsonArray extends JsonValue {

    private final List<JsonValue> elements;

    /** Takes ownership of {@code elements} (not copied). */
    JsonArray(JsonPath path, int line, int column, ArrayList<JsonValue> elements) {
        super(path, line, column);
        this.elements = Collections.unmodifiableList(elements);
    }

    /** An array built in code (copied; no null elements). */
    public static JsonArray of(List<? extends JsonValue> elements) {
        ArrayList<JsonValue> copy = new ArrayList<>(elements.size());
        for (JsonValue v : elements) {
            copy.add(Objects.requireNonNull(v, "element"));
        }
        return new JsonArray(JsonPath.BUILT, 0, 0, copy);
    }

    /** An array of numbers built in code. */
    public static JsonArray ofDoubles(double... values) {
        ArrayList<JsonValue> copy = new ArrayList<>(values.length);
        for (double v : values) {
            copy.add(JsonNumber.of(v));
        }
        return new JsonArray(JsonPath.BUILT, 0, 0, copy);
    }

    @Override
    public JsonArray asArray() {
        return this;
    }

    @Override
    public String kind() {
        return "an array";
    }

    /** The elements (unmodifiable). */
    public List<JsonValue> elements() {
        return elements;
    }

    /** Number of elements. */
    public int size() {
        return elements.size();
    }

    /**
     * Element {@code i}.
     *
     * @throws JsonException at this array if {@code i} is out of range
     */
    public JsonValue get(int i) {
        if (i < 0 || i >= elements.size()) {
            throw error("expected an element at index " + i + " but found " + elements.size() + " elements");
        }
        return elements.get(i);
    }

    /**
     * Checks the length.
     *
     * @throws JsonException at this array if it has another number of elements
     */
    public JsonArray requireSize(int expected) {
        if (elements.size() != expected) {
            throw error("expected " + expected + " elements but found " + elements.size());
        }
        return this;
    }

    /** All elements as doubles; a {@link JsonException} at the first element that is not a number. */
    public double[] toDoubleArray() {
        double[] out = new double[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = elements.get(i).asDouble();
        }
        return out;
    }

    /** All elements as longs; a {@link JsonException} at the first element that is not an integer. */
    public long[] toLongArray() {
        long[] out = new long[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = elements.get(i).asLong();
        }
        return out;
    }

    /** All elements as ints; a {@link JsonException} at the first element that is not an integer in int range. */
    public int[] toIntArray() {
        int[] out = new int[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = elements.get(i).asInt();
        }
        return out;
    }

    /** All elements as strings; a {@link JsonException} at the first element that is not a string. */
    public List<String> toStringList() {
        List<String> out = new ArrayList<>(elements.size());
        for (JsonValue v : elements) {
            out.add(v.asString());
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray a && a.elements.equals(elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }
}
