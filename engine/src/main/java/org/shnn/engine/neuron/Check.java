package org.shnn.engine.neuron;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** Argument checks shared by the parameter records and models; messages name the field, value and bound. */
final class Check {

    private Check() {
    }

    static double finite(String field, double value, String unit) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " = " + value + " " + unit + " must be finite");
        }
        return value;
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

    static void below(String field, double value, String boundField, double bound, String unit) {
        if (!(value < bound)) {
            throw new IllegalArgumentException(field + " = " + value + " " + unit + " must be < " + boundField + " = " + bound + " " + unit);
        }
    }

    /** Validates a time step (ms) and returns it. */
    static double dt(double dt) {
        return positive("dt", dt, "ms");
    }

    /** {@code duration / dt} rounded to the nearest whole step (as NEST does for t_ref), checked to fit an int. */
    static int steps(String field, double durationMs, double dt) {
        double steps = Math.rint(durationMs / dt);
        if (steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + " = " + durationMs + " ms is " + steps + " steps of dt = " + dt
                    + " ms; at most " + Integer.MAX_VALUE + " steps");
        }
        return (int) steps;
    }

    /** Validates the arguments of {@link NeuronModel#step} once per call (the loop then trusts them). */
    static void step(NeuronModel model, PopulationState s, int from, int to, MemorySegment[] input,
                     MemorySegment external, SpikeSink sink) {
        Objects.requireNonNull(s, "state");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(sink, "sink");
        if (!s.layout().equals(model.stateLayout())) {
            throw new IllegalArgumentException("state has layout '" + s.layout().name() + "', model " + model.name()
                    + " needs '" + model.stateLayout().name() + "'");
        }
        Objects.checkFromToIndex(from, to, s.count());
        if (input.length != model.receptorCount()) {
            throw new IllegalArgumentException("input has " + input.length + " receptor segments, model "
                    + model.name() + " has " + model.receptorCount() + " receptors");
        }
        for (int r = 0; r < input.length; r++) {
            if (input[r] == null) { // message built only on failure: step must not allocate
                throw new NullPointerException("input[" + r + "]");
            }
            if (input[r].byteSize() < 4L * to) {
                throw new IllegalArgumentException("input[" + r + "] has " + input[r].byteSize() + " bytes, need "
                        + 4L * to + " (one float per neuron up to index " + to + ")");
            }
        }
        if (external != null && external.byteSize() < 8L * to) {
            throw new IllegalArgumentException("external has " + external.byteSize() + " bytes, need " + 8L * to
                    + " (one double per neuron up to index " + to + ")");
        }
    }
}
