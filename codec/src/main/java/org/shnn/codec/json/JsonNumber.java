package org.shnn.codec.json;

/**
 * A JSON number, held exactly as far as Java can: an integer written without fraction or exponent that fits a
 * {@code long} is that long ({@link #isLong()}); any other number is the double nearest to its text
 * ({@link Double#parseDouble}, correctly rounded). The writer prints a long as its digits and a double with
 * {@link Double#toString(double)}, which reads back to the same bits, so a tree survives a write and a read.
 *
 * <p>Equality: two longs by value, two doubles by {@link Double#equals} (bits); {@code 1} and {@code 1.0} differ.
 *
 * <p>Thread-safety: immutable.
 */
public final class JsonNumber extends JsonValue {

    /** Doubles at most this large in magnitude are integers exactly when they have no fraction. */
    private static final double EXACT_INTEGER_LIMIT = 0x1p53;

    private final double value;
    private final long longValue;
    private final boolean isLong;

    JsonNumber(JsonPath path, int line, int column, double value, long longValue, boolean isLong) {
        super(path, line, column);
        this.value = value;
        this.longValue = longValue;
        this.isLong = isLong;
    }

    /** An integer built in code. */
    public static JsonNumber of(long value) {
        return new JsonNumber(JsonPath.BUILT, 0, 0, value, value, true);
    }

    /**
     * A double built in code.
     *
     * @throws IllegalArgumentException if {@code value} is NaN or infinite (JSON has neither)
     */
    public static JsonNumber of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value + ": a number must be finite");
        }
        return new JsonNumber(JsonPath.BUILT, 0, 0, value, 0, false);
    }

    /** Whether the number was an integer written without fraction or exponent that fits a long (or built as one). */
    public boolean isLong() {
        return isLong;
    }

    /** The number as a double: the long converted, or the double nearest to the text. Always finite. */
    @Override
    public double asDouble() {
        return isLong ? (double) longValue : value;
    }

    /**
     * The number as a long: a long as is; a double only if it is an integer of magnitude at most 2^53 (so
     * {@code 1e3} and {@code 1000.0} are 1000, where every such double is exact).
     *
     * @throws JsonException naming the place if the number is not such an integer
     */
    @Override
    public long asLong() {
        if (isLong) {
            return longValue;
        }
        if (value == Math.rint(value) && Math.abs(value) <= EXACT_INTEGER_LIMIT) {
            return (long) value;
        }
        throw error("expected an integer but found " + text());
    }

    /**
     * The number as an int.
     *
     * @throws JsonException naming the place if the number is not an integer in the int range
     */
    @Override
    public int asInt() {
        long v = asLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error("expected an integer in [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "] but found " + v);
        }
        return (int) v;
    }

    /** The text the writer prints: the long's digits, or {@link Double#toString(double)} (round-trips exactly). */
    public String text() {
        return isLong ? Long.toString(longValue) : Double.toString(value);
    }

    @Override
    public String kind() {
        return "a number";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNumber n && n.isLong == isLong
                && (isLong ? n.longValue == longValue : Double.doubleToLongBits(n.value) == Double.doubleToLongBits(value));
    }

    @Override
    public int hashCode() {
        return isLong ? Long.hashCode(longValue) : Double.hashCode(value) * 31;
    }
}
