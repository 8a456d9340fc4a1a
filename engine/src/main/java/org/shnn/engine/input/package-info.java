/**
 * Inputs to a network: source-only generator populations ({@link org.shnn.engine.input.PoissonGenerator},
 * {@link org.shnn.engine.input.SpikeTimesGenerator}), synapse-free Poisson drive
 * ({@link org.shnn.engine.input.PoissonInput}) and injected currents ({@link org.shnn.engine.input.CurrentSource}, sampled by
 * {@link org.shnn.engine.input.InjectedCurrent}).
 */
package org.shnn.engine.input;
