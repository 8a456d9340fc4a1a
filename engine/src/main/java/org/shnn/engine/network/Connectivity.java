package org.shnn.engine.network;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

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

    /**
     * Exactly {@code n} synapses in all between uniformly drawn (source, target) pairs (PyNN's
     * {@code FixedTotalNumberConnector}). The row counts are drawn first, row after row from one stream per row:
     * with multapses each row takes a binomial share of the synapses left ({@code Binomial(left, allowed pairs of
     * the row / allowed pairs left)}, the multinomial split), without multapses a hypergeometric one
     * ({@code CounterRng.nextHypergeometric}: the row's allowed pairs good, the later rows' bad, the synapses left
     * drawn; cost grows with the spread of the count, not with the row's pairs); then each row draws its targets as
     * a fixed out-degree row does.
     *
     * @param n total synapses, {@code >= 0}
     * @param multapses whether a pair may get more than one synapse
     */
    record FixedTotal(long n, boolean multapses) implements Connectivity {
        /** @throws IllegalArgumentException if n is negative */
        public FixedTotal {
            if (n < 0) {
                throw new IllegalArgumentException("total synapse count " + n + " must be >= 0");
            }
        }
    }

    /**
     * Each (source, target) pair independently with probability {@code probability(d)}, {@code d} the Euclidean
     * distance (µm) between their positions (PyNN's {@code DistanceDependentProbabilityConnector}). A row draws
     * one uniform per allowed target, from the stream of (projection, row).
     *
     * @param sourceXyz x, y, z of each source neuron (3 per neuron); copied
     * @param targetXyz x, y, z of each target neuron; copied
     * @param probability the probability as a function of d; values above 1 count as 1, below 0 as 0; must be
     *     thread-safe (called from several builder threads)
     * @param expression how the function was written, for messages and equality
     */
    record DistanceProbability(double[] sourceXyz, double[] targetXyz, DoubleUnaryOperator probability,
            String expression) implements Connectivity {
        /** Copies the positions. */
        public DistanceProbability {
            sourceXyz = sourceXyz.clone();
            targetXyz = targetXyz.clone();
            Objects.requireNonNull(probability, "probability");
            Objects.requireNonNull(expression, "expression");
            if (sourceXyz.length % 3 != 0 || targetXyz.length % 3 != 0) {
                throw new IllegalArgumentException("positions need 3 coordinates per neuron, found " + sourceXyz.length
                        + " and " + targetXyz.length + " values");
            }
        }

        /** The distance between source {@code i} and target {@code j}. */
        public double distance(int i, int j) {
            double dx = sourceXyz[3 * i] - targetXyz[3 * j];
            double dy = sourceXyz[3 * i + 1] - targetXyz[3 * j + 1];
            double dz = sourceXyz[3 * i + 2] - targetXyz[3 * j + 2];
            return Math.sqrt(dx * dx + dy * dy + dz * dz);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DistanceProbability d && Arrays.equals(sourceXyz, d.sourceXyz)
                    && Arrays.equals(targetXyz, d.targetXyz) && expression.equals(d.expression);
        }

        @Override
        public int hashCode() {
            return expression.hashCode() * 31 + Arrays.hashCode(sourceXyz);
        }

        @Override
        public String toString() {
            return "DistanceProbability[" + expression + "]";
        }
    }

    /**
     * Exactly the synapses of a list read in place (mapped files or a host's memory): no heap array proportional
     * to the list. The builder reads it twice (row counts, then the synapses), in parallel chunks.
     *
     * @param synapses the list
     */
    record Listed(SynapseList synapses) implements Connectivity {
        /** @throws NullPointerException if synapses is null */
        public Listed {
            Objects.requireNonNull(synapses, "synapses");
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
