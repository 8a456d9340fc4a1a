package org.shnn.engine.spec;

import java.util.Objects;

/**
 * The dynamics of a projection's synapses: static, short-term plasticity, or STDP; PyNN's synapse types
 * with their parameter names and units (ms; weights in the receptor's unit, uS or nA).
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface SynapseSpec {

    /** Fixed weights (PyNN {@code StaticSynapse}). */
    SynapseSpec STATIC = new Static();

    /** Fixed weights. */
    record Static() implements SynapseSpec {
    }

    /**
     * Tsodyks-Markram short-term depression and facilitation (PyNN {@code TsodyksMarkramSynapse}, NEST
     * {@code tsodyks_synapse}).
     *
     * @param u utilisation of synaptic efficacy U, in [0, 1]
     * @param tauRec recovery time constant, ms, {@code >= 0}
     * @param tauFacil facilitation time constant, ms, {@code >= 0} (0: no facilitation)
     */
    record TsodyksMarkram(double u, double tauRec, double tauFacil) implements SynapseSpec {
        /** @throws SpecException on a value out of range */
        public TsodyksMarkram {
            Fields.probability("TsodyksMarkramSynapse", "U", u);
            Fields.nonNegative("TsodyksMarkramSynapse", "tau_rec", tauRec);
            Fields.nonNegative("TsodyksMarkramSynapse", "tau_facil", tauFacil);
        }
    }

    /**
     * Spike-timing-dependent plasticity (PyNN {@code STDPMechanism}).
     *
     * @param timing the timing rule
     * @param dependence additive or multiplicative weight dependence
     * @param wMin lower weight bound (receptor unit)
     * @param wMax upper weight bound, {@code > wMin}
     */
    record Stdp(TimingRule timing, WeightDependence dependence, double wMin, double wMax) implements SynapseSpec {
        /** @throws SpecException on missing parts or bad bounds */
        public Stdp {
            Objects.requireNonNull(timing, "timing");
            Objects.requireNonNull(dependence, "dependence");
            Fields.finite("STDPMechanism", "w_min", wMin);
            Fields.finite("STDPMechanism", "w_max", wMax);
            if (!(wMin < wMax)) {
                throw new SpecException("STDPMechanism", "w_max", "expected > w_min = " + wMin + " but found " + wMax);
            }
        }
    }

    /**
     * How an STDP weight change depends on the current weight {@code w} in {@code [w_min, w_max]} (PyNN's
     * {@code AdditiveWeightDependence} and {@code MultiplicativeWeightDependence}). The spec's own enum, not
     * the engine's, so that the description depends on no engine package (a package the description imported
     * could never import it back: the plasticity package needs the running simulation).
     */
    enum WeightDependence {
        /** The change does not depend on {@code w}; the result is clipped to the bounds. */
        ADDITIVE,
        /** Potentiation scales with {@code w_max - w}, depression with {@code w - w_min} (soft bounds). */
        MULTIPLICATIVE
    }

    /** The timing dependence of an {@link Stdp} rule. */
    sealed interface TimingRule {
    }

    /**
     * Pair-based STDP (PyNN {@code SpikePairRule}): {@code Delta w = A_plus exp(-Delta t / tau_plus)} for
     * post after pre, {@code -A_minus exp(Delta t / tau_minus)} for post before pre.
     *
     * @param tauPlus ms, {@code > 0}
     * @param tauMinus ms, {@code > 0}
     * @param aPlus potentiation amplitude, {@code >= 0}
     * @param aMinus depression amplitude, {@code >= 0}
     */
    record SpikePair(double tauPlus, double tauMinus, double aPlus, double aMinus) implements TimingRule {
        /** @throws SpecException on a value out of range */
        public SpikePair {
            Fields.positive("SpikePairRule", "tau_plus", tauPlus);
            Fields.positive("SpikePairRule", "tau_minus", tauMinus);
            Fields.nonNegative("SpikePairRule", "A_plus", aPlus);
            Fields.nonNegative("SpikePairRule", "A_minus", aMinus);
        }
    }

    /**
     * Triplet STDP (Pfister &amp; Gerstner 2006), all-to-all or nearest-spike; the fitted sets of the paper's
     * Table 4 are {@link TripletPreset}s ({@link TripletPreset#rule()}; a network file may name one:
     * {@code {"type": "TripletRule", "preset": "visual_cortex_all_to_all_minimal"}}).
     *
     * @param tauPlus fast pre trace, ms
     * @param tauMinus fast post trace, ms
     * @param tauX slow pre trace, ms
     * @param tauY slow post trace, ms
     * @param a2Plus pair potentiation amplitude
     * @param a3Plus triplet potentiation amplitude
     * @param a2Minus pair depression amplitude
     * @param a3Minus triplet depression amplitude
     * @param nearestSpike nearest-spike interaction instead of all-to-all
     */
    record Triplet(double tauPlus, double tauMinus, double tauX, double tauY, double a2Plus, double a3Plus,
            double a2Minus, double a3Minus, boolean nearestSpike) implements TimingRule {
        /** @throws SpecException on a value out of range */
        public Triplet {
            Fields.positive("TripletRule", "tau_plus", tauPlus);
            Fields.positive("TripletRule", "tau_minus", tauMinus);
            Fields.positive("TripletRule", "tau_x", tauX);
            Fields.positive("TripletRule", "tau_y", tauY);
            Fields.nonNegative("TripletRule", "A2_plus", a2Plus);
            Fields.nonNegative("TripletRule", "A3_plus", a3Plus);
            Fields.nonNegative("TripletRule", "A2_minus", a2Minus);
            Fields.nonNegative("TripletRule", "A3_minus", a3Minus);
        }
    }
}
