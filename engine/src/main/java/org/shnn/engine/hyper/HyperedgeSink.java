package org.shnn.engine.hyper;

/**
 * Receives the deliveries of activated hyperedges. Called on the evaluating thread, in ascending edge order
 * and, within an edge, ascending target order; must not throw.
 */
@FunctionalInterface
public interface HyperedgeSink {

    /**
     * Target {@code target} receives {@code weight} on {@code receptor} at step {@code arrivalStep}.
     *
     * @param arrivalStep activation step + the edge's delay (steps)
     * @param target      index in the target space
     * @param receptor    the edge's receptor
     * @param weight      the weight (unit of the receptor: pA or nS)
     */
    void deliver(long arrivalStep, int target, int receptor, float weight);
}
