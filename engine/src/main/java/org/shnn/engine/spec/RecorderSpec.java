package org.shnn.engine.spec;

import java.util.List;
import java.util.Objects;

/**
 * What to record of a population (PyNN's {@code Population.record(variables, sampling_interval)}): spikes
 * and state variables of the selected neurons, sampled every {@code interval} ms (a whole number of steps).
 *
 * @param population label of the population
 * @param variables {@code spikes} and/or state variables of the cell type (e.g. {@code v}, {@code gsyn_exc});
 *     copied
 * @param neurons which neurons
 * @param interval sampling interval for state variables, ms, {@code > 0}
 */
public record RecorderSpec(String population, List<String> variables, Selection neurons, double interval) {

    /** Validates the fields that need no other part of the network. */
    public RecorderSpec {
        Fields.nonEmpty("recorder", "population", population);
        String where = "recorder of population '" + population + "'";
        variables = List.copyOf(variables);
        if (variables.isEmpty()) {
            throw new SpecException(where, "variables", "expected at least one variable but found none");
        }
        Objects.requireNonNull(neurons, "neurons");
        Fields.positive(where, "sampling_interval", interval);
    }

    /** How errors name this recorder. */
    public String element() {
        return "recorder of population '" + population + "'";
    }
}
