/**
 * Hyperedges: a set of source neurons joined to a set of target neurons that fires when enough distinct
 * sources spike close together, the "spiking hypergraph" of the original framework with its activation rule
 * actually applied.
 *
 * <p>{@link org.shnn.engine.hyper.HypergraphBuilder} declares edges; {@link org.shnn.engine.hyper.Hypergraph}
 * holds them off-heap and evaluates them step by step against a {@link org.shnn.engine.hyper.HyperState};
 * activations are delivered through a {@link org.shnn.engine.hyper.HyperedgeSink}.
 *
 * <p><b>Activation rule and window convention.</b> With {@code W = round(windowMs / dt)} steps, an edge
 * evaluated at step {@code t} counts a source as present if that source's most recent spike was at a step
 * {@code s} with {@code t - s <= W} (the window is inclusive: two spikes exactly {@code windowMs} apart
 * coincide, one step more and they do not). The edge activates at step {@code t} when at least
 * {@code minSpikes} distinct sources are present; repeated spikes of one source count once. Activation is
 * evaluated only at steps where one of its sources spiked (the count can only grow then). The spikes that
 * activated an edge are consumed: its record of recent sources is cleared, so the same coincidence fires
 * the edge once. Targets receive the weight at step {@code t + delay}.
 */
package org.shnn.engine.hyper;
