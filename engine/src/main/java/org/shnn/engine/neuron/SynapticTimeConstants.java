package org.shnn.engine.neuron;

/**
 * Parameters with a decay time constant per receptor: the time constant of the excitatory and inhibitory
 * synaptic currents or conductances (exponential or alpha-shaped), in ms. What {@link NeuronModel#tauSyn(int)}
 * reports; a params record of a model with instantaneous (delta) synapses does not implement it.
 *
 * <p>Implementations are immutable records.
 */
public interface SynapticTimeConstants {

    /** Excitatory time constant tau_syn_E, ms. */
    double tauSynExc();

    /** Inhibitory time constant tau_syn_I, ms. */
    double tauSynInh();
}
