package org.shnn.engine.network;

import java.util.Arrays;

/**
 * A connectivity rule of a projection: which (source, target) pairs get a synapse. Rules that draw
 * random numbers do so from the simulation seed with a counter-based generator keyed by (projection,
 * row or column), so the synapses are the same for any thread count.
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface Connectivity {

    /**
     * Each (source, target) pair independently with probability {@code p} (Brian2's
     * {@code connect(p=...)}); row lengths are binomial(targets, p).
     *
     * @param p connection probability in [0, 1]
     */
    record FixedProbability(double p) implements Connectivity {
        /** @throws IllegalArgumentException if p is outside [0, 1] */
        public FixedProbability {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("connection probability " + p + " must be in [0, 1]");
            }
        }
    }

    /**
     * Every target gets exactly {@code k} synapses from uniformly drawn sources (NEST's
     * {@code fixed_indegree}); with {@code multapses} a source may be drawn twice.
     *
     * @param k synapses per target (>= 0)
     * @param multapses whether a pair may get more than one synapse
     */
    record FixedInDegree(int k, boolean multapses) implements Connectivity {
        /** @throws IllegalArgumentException if k is negative */
        public FixedInDegree {
            if (k < 0) {
                throw new IllegalArgumentException("in-degree " + k + " must be >= 0");
            }
        }
    }

    /**
     * Every source gets exactly {@code k} synapses onto uniformly drawn targets.
     *
     * @param k synapses per source (>= 0)
     * @param multapses whether a pair may get more than one synapse
     */
    record FixedOutDegree(int k, boolean multapses) implements Connectivity {
        /** @throws IllegalArgumentException if k is negative */
        public FixedOutDegree {
            if (k < 0) {
                throw new IllegalArgumentException("out-degree " + k + " must be >= 0");
            }
        }
    }

    /** Source i to target i; needs equal population sizes. */
    record OneToOne() implements Connectivity {
    }

    /** Every source to every target. */
    record AllToAll() implements Connectivity {
    }

    /**
     * Exactly the listed synapses. {@code weights} (nullable: then the projection's weight rule) and
     * {@code delays} (steps >= 1; nullable: then the projection's delay rule) are parallel to
     * sources/targets. The arrays are copied.
     *
     * @param sources source index (in the source population) of each synapse
     * @param targets target index (in the target population) of each synapse
     * @param weights weight of each synapse, or null
     * @param delays delay (steps) of each synapse, or null
     */
    record Explicit(int[] sources, int[] targets, float[] weights, int[] delays) implements Connectivity {
        /** @throws IllegalArgumentException if the arrays differ in length or a delay is &lt; 1 */
        public Explicit {
            if (sources.length != targets.length || (weights != null && weights.length != sources.length)
                    || (delays != null && delays.length != sources.length)) {
                throw new IllegalArgumentException("explicit synapses: sources (" + sources.length + "), targets ("
                        + targets.length + "), weights (" + (weights == null ? "-" : weights.length) + ") and delays ("
                        + (delays == null ? "-" : delays.length) + ") must have equal lengths");
            }
            sources = sources.clone();
            targets = targets.clone();
            weights = weights == null ? null : weights.clone();
            delays = delays == null ? null : delays.clone();
            if (delays != null) {
                for (int i = 0; i < delays.length; i++) {
                    if (delays[i] < 1 || delays[i] > Short.MAX_VALUE) {
                        throw new IllegalArgumentException("explicit synapse " + i + ": delay " + delays[i]
                                + " steps must be in [1, " + Short.MAX_VALUE + "]");
                    }
                }
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Explicit e && Arrays.equals(sources, e.sources) && Arrays.equals(targets, e.targets)
                    && Arrays.equals(weights, e.weights) && Arrays.equals(delays, e.delays);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sources) * 31 + Arrays.hashCode(targets);
        }

        @Override
        public String toString() {
            return "Explicit[" + sources.length + " synapses]";
        }
    }

    /** See {@link FixedProbability}. */
    static Connectivity fixedProbability(double p) {
        return new FixedProbability(p);
    }

    /** See {@link FixedInDegree}; multapses allowed. */
    static Connectivity fixedInDegree(int k) {
        return new FixedInDegree(k, true);
    }

    /** See {@link FixedOutDegree}; multapses allowed. */
    static Connectivity fixedOutDegree(int k) {
        return new FixedOutDegree(k, true);
    }

    /** See {@link OneToOne}. */
    static Connectivity oneToOne() {
        return new OneToOne();
    }

    /** See {@link AllToAll}. */
    static Connectivity allToAll() {
        return new AllToAll();
    }

    /** See {@link Explicit}. */
    static Connectivity explicit(int[] sources, int[] targets, float[] weights, int[] delays) {
        return new Explicit(sources, targets, weights, delays);
    }
}
