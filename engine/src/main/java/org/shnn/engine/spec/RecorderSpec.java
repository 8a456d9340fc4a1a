package org.shnn.engine.spec;

import java.util.List;
import java.util.Objects;

/**
 * What to record, sampled every {@code interval} ms (a whole number of steps), of either
 * <ul>
 * <li>a population (PyNN's {@code Population.record(variables, sampling_interval)}): {@code spikes} and state
 *     variables of the selected neurons; or</li>
 * <li>a projection: the variable {@code weight} of the selected synapses, chosen by their position in the
 *     projection's list order (by source neuron, then target: the order of {@code org.shnn.engine.run.Synapses#table}
 *     and of the hosts' synapse lists), in the projection's PyNN weight unit; the weights after each sampled step's
 *     plasticity.</li>
 * </ul>
 * Exactly one of {@code population} and {@code projection} is set.
 *
 * @param population label of the population, or null for a projection recorder
 * @param projection label of the projection, or null for a population recorder
 * @param variables {@code spikes} and/or state variables of the cell type (e.g. {@code v}, {@code gsyn_exc}) of a
 *     population, {@code weight} of a projection; copied
 * @param selection which neurons of the population, or which synapses of the projection
 * @param interval sampling interval for state variables and weights, ms, {@code > 0}
 */
public record RecorderSpec(String population, String projection, List<String> variables, Selection selection,
        double interval) {

    /** The one variable a projection recorder samples. */
    public static final String WEIGHT = "weight";

    /** Validates the fields that need no other part of the network. */
    public RecorderSpec {
        if ((population == null) == (projection == null)) {
            throw new SpecException("recorder", "population", "expected either a population or a projection but found "
                    + (population == null ? "neither" : "both ('" + population + "' and '" + projection + "')"));
        }
        if (population != null) {
            Fields.nonEmpty("recorder", "population", population);
        } else {
            Fields.nonEmpty("recorder", "projection", projection);
        }
        String where = element(population, projection);
        variables = List.copyOf(variables);
        if (variables.isEmpty()) {
            throw new SpecException(where, "variables", "expected at least one variable but found none");
        }
        if (projection != null && !variables.equals(List.of(WEIGHT))) {
            throw new SpecException(where, "variables", "expected [\"weight\"] (what a projection recorder samples) but "
                    + "found " + variables);
        }
        Objects.requireNonNull(selection, "selection");
        Fields.positive(where, "sampling_interval", interval);
    }

    /** A recorder of population {@code population}. */
    public RecorderSpec(String population, List<String> variables, Selection neurons, double interval) {
        this(population, null, variables, neurons, interval);
    }

    /** A recorder of the weights of synapses {@code synapses} of projection {@code projection}. */
    public static RecorderSpec weights(String projection, Selection synapses, double interval) {
        return new RecorderSpec(null, projection, List.of(WEIGHT), synapses, interval);
    }

    /** Whether this recorder samples a projection's weights (else a population). */
    public boolean ofProjection() {
        return projection != null;
    }

    /** How errors name this recorder: {@code recorder of population 'exc'} or {@code recorder of projection 'a->b'}. */
    public String element() {
        return element(population, projection);
    }

    private static String element(String population, String projection) {
        return population != null ? "recorder of population '" + population + "'"
                : "recorder of projection '" + projection + "'";
    }
}
