/**
 * The simulation engine: neuron models, synapses, plasticity, the simulation loop, recording
 * and checkpoints. Its one argument checker is {@link org.shnn.engine.Check}.
 */
package org.shnn.engine;
