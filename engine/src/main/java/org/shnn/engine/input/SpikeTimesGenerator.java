package org.shnn.engine.input;

import java.util.Arrays;

/**
 * Spikes at given times (NEST's {@code spike_generator}, Brian2's {@code SpikeGeneratorGroup}):
 * generator neuron {@code neurons[k]} spikes at step {@code steps[k]}. Stored sorted by (step,
 * neuron) without duplicates; the simulation looks spikes up by binary search, so it keeps no cursor.
 *
 * @param steps the step of each spike (>= 0)
 * @param neurons the generator neuron of each spike (index in the population)
 */
public record SpikeTimesGenerator(long[] steps, int[] neurons) implements SpikeGenerator {

    /** Copies, sorts by (step, neuron) and removes duplicates. @throws IllegalArgumentException on bad input */
    public SpikeTimesGenerator {
        if (steps.length != neurons.length) {
            throw new IllegalArgumentException("spike times: " + steps.length + " steps but " + neurons.length + " neurons");
        }
        long[] keys = new long[steps.length];
        for (int k = 0; k < steps.length; k++) {
            if (steps[k] < 0 || steps[k] >= 1L << 32 || neurons[k] < 0) {
                throw new IllegalArgumentException("spike " + k + ": step " + steps[k] + " must be in [0, 2^32) and neuron "
                        + neurons[k] + " >= 0");
            }
            keys[k] = steps[k] << 31 | neurons[k];
        }
        Arrays.sort(keys);
        int n = 0;
        for (int k = 0; k < keys.length; k++) {
            if (k == 0 || keys[k] != keys[k - 1]) {
                keys[n++] = keys[k];
            }
        }
        steps = new long[n];
        neurons = new int[n];
        for (int k = 0; k < n; k++) {
            steps[k] = keys[k] >>> 31;
            neurons[k] = (int) (keys[k] & Integer.MAX_VALUE);
        }
    }

    /**
     * Spikes at times in ms, rounded to the nearest step of {@code dt} ms.
     *
     * @throws IllegalArgumentException if a time is negative or not finite
     */
    public static SpikeTimesGenerator ofMillis(double[] timesMs, int[] neurons, double dt) {
        long[] steps = new long[timesMs.length];
        for (int k = 0; k < timesMs.length; k++) {
            if (!(timesMs[k] >= 0) || Double.isInfinite(timesMs[k])) {
                throw new IllegalArgumentException("spike " + k + " time " + timesMs[k] + " ms must be finite and >= 0");
            }
            steps[k] = Math.round(timesMs[k] / dt);
        }
        return new SpikeTimesGenerator(steps, neurons);
    }

    /** Largest neuron index used, or -1 when empty. */
    public int maxNeuron() {
        int m = -1;
        for (int n : neurons) {
            m = Math.max(m, n);
        }
        return m;
    }

    /** Index of the first spike at or after (step, neuron), in [0, size]. */
    public int lowerBound(long step, int neuron) {
        int lo = 0;
        int hi = steps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (steps[mid] < step || (steps[mid] == step && neurons[mid] < neuron)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpikeTimesGenerator g && Arrays.equals(steps, g.steps) && Arrays.equals(neurons, g.neurons);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(steps) * 31 + Arrays.hashCode(neurons);
    }

    @Override
    public String toString() {
        return "SpikeTimesGenerator[" + steps.length + " spikes]";
    }
}
