package org.shnn.engine.record;

import java.util.Arrays;

/**
 * What a {@link StateMonitor} records: one state column (e.g. {@code "v"}, mV) of chosen neurons of
 * one population, every {@code intervalSteps} steps (at steps that are multiples of it).
 *
 * @param population population name
 * @param column state column name (a double or int column of the model's layout)
 * @param neurons indices in the population, copied, sorted and de-duplicated
 * @param intervalSteps sampling interval (>= 1)
 */
public record StateMonitorSpec(String population, String column, int[] neurons, int intervalSteps) {

    /** @throws IllegalArgumentException on an empty or negative neuron list or interval &lt; 1 */
    public StateMonitorSpec {
        if (neurons.length == 0 || intervalSteps < 1) {
            throw new IllegalArgumentException("state monitor of " + population + "." + column + ": " + neurons.length
                    + " neurons (need >= 1) every " + intervalSteps + " steps (need >= 1)");
        }
        neurons = Arrays.stream(neurons).sorted().distinct().toArray();
        if (neurons[0] < 0) {
            throw new IllegalArgumentException("state monitor neuron index " + neurons[0] + " must be >= 0");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateMonitorSpec s && population.equals(s.population) && column.equals(s.column)
                && Arrays.equals(neurons, s.neurons) && intervalSteps == s.intervalSteps;
    }

    @Override
    public int hashCode() {
        return population.hashCode() * 31 + Arrays.hashCode(neurons);
    }

    @Override
    public String toString() {
        return "StateMonitorSpec[" + population + "." + column + ", " + neurons.length + " neurons, every " + intervalSteps
                + " steps]";
    }
}
