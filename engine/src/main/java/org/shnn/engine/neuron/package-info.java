/**
 * Neuron models over off-heap struct-of-arrays state: the {@link org.shnn.engine.neuron.NeuronModel}
 * contract, the {@link org.shnn.engine.neuron.PopulationState} flyweight, and the models
 * (exact current-based LIF, conductance-based LIF, AdEx, Izhikevich, Q16.16 fixed-point LIF) with their
 * parameter records.
 */
package org.shnn.engine.neuron;
