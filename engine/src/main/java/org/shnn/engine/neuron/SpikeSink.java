package org.shnn.engine.neuron;

/**
 * Receives the neurons that fire during one {@link NeuronModel#step} call.
 *
 * <p>Called on the thread that runs {@code step}, in ascending local index order, at most once per neuron
 * and step. Implementations must not throw and should not allocate (they sit in the hot loop).
 */
@FunctionalInterface
public interface SpikeSink {

    /**
     * Neuron {@code localIndex} (index within its population) fired in the current step.
     *
     * @param localIndex index in {@code [from, to)} of the {@code step} call
     */
    void spike(int localIndex);
}
