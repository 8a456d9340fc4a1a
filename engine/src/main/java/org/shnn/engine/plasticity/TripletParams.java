package org.shnn.engine.plasticity;

import java.util.Objects;
import org.shnn.engine.Check;
import org.shnn.engine.spec.SynapseSpec;
import org.shnn.engine.spec.TripletPreset;

/**
 * Parameters of triplet STDP (Pfister & Gerstner, "Triplets of spikes in a model of spike timing-dependent
 * plasticity", J. Neurosci. 26(38), 2006): all-to-all or nearest-spike interaction, additive (hard bounds) or
 * multiplicative (soft bounds) weight dependence. The fitted sets of the paper's Table 4 are
 * {@link TripletPreset}s ({@link #of}).
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
 * @param nearestSpike nearest-spike interaction: each trace jumps to 1 at its neuron's spike (all-to-all: by 1)
 * @param dependence additive: amplitudes in weight units; multiplicative: potentiation scaled by
 *                   {@code wMax - w}, depression by {@code w - wMin}
 */
public record TripletParams(double a2Plus, double a3Plus, double a2Minus, double a3Minus, double tauPlusMs,
                            double tauMinusMs, double tauXMs, double tauYMs, double wMin, double wMax,
                            boolean nearestSpike, WeightDependence dependence) {

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
        Objects.requireNonNull(dependence, "dependence");
    }

    /** All-to-all and additive. */
    public TripletParams(double a2Plus, double a3Plus, double a2Minus, double a3Minus, double tauPlusMs,
                         double tauMinusMs, double tauXMs, double tauYMs, double wMin, double wMax) {
        this(a2Plus, a3Plus, a2Minus, a3Minus, tauPlusMs, tauMinusMs, tauXMs, tauYMs, wMin, wMax, false,
                WeightDependence.ADDITIVE);
    }

    /**
     * A preset of Pfister & Gerstner's Table 4 with its interaction, its amplitudes as they are (the paper's
     * relative weight change: additive amplitudes in weight units, multiplicative ones as factors).
     */
    public static TripletParams of(TripletPreset preset, double wMin, double wMax, WeightDependence dependence) {
        SynapseSpec.Triplet t = preset.rule();
        return new TripletParams(t.a2Plus(), t.a3Plus(), t.a2Minus(), t.a3Minus(), t.tauPlus(), t.tauMinus(), t.tauX(),
                t.tauY(), wMin, wMax, t.nearestSpike(), dependence);
    }

    /** The minimal all-to-all visual-cortex model ({@link TripletPreset#VISUAL_CORTEX_ALL_TO_ALL_MINIMAL}), additive. */
    public static TripletParams visualCortexMinimal(double wMin, double wMax) {
        return of(TripletPreset.VISUAL_CORTEX_ALL_TO_ALL_MINIMAL, wMin, wMax, WeightDependence.ADDITIVE);
    }
}
