package org.shnn.engine.encoding;

/** Argument checks and ms-to-step conversion shared by the encoders; messages name the value and the bound. */
final class Timing {

    private Timing() {
    }

    static double dt(double dt) {
        return positive("dt", dt, "ms");
    }

    static double positive(String field, double value, String unit) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " = " + value + " " + unit + " must be finite and > 0");
        }
        return value;
    }

    static double nonNegative(String field, double value, String unit) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " = " + value + " " + unit + " must be finite and >= 0");
        }
        return value;
    }

    /** {@code durationMs / dt} rounded to the nearest whole step, checked to lie in [min, Integer.MAX_VALUE]. */
    static int steps(String field, double durationMs, double dt, int min) {
        nonNegative(field, durationMs, "ms");
        double steps = Math.rint(durationMs / dt);
        if (steps < min || steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + " = " + durationMs + " ms is " + steps + " steps of dt = " + dt
                    + " ms; must be in [" + min + ", " + Integer.MAX_VALUE + "] steps");
        }
        return (int) steps;
    }

    static void startStep(long startStep) {
        if (startStep < 0) {
            throw new IllegalArgumentException("start step " + startStep + " must be >= 0");
        }
    }

    static void neuronCount(String what, long count) {
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " = " + count + " must be at most " + Integer.MAX_VALUE);
        }
    }
}
