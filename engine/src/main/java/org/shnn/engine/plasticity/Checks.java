package org.shnn.engine.plasticity;

/** Parameter checks; messages name the field, value and bound. */
final class Checks {

    private Checks() {
    }

    static void nonNegative(String field, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " = " + v + " must be finite and >= 0");
        }
    }

    static void positive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " = " + v + " must be finite and > 0");
        }
    }

    static void bounds(double wMin, double wMax) {
        if (!Double.isFinite(wMin) || !Double.isFinite(wMax) || !(wMax > wMin)) {
            throw new IllegalArgumentException("weight bounds [" + wMin + ", " + wMax + "] must be finite with wMax > wMin");
        }
    }

    static double dt(double dt) {
        positive("dt (ms)", dt);
        return dt;
    }

    /** The exact per-step decay factor of a trace with time constant tau (StrictMath: identical on every JVM). */
    static double decay(double dt, double tauMs) {
        return StrictMath.exp(-dt / tauMs);
    }
}
