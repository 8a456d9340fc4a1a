package org.shnn.engine.input;

import java.util.Arrays;
import java.util.Objects;

/**
 * A current injected into chosen neurons of a model population (PyNN's {@code source.inject_into(cells)}):
 * every neuron in {@code neurons} receives {@code waveform}. Several sources on one neuron add up, in the
 * order of {@code Network.currents()}. Sampled on the step grid by {@link InjectedCurrent}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param population target population index
 * @param neurons local indices of the target neurons, {@code >= 0}; copied, sorted, duplicates rejected
 * @param waveform the current over time (pA)
 */
public record CurrentSource(int population, int[] neurons, CurrentWaveform waveform) {

    /** @throws IllegalArgumentException on a negative population or index, or a duplicate index */
    public CurrentSource {
        if (population < 0) {
            throw new IllegalArgumentException("current source population index " + population + " must be >= 0");
        }
        Objects.requireNonNull(waveform, "waveform");
        neurons = neurons.clone();
        Arrays.sort(neurons);
        for (int k = 0; k < neurons.length; k++) {
            if (neurons[k] < 0 || (k > 0 && neurons[k] == neurons[k - 1])) {
                throw new IllegalArgumentException("current source into population " + population + ": neuron index "
                        + neurons[k] + (neurons[k] < 0 ? " must be >= 0" : " is listed twice"));
            }
        }
    }

    /** A source into neurons {@code [from, to)} of {@code population}. */
    public static CurrentSource range(int population, int from, int to, CurrentWaveform waveform) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("current source neurons [" + from + ", " + to + ") must satisfy 0 <= from <= to");
        }
        int[] ids = new int[to - from];
        Arrays.setAll(ids, k -> from + k);
        return new CurrentSource(population, ids, waveform);
    }

    /** A constant current of {@code pA} from time 0 on into all {@code count} neurons of {@code population}. */
    public static CurrentSource constant(int population, int count, double pA) {
        return range(population, 0, count, new CurrentWaveform.Dc(pA, 0, Double.POSITIVE_INFINITY));
    }

    @Override
    public int[] neurons() {
        return neurons.clone();
    }

    /** The number of target neurons. */
    public int count() {
        return neurons.length;
    }

    /** The largest target index, or -1 when there is none. */
    public int maxNeuron() {
        return neurons.length == 0 ? -1 : neurons[neurons.length - 1];
    }

    /** Whether local neuron {@code i} receives this source. */
    public boolean targets(int i) {
        return Arrays.binarySearch(neurons, i) >= 0;
    }

    /** Index of the first target {@code >= i} in {@link #neurons()} order, in {@code [0, count()]}. */
    int lowerBound(int i) {
        int k = Arrays.binarySearch(neurons, i);
        return k >= 0 ? k : -k - 1;
    }

    /** The {@code k}-th target (ascending). */
    int neuron(int k) {
        return neurons[k];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurrentSource c && population == c.population && Arrays.equals(neurons, c.neurons)
                && waveform.equals(c.waveform);
    }

    @Override
    public int hashCode() {
        return (population * 31 + Arrays.hashCode(neurons)) * 31 + waveform.hashCode();
    }

    @Override
    public String toString() {
        return "CurrentSource[population " + population + ", " + neurons.length + " neurons, " + waveform + "]";
    }
}
