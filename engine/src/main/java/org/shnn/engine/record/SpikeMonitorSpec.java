package org.shnn.engine.record;

import java.util.Arrays;

/**
 * Whose spikes to record: one population, all of it or chosen neurons (NEST's {@code spike_recorder} connected to
 * them, Brian2's {@code SpikeMonitor} of a subgroup, PyNN's {@code record("spikes")}). A simulation whose config names
 * none records every neuron's spikes; one that names some records exactly their union ({@link SpikeSelection}).
 *
 * @param population population name
 * @param neurons indices in the population, copied, sorted and de-duplicated (none: the monitor records nothing, yet
 *     the config no longer records every neuron); null for the whole population
 */
public record SpikeMonitorSpec(String population, int[] neurons) {

    /** @throws IllegalArgumentException on a negative neuron index */
    public SpikeMonitorSpec {
        if (neurons != null) {
            neurons = Arrays.stream(neurons).sorted().distinct().toArray();
            if (neurons.length > 0 && neurons[0] < 0) {
                throw new IllegalArgumentException("spike monitor of " + population + ": neuron index " + neurons[0]
                        + " (need >= 0)");
            }
        }
    }

    /** The whole of {@code population}. */
    public static SpikeMonitorSpec all(String population) {
        return new SpikeMonitorSpec(population, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpikeMonitorSpec s && population.equals(s.population) && Arrays.equals(neurons, s.neurons);
    }

    @Override
    public int hashCode() {
        return population.hashCode() * 31 + Arrays.hashCode(neurons);
    }

    @Override
    public String toString() {
        return "SpikeMonitorSpec[" + population + ", " + (neurons == null ? "all" : neurons.length) + " neurons]";
    }
}
