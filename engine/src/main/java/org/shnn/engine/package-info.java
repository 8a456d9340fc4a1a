/**
 * The simulation engine: neuron models, synapses, plasticity, the simulation loop, recording,
 * checkpoints and the command-line interface.
 */
package org.shnn.engine;
