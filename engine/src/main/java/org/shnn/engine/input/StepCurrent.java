package org.shnn.engine.input;

import java.util.Arrays;

/**
 * A piecewise-constant current into neurons {@code [from, to)} of a population (NEST's
 * {@code step_current_generator}; a constant current is one step at 0): from step
 * {@code startSteps[k]} on, the current is {@code amplitudesPa[k]} (pA), 0 before the first step.
 *
 * @param population target population index
 * @param from first neuron (inclusive)
 * @param to last neuron (exclusive)
 * @param startSteps strictly increasing steps (>= 0); copied
 * @param amplitudesPa amplitude from each start step on (pA); copied
 */
public record StepCurrent(int population, int from, int to, long[] startSteps, double[] amplitudesPa) {

    /** @throws IllegalArgumentException on bad ranges, unsorted steps or non-finite amplitudes */
    public StepCurrent {
        if (population < 0 || from < 0 || to < from) {
            throw new IllegalArgumentException("step current: population " + population + ", neurons [" + from + ", " + to
                    + ") must be a valid range");
        }
        if (startSteps.length != amplitudesPa.length || startSteps.length == 0) {
            throw new IllegalArgumentException("step current: " + startSteps.length + " start steps and "
                    + amplitudesPa.length + " amplitudes must be equal in number and at least 1");
        }
        startSteps = startSteps.clone();
        amplitudesPa = amplitudesPa.clone();
        for (int k = 0; k < startSteps.length; k++) {
            if (startSteps[k] < 0 || (k > 0 && startSteps[k] <= startSteps[k - 1]) || !Double.isFinite(amplitudesPa[k])) {
                throw new IllegalArgumentException("step current change " + k + " at step " + startSteps[k] + " amplitude "
                        + amplitudesPa[k] + " pA: steps must be >= 0 and increasing, amplitudes finite");
            }
        }
    }

    /** A constant current of {@code pA} into the whole population of {@code count} neurons. */
    public static StepCurrent constant(int population, int count, double pA) {
        return new StepCurrent(population, 0, count, new long[] {0}, new double[] {pA});
    }

    /** The amplitude (pA) in force at {@code step}. */
    public double amplitudeAt(long step) {
        int k = Arrays.binarySearch(startSteps, step);
        int idx = k >= 0 ? k : -k - 2;
        return idx < 0 ? 0.0 : amplitudesPa[idx];
    }

    /** Whether the amplitude changes at {@code step}. */
    public boolean changesAt(long step) {
        return Arrays.binarySearch(startSteps, step) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepCurrent s && population == s.population && from == s.from && to == s.to
                && Arrays.equals(startSteps, s.startSteps) && Arrays.equals(amplitudesPa, s.amplitudesPa);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(startSteps) * 31 + population;
    }

    @Override
    public String toString() {
        return "StepCurrent[population " + population + ", [" + from + ", " + to + "), " + startSteps.length + " steps]";
    }
}
