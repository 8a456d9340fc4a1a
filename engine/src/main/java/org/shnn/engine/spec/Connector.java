package org.shnn.engine.spec;

import java.util.Objects;

/**
 * Which (pre, post) pairs of a projection get a synapse; PyNN's connectors, with their parameter names.
 * Random connectors draw from the counter-based generator keyed by the seed, the projection and the row or
 * column, so the synapses do not depend on the thread or rank count.
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface Connector {

    /** The PyNN class name, e.g. {@code FixedProbabilityConnector}. */
    String pynnName();

    /**
     * Every pre to every post.
     *
     * @param allowSelfConnections whether neuron i connects to itself when pre and post are one population
     */
    record AllToAll(boolean allowSelfConnections) implements Connector {
        @Override
        public String pynnName() {
            return "AllToAllConnector";
        }
    }

    /** Pre i to post i; the populations have equal sizes. */
    record OneToOne() implements Connector {
        @Override
        public String pynnName() {
            return "OneToOneConnector";
        }
    }

    /**
     * Each pair independently with probability {@code pConnect}.
     *
     * @param pConnect probability in [0, 1]
     * @param allowSelfConnections see {@link AllToAll}
     */
    record FixedProbability(double pConnect, boolean allowSelfConnections) implements Connector {
        /** @throws SpecException unless p is in [0, 1] */
        public FixedProbability {
            Fields.probability("FixedProbabilityConnector", "p_connect", pConnect);
        }

        @Override
        public String pynnName() {
            return "FixedProbabilityConnector";
        }
    }

    /**
     * Every post neuron receives exactly {@code n} synapses from uniformly drawn pre neurons (NEST's fixed
     * in-degree).
     *
     * @param n synapses per post neuron, {@code >= 0}
     * @param allowSelfConnections see {@link AllToAll}
     * @param withReplacement whether a pre neuron may be drawn more than once for the same post neuron
     */
    record FixedNumberPre(int n, boolean allowSelfConnections, boolean withReplacement) implements Connector {
        /** @throws SpecException if n is negative */
        public FixedNumberPre {
            Fields.nonNegative("FixedNumberPreConnector", "n", n);
        }

        @Override
        public String pynnName() {
            return "FixedNumberPreConnector";
        }
    }

    /**
     * Every pre neuron makes exactly {@code n} synapses onto uniformly drawn post neurons (fixed out-degree).
     *
     * @param n synapses per pre neuron, {@code >= 0}
     * @param allowSelfConnections see {@link AllToAll}
     * @param withReplacement whether a post neuron may be drawn more than once for the same pre neuron
     */
    record FixedNumberPost(int n, boolean allowSelfConnections, boolean withReplacement) implements Connector {
        /** @throws SpecException if n is negative */
        public FixedNumberPost {
            Fields.nonNegative("FixedNumberPostConnector", "n", n);
        }

        @Override
        public String pynnName() {
            return "FixedNumberPostConnector";
        }
    }

    /**
     * Exactly {@code n} synapses in all, between uniformly drawn pairs.
     *
     * @param n total synapses, {@code >= 0}
     * @param allowSelfConnections see {@link AllToAll}
     * @param withReplacement whether a pair may be drawn more than once
     */
    record FixedTotalNumber(long n, boolean allowSelfConnections, boolean withReplacement) implements Connector {
        /** @throws SpecException if n is negative */
        public FixedTotalNumber {
            if (n < 0) {
                throw new SpecException("FixedTotalNumberConnector", "n", "expected >= 0 but found " + n);
            }
        }

        @Override
        public String pynnName() {
            return "FixedTotalNumberConnector";
        }
    }

    /**
     * Each pair independently with a probability given by an expression of the distance {@code d} (µm)
     * between the neurons' positions (both populations need a {@link Structure}), e.g.
     * {@code "exp(-d / 100)"} or {@code "d < 50"} (PyNN's {@code d_expression}).
     *
     * @param dExpression the probability as an expression of {@code d}
     * @param allowSelfConnections see {@link AllToAll}
     */
    record DistanceDependentProbability(String dExpression, boolean allowSelfConnections) implements Connector {
        /** @throws SpecException if the expression is empty */
        public DistanceDependentProbability {
            Fields.nonEmpty("DistanceDependentProbabilityConnector", "d_expression", dExpression);
        }

        @Override
        public String pynnName() {
            return "DistanceDependentProbabilityConnector";
        }
    }

    /**
     * Exactly the listed synapses: {@code pre[k] -> post[k]}, with per-synapse weights and delays where given
     * (else the projection's {@link ProjectionSpec#weight()} and {@link ProjectionSpec#delay()}). PyNN's
     * {@code FromListConnector}, {@code FromFileConnector} and {@code ArrayConnector} (as a list) all end here.
     *
     * @param pre pre-synaptic indices (local to the pre population)
     * @param post post-synaptic indices, as many as {@code pre}
     * @param weights per-synapse weights or null
     * @param delays per-synapse delays (ms) or null
     */
    record FromList(ArrayRef pre, ArrayRef post, ArrayRef weights, ArrayRef delays) implements Connector {
        /** @throws SpecException if pre or post is missing, or inline lengths differ */
        public FromList {
            Objects.requireNonNull(pre, "pre");
            Objects.requireNonNull(post, "post");
            long n = pre.knownLength();
            check(n, post, "post");
            check(n, weights, "weights");
            check(n, delays, "delays");
        }

        private static void check(long n, ArrayRef a, String field) {
            if (a != null && n >= 0 && a.knownLength() >= 0 && a.knownLength() != n) {
                throw new SpecException("FromListConnector", field, "expected " + n + " values (as many as pre) but found "
                        + a.knownLength());
            }
        }

        @Override
        public String pynnName() {
            return "FromListConnector";
        }
    }
}
