/**
 * Synaptic plasticity as off-heap state plus update kernels that any simulation loop can call:
 * pair-based STDP with traces ({@link org.shnn.engine.plasticity.PairStdp}, additive or multiplicative),
 * triplet STDP ({@link org.shnn.engine.plasticity.TripletStdp}, Pfister and Gerstner 2006) and homeostatic
 * synaptic scaling ({@link org.shnn.engine.plasticity.HomeostaticScaling}).
 *
 * <p>The weights are a projection's CSR float weights, updated in place; post-synaptic updates go through a
 * {@link org.shnn.engine.plasticity.TransposedIndex}. Both live in {@link org.shnn.engine.plasticity.PlasticSynapses}.
 * Inside a simulation, {@link org.shnn.engine.plasticity.PlasticProjection} (STDP) and
 * {@link org.shnn.engine.plasticity.HomeostaticProjection} (scaling) run the kernels from the step loop through
 * its {@link org.shnn.engine.run.StepHook}, bit-identically for any thread count, and checkpoint their state.
 *
 * <p><b>Step protocol</b> (the same for both STDP rules), for the spikes of step {@code t}:
 * <ol>
 *   <li>{@code onPreSpike(j)} for every pre-synaptic neuron that fired: depression of its outgoing synapses,
 *       reading the post-synaptic traces as they were before step {@code t}'s spikes;</li>
 *   <li>{@code onPostSpike(i)} for every post-synaptic neuron that fired: potentiation of its incoming
 *       synapses, reading the pre-synaptic traces before step {@code t}'s spikes;</li>
 *   <li>{@code advancePre}/{@code advancePost}: every trace gets +1 if its neuron fired at {@code t}, then
 *       decays by one step (exact exponential factor {@code exp(-dt / tau)}).</li>
 * </ol>
 * So a pre spike at {@code t0} and a post spike at {@code t1 > t0} change the weight by exactly the pair
 * window evaluated at {@code (t1 - t0) dt}, and simultaneous spikes ({@code Delta t = 0}) cause no pair
 * update. Phase 1 writes only the rows of the firing pre-synaptic neurons and phase 2 only the columns of the
 * firing post-synaptic neurons, so each phase can be split over threads by neuron with a barrier between
 * phases and the result is bit-identical for any split.
 */
package org.shnn.engine.plasticity;
