package org.shnn.engine.plasticity;

import org.shnn.engine.Check;

/**
 * Parameters of triplet STDP (Pfister & Gerstner, "Triplets of spikes in a model of spike timing-dependent
 * plasticity", J. Neurosci. 26(38), 2006), additive with hard bounds.
 *
 * @param a2Plus     pair potentiation amplitude, {@code >= 0}
 * @param a3Plus     triplet potentiation amplitude, {@code >= 0}
 * @param a2Minus    pair depression amplitude, {@code >= 0}
 * @param a3Minus    triplet depression amplitude, {@code >= 0} (0 in the minimal model)
 * @param tauPlusMs  fast pre-synaptic trace r1, ms
 * @param tauMinusMs fast post-synaptic trace o1, ms
 * @param tauXMs     slow pre-synaptic trace r2, ms
 * @param tauYMs     slow post-synaptic trace o2, ms
 * @param wMin       lower weight bound
 * @param wMax       upper weight bound, {@code > wMin}
 */
public record TripletParams(double a2Plus, double a3Plus, double a2Minus, double a3Minus, double tauPlusMs,
                            double tauMinusMs, double tauXMs, double tauYMs, double wMin, double wMax) {

    /** Validates; throws {@link IllegalArgumentException} naming the field, value and bound. */
    public TripletParams {
        Check.nonNegative("a2Plus", a2Plus);
        Check.nonNegative("a3Plus", a3Plus);
        Check.nonNegative("a2Minus", a2Minus);
        Check.nonNegative("a3Minus", a3Minus);
        Check.positive("tauPlusMs", tauPlusMs);
        Check.positive("tauMinusMs", tauMinusMs);
        Check.positive("tauXMs", tauXMs);
        Check.positive("tauYMs", tauYMs);
        Check.interval("weight bounds", wMin, "wMin", wMax, "wMax");
    }

    /**
     * The minimal all-to-all model fitted to the visual-cortex data of Sjöström et al. (2001), Pfister &
     * Gerstner 2006, Table 4: A2+ = 5e-10, A3+ = 6.2e-3, A2- = 7e-3, A3- = 0, tau+ = 16.8 ms, tau- = 33.7 ms,
     * tau_y = 125 ms (tau_x = 101 ms is the full model's and unused when A3- = 0); weights in
     * {@code [wMin, wMax]}.
     */
    public static TripletParams visualCortexMinimal(double wMin, double wMax) {
        return new TripletParams(5e-10, 6.2e-3, 7e-3, 0, 16.8, 33.7, 101, 125, wMin, wMax);
    }
}
