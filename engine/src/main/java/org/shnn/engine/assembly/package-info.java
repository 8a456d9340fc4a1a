/**
 * From a network description ({@link org.shnn.engine.spec.NetworkSpec}) to the engine's network and simulation:
 * {@link org.shnn.engine.assembly.Assembler} resolves cell types to neuron models, connectors to connection rules,
 * values and distributions to weights, delays and initial values, PyNN units to the engine's, and attaches the
 * synapse dynamics. Depends on the description, never the reverse.
 */
package org.shnn.engine.assembly;
