package org.shnn.engine.network;

/**
 * Synapses from every neuron of a source population to neurons of a target population, onto one
 * receptor of the target model (e.g. 0 = excitatory, 1 = inhibitory for the LIF models).
 *
 * @param index position in {@link Network#projections()} (keys its random streams)
 * @param source source population index
 * @param target target population index (must have a model)
 * @param receptor target receptor
 * @param connectivity which pairs get a synapse
 * @param weight weight rule (receptor unit: nS or pA); ignored where explicit weights are given
 * @param delay delay rule (steps); ignored where explicit delays are given
 * @param autapses whether a neuron may connect to itself (only matters when source == target)
 * @param shortTerm Tsodyks-Markram short-term plasticity of every synapse, or null for static synapses
 */
public record Projection(int index, int source, int target, int receptor, Connectivity connectivity, WeightRule weight,
        DelayRule delay, boolean autapses, TsodyksMarkram shortTerm) {

    /** A projection of static synapses. */
    public Projection(int index, int source, int target, int receptor, Connectivity connectivity, WeightRule weight,
            DelayRule delay, boolean autapses) {
        this(index, source, target, receptor, connectivity, weight, delay, autapses, null);
    }

    /** The same projection with Tsodyks-Markram dynamics {@code tm} (null: static). */
    public Projection withShortTerm(TsodyksMarkram tm) {
        return new Projection(index, source, target, receptor, connectivity, weight, delay, autapses, tm);
    }

    /** Largest delay in steps this projection can have. */
    public int maxDelaySteps() {
        if (connectivity instanceof Connectivity.Explicit e && e.delays() != null) {
            int m = 1;
            for (int d : e.delays()) {
                m = Math.max(m, d);
            }
            return m;
        }
        if (connectivity instanceof Connectivity.Listed l && l.synapses().hasDelays()) {
            return l.synapses().maxDelaySteps();
        }
        return delay.maxSteps();
    }

    /** Smallest delay in steps this projection can have (at least 1). */
    public int minDelaySteps() {
        if (connectivity instanceof Connectivity.Explicit e && e.delays() != null) {
            int m = Integer.MAX_VALUE;
            for (int d : e.delays()) {
                m = Math.min(m, d);
            }
            return Math.max(1, m);
        }
        if (connectivity instanceof Connectivity.Listed l && l.synapses().hasDelays()) {
            return l.synapses().minDelaySteps();
        }
        return delay.minSteps();
    }
}
