package org.shnn.engine.spec;

import java.util.Objects;

/**
 * Synapses from population {@code pre} to population {@code post} onto one receptor; PyNN's
 * {@code Projection(pre, post, connector, synapse_type, receptor_type)}.
 *
 * @param label a name for messages and lookups (unique in the network), e.g. {@code exc->inh}
 * @param pre label of the source population
 * @param post label of the target population (a neuron model, not a spike source)
 * @param receptor {@code excitatory} or {@code inhibitory}
 * @param connector which pairs get a synapse
 * @param weight per-synapse weight in the receptor's PyNN unit: uS for conductance-based, nA for current-based,
 *     mV for {@code IF_curr_delta}; inhibitory current weights are negative, conductances positive
 * @param delay per-synapse delay, ms, rounded to whole steps, at least one step
 * @param synapse the synapse dynamics
 * @param homeostasis homeostatic scaling of the weights, or null
 * @param safe whether the weights are held to PyNN's sign rule ({@code >= 0} onto a conductance or an excitatory
 *     receptor, {@code <= 0} onto a current-based inhibitory one); false as PyNN's {@code safe=False} connectors, which
 *     skip that check ({@code "safe": false} in the connector's JSON)
 */
public record ProjectionSpec(String label, String pre, String post, String receptor, Connector connector, Value weight,
        Value delay, SynapseSpec synapse, HomeostasisSpec homeostasis, boolean safe) {

    /** Validates the fields that need no other part of the network. */
    public ProjectionSpec {
        Fields.nonEmpty("projection", "label", label);
        String where = element(label);
        Fields.nonEmpty(where, "pre", pre);
        Fields.nonEmpty(where, "post", post);
        CellType.receptorIndex(where, receptor);
        Fields.present(where, "connector", connector);
        Fields.present(where, "weight", weight);
        Fields.present(where, "delay", delay);
        Objects.requireNonNull(synapse, "synapse");
    }

    /** A projection whose weights are held to PyNN's sign rule ({@code safe}). */
    public ProjectionSpec(String label, String pre, String post, String receptor, Connector connector, Value weight,
            Value delay, SynapseSpec synapse, HomeostasisSpec homeostasis) {
        this(label, pre, post, receptor, connector, weight, delay, synapse, homeostasis, true);
    }

    /** A static projection without homeostasis, labelled {@code pre->post}. */
    public ProjectionSpec(String pre, String post, String receptor, Connector connector, Value weight, Value delay) {
        this(pre + "->" + post, pre, post, receptor, connector, weight, delay, SynapseSpec.STATIC, null);
    }

    /** A copy with another label. */
    public ProjectionSpec withLabel(String l) {
        return new ProjectionSpec(l, pre, post, receptor, connector, weight, delay, synapse, homeostasis, safe);
    }

    /** A copy with other synapse dynamics. */
    public ProjectionSpec withSynapse(SynapseSpec s) {
        return new ProjectionSpec(label, pre, post, receptor, connector, weight, delay, s, homeostasis, safe);
    }

    /** A copy with homeostatic scaling. */
    public ProjectionSpec withHomeostasis(HomeostasisSpec h) {
        return new ProjectionSpec(label, pre, post, receptor, connector, weight, delay, synapse, h, safe);
    }

    /** A copy whose weights are held to PyNN's sign rule or not ({@code safe}). */
    public ProjectionSpec withSafe(boolean checked) {
        return new ProjectionSpec(label, pre, post, receptor, connector, weight, delay, synapse, homeostasis, checked);
    }

    /** The receptor index (0 excitatory, 1 inhibitory). */
    public int receptorIndex() {
        return CellType.receptorIndex(element(), receptor);
    }

    /** How errors name this projection: {@code projection 'exc->inh'}. */
    public String element() {
        return element(label);
    }

    static String element(String label) {
        return "projection '" + label + "'";
    }
}
