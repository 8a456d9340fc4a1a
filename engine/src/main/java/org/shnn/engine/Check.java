package org.shnn.engine;

/**
 * The engine's one argument checker: parameter records, models, encoders and rules call it at their edge
 * (constructor or factory), and their inner loops trust what it proved.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message names the field, its value with its
 * unit, and the bound it broke, in one form: {@code "tauM = -1.0 ms must be finite and > 0"}. Fields without a
 * unit (weights, factors) use the overloads without one: {@code "aPlus = -0.1 must be finite and >= 0"}.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread.
 */
public final class Check {

    private Check() {
    }

    /** Returns {@code value} if it is finite. */
    public static double finite(String field, double value, String unit) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(shown(field, value, unit) + " must be finite");
        }
        return value;
    }

    /** Returns {@code value} if it is finite and {@code > 0}. */
    public static double positive(String field, double value, String unit) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(shown(field, value, unit) + " must be finite and > 0");
        }
        return value;
    }

    /** {@link #positive(String, double, String)} for a quantity without a unit. */
    public static double positive(String field, double value) {
        return positive(field, value, "");
    }

    /** Returns {@code value} if it is finite and {@code >= 0}. */
    public static double nonNegative(String field, double value, String unit) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(shown(field, value, unit) + " must be finite and >= 0");
        }
        return value;
    }

    /** {@link #nonNegative(String, double, String)} for a quantity without a unit. */
    public static double nonNegative(String field, double value) {
        return nonNegative(field, value, "");
    }

    /** Checks {@code value < bound}, both in {@code unit}: {@code "vReset = -40.0 mV must be < vTh = -50.0 mV"}. */
    public static void below(String field, double value, String boundField, double bound, String unit) {
        if (!(value < bound)) {
            throw new IllegalArgumentException(shown(field, value, unit) + " must be < " + shown(boundField, bound, unit));
        }
    }

    /**
     * Checks an interval: both ends finite and {@code hi > lo}, e.g.
     * {@code "weight bounds [1.0, 0.0] must be finite with wMax > wMin"}.
     *
     * @param what   what the interval is ("weight bounds")
     * @param loName name of the lower end, {@code hiName} of the upper end
     */
    public static void interval(String what, double lo, String loName, double hi, String hiName) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi > lo)) {
            throw new IllegalArgumentException(what + " [" + lo + ", " + hi + "] must be finite with "
                    + hiName + " > " + loName);
        }
    }

    /** Returns {@code value} if it is {@code >= min}: {@code "start step = -1 must be >= 0"}. */
    public static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " = " + value + " must be >= " + min);
        }
        return value;
    }

    /** Returns {@code count} as an int if it fits one: {@code "neurons (2 x channels) = 4294967296 must be at most 2147483647"}. */
    public static int fitsInt(String field, long count) {
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + " = " + count + " must be at most " + Integer.MAX_VALUE);
        }
        return (int) count;
    }

    /** Validates a time step (ms, finite and {@code > 0}) and returns it. */
    public static double dt(double dt) {
        return positive("dt", dt, "ms");
    }

    /**
     * {@code durationMs / dt} rounded to the nearest whole step (as NEST does for {@code t_ref}), checked to lie in
     * {@code [min, Integer.MAX_VALUE]}.
     *
     * @param durationMs a duration, ms, finite and {@code >= 0}
     * @param dt         a time step already checked by {@link #dt}
     */
    public static int steps(String field, double durationMs, double dt, int min) {
        nonNegative(field, durationMs, "ms");
        double steps = Math.rint(durationMs / dt);
        if (steps < min || steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + " = " + durationMs + " ms is " + steps + " steps of dt = " + dt
                    + " ms; must be in [" + min + ", " + Integer.MAX_VALUE + "] steps");
        }
        return (int) steps;
    }

    private static String shown(String field, double value, String unit) {
        return unit.isEmpty() ? field + " = " + value : field + " = " + value + " " + unit;
    }
}
