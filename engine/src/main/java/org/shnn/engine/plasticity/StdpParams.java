package org.shnn.engine.plasticity;

import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Parameters of pair-based STDP: the window {@code Delta w = A+ exp(-Delta t / tau+)} for
 * {@code Delta t = t_post - t_pre > 0} and {@code Delta w = -A- exp(Delta t / tau-)} for {@code Delta t < 0},
 * applied with a {@link WeightDependence} and clipped to {@code [wMin, wMax]}.
 *
 * @param aPlus      potentiation amplitude (weight units; dimensionless factor when multiplicative), {@code >= 0}
 * @param aMinus     depression amplitude, {@code >= 0}
 * @param tauPlusMs  potentiation time constant, ms, {@code > 0}
 * @param tauMinusMs depression time constant, ms, {@code > 0}
 * @param wMin       lower weight bound (weight units)
 * @param wMax       upper weight bound, {@code > wMin}
 * @param dependence additive or multiplicative
 */
public record StdpParams(double aPlus, double aMinus, double tauPlusMs, double tauMinusMs, double wMin, double wMax,
                         WeightDependence dependence) {

    /** Validates; throws {@link IllegalArgumentException} naming the field, value and bound. */
    public StdpParams {
        Check.nonNegative("aPlus", aPlus);
        Check.nonNegative("aMinus", aMinus);
        Check.positive("tauPlusMs", tauPlusMs);
        Check.positive("tauMinusMs", tauMinusMs);
        Check.interval("weight bounds", wMin, "wMin", wMax, "wMax");
        Objects.requireNonNull(dependence, "dependence");
    }

    /** The original framework's defaults: A+ 0.005, A- 0.00525, tau+ = tau- = 20 ms, w in [0, 1], additive. */
    public static StdpParams defaults() {
        return new StdpParams(0.005, 0.00525, 20, 20, 0, 1, WeightDependence.ADDITIVE);
    }

    /** A copy with another weight dependence. */
    public StdpParams with(WeightDependence d) {
        return new StdpParams(aPlus, aMinus, tauPlusMs, tauMinusMs, wMin, wMax, d);
    }

    /** A copy with other weight bounds. */
    public StdpParams withBounds(double min, double max) {
        return new StdpParams(aPlus, aMinus, tauPlusMs, tauMinusMs, min, max, dependence);
    }
}
