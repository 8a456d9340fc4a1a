package org.shnn.engine.network;

import java.util.List;
import org.shnn.engine.input.SpikeGenerator;
import org.shnn.engine.neuron.NeuronModel;

/**
 * A population of a network: {@code count} neurons with global ids {@code [firstId, firstId + count)},
 * either integrated by a {@link NeuronModel} or emitting spikes from a {@link SpikeGenerator}.
 *
 * @param name unique name
 * @param index position in {@link Network#populations()}
 * @param firstId global id of neuron 0
 * @param count neurons
 * @param model the model (null for a generator population)
 * @param generator the generator (null for a model population)
 * @param initialValues per state column (name, value rule), applied in order after the model's rest state
 */
public record Population(String name, int index, int firstId, int count, NeuronModel model, SpikeGenerator generator,
        List<ColumnInit> initialValues) {

    /**
     * A state column's initial value rule.
     *
     * @param column state column name
     * @param value how to initialise it
     */
    public record ColumnInit(String column, InitialValue value) {
    }

    /** Copies the initial values. */
    public Population {
        initialValues = List.copyOf(initialValues);
    }

    /** Whether this population is a spike generator (no model). */
    public boolean isGenerator() {
        return generator != null;
    }

    /** Receptors of the model (0 for a generator). */
    public int receptorCount() {
        return model == null ? 0 : model.receptorCount();
    }

    /** Global id one past the last neuron. */
    public int endId() {
        return firstId + count;
    }
}
