package org.shnn.engine.input;

/**
 * A source-only population: it integrates nothing and emits spikes that its outgoing projections
 * deliver like any neuron's. Immutable; thread-safe.
 */
public sealed interface SpikeGenerator permits PoissonGenerator, SpikeTimesGenerator {
}
