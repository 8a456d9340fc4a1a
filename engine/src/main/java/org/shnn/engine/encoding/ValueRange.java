package org.shnn.engine.encoding;

import org.shnn.engine.Check;

/**
 * The closed interval {@code [lo, hi]} of input values an encoder maps onto its code, in the caller's unit.
 *
 * @param lo smallest value (maps to the weakest code: lowest rate, latest spike, ...)
 * @param hi largest value, {@code > lo}
 */
public record ValueRange(double lo, double hi) {

    /** The unit interval [0, 1]. */
    public static final ValueRange UNIT = new ValueRange(0, 1);

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException if a bound is not finite or {@code hi <= lo}
     */
    public ValueRange {
        Check.interval("value range", lo, "lo", hi, "hi");
    }

    /** {@code hi - lo}. */
    public double width() {
        return hi - lo;
    }

    /**
     * The position of {@code value} in the range as a fraction in [0, 1]; values outside are clamped.
     *
     * @throws IllegalArgumentException if {@code value} is NaN
     */
    public double normalize(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("value is NaN; expected a number in [" + lo + ", " + hi + "]");
        }
        double x = (value - lo) / (hi - lo);
        return x < 0 ? 0 : Math.min(x, 1);
    }

    /** The value at fraction {@code fraction} of the range ({@code lo + fraction * width}); not clamped. */
    public double denormalize(double fraction) {
        return lo + fraction * (hi - lo);
    }
}
