package org.shnn.engine.spec;

import java.util.Arrays;
import java.util.Locale;

/**
 * The eight fitted parameter sets of triplet STDP in Pfister &amp; Gerstner, "Triplets of spikes in a model of
 * spike timing-dependent plasticity", J. Neurosci. 26(38):9673-9682, 2006, <b>Table 4</b>: two data sets
 * (visual cortex slices, Sjöström et al. 2001; hippocampal cultures, Wang et al. 2005), two spike interactions
 * (all-to-all; nearest-spike, where each trace jumps to 1 instead of by 1) and two models (full; minimal, with
 * {@code A3- = 0}). The pair time constants are the same for all eight: {@code tau+ = 16.8 ms},
 * {@code tau- = 33.7 ms} (Bi and Poo 1998, as in the paper).
 *
 * <pre>
 *   preset                              A2+       A3+      A2-      A3-      tau_x   tau_y
 *   visual_cortex_all_to_all_minimal    0         6.5e-3   7.1e-3   0        (101)   114
 *   visual_cortex_all_to_all_full       5e-10     6.2e-3   7e-3     2.3e-4   101     125
 *   visual_cortex_nearest_minimal       0         5e-2     8e-3     0        (714)   40
 *   visual_cortex_nearest_full          8.8e-11   5.3e-2   6.6e-3   3.1e-3   714     40
 *   hippocampal_all_to_all_minimal      5.3e-3    8e-3     3.5e-3   0        (946)   40
 *   hippocampal_all_to_all_full         6.1e-3    6.7e-3   1.6e-3   1.4e-3   946     27
 *   hippocampal_nearest_minimal         4.6e-3    9.1e-3   3e-3     0        (575)   48
 *   hippocampal_nearest_full            4.6e-3    9.1e-3   3e-3     7.5e-9   575     47
 * </pre>
 * The minimal models have no {@code tau_x} in the table (with {@code A3- = 0} the slow pre-synaptic trace acts
 * on nothing); the full model's value stands in, in parentheses, so that every preset is a valid rule.
 * Amplitudes are dimensionless: the paper's weight change is relative, {@code Delta w / w}; the description
 * scales them as it scales every STDP amplitude ({@link SynapseSpec.Stdp}: by {@code w_max} when additive).
 *
 * <p>Source: the paper's Table 4. Two rows are also found in other simulators' code: the visual-cortex
 * all-to-all full row is the parameter set of the NEST triplet examples (zifeo/nest-stdpmodule,
 * {@code examples/PfisterGerstnerPairing.py}; NESTML's {@code stdp_triplet} has its time constants 16.8, 33.7,
 * 101 and 125 ms), and the visual-cortex all-to-all minimal row's {@code A3+ = 6.5e-3} and
 * {@code tau_y = 114 ms} are Auryn's {@code TripletConnection} (fzenke/auryn, {@code src/auryn/TripletConnection.cpp},
 * the minimal rule of Zenke et al. 2013). The other rows are as the table gives them and were not cross-checked
 * against a second public source: a search of NEST's and Brian2's documentation and examples (and NESTML's model
 * library) found none of them. NESTML's {@code stdp_triplet_nn} defaults ({@code doc/models_library/stdp_triplet_nn.rst}:
 * {@code A2_plus = 7.5e-10}, {@code A3_plus = 0.0093}, {@code A2_minus = 0.007}, {@code A3_minus = 0.00023},
 * {@code tau_x} 101 ms, {@code tau_y} 125 ms) share the visual-cortex all-to-all full row's time constants and
 * depression amplitudes but not its potentiation amplitudes, so they confirm only those four numbers; NEST's
 * {@code stdp_triplet_synapse} documentation names the paper's parameters but gives no fitted values.
 * {@code TripletPresetTest} pins every value.
 *
 * <p>Immutable; thread-safe.
 */
public enum TripletPreset {
    /** Visual cortex, all-to-all, minimal. */
    VISUAL_CORTEX_ALL_TO_ALL_MINIMAL(false, 101, 114, 0, 6.5e-3, 7.1e-3, 0),
    /** Visual cortex, all-to-all, full. */
    VISUAL_CORTEX_ALL_TO_ALL_FULL(false, 101, 125, 5e-10, 6.2e-3, 7e-3, 2.3e-4),
    /** Visual cortex, nearest-spike, minimal. */
    VISUAL_CORTEX_NEAREST_MINIMAL(true, 714, 40, 0, 5e-2, 8e-3, 0),
    /** Visual cortex, nearest-spike, full. */
    VISUAL_CORTEX_NEAREST_FULL(true, 714, 40, 8.8e-11, 5.3e-2, 6.6e-3, 3.1e-3),
    /** Hippocampal cultures, all-to-all, minimal. */
    HIPPOCAMPAL_ALL_TO_ALL_MINIMAL(false, 946, 40, 5.3e-3, 8e-3, 3.5e-3, 0),
    /** Hippocampal cultures, all-to-all, full. */
    HIPPOCAMPAL_ALL_TO_ALL_FULL(false, 946, 27, 6.1e-3, 6.7e-3, 1.6e-3, 1.4e-3),
    /** Hippocampal cultures, nearest-spike, minimal. */
    HIPPOCAMPAL_NEAREST_MINIMAL(true, 575, 48, 4.6e-3, 9.1e-3, 3e-3, 0),
    /** Hippocampal cultures, nearest-spike, full. */
    HIPPOCAMPAL_NEAREST_FULL(true, 575, 47, 4.6e-3, 9.1e-3, 3e-3, 7.5e-9);

    /** tau+ of every preset, ms. */
    public static final double TAU_PLUS = 16.8;
    /** tau- of every preset, ms. */
    public static final double TAU_MINUS = 33.7;

    private final boolean nearestSpike;
    private final double tauX;
    private final double tauY;
    private final double a2Plus;
    private final double a3Plus;
    private final double a2Minus;
    private final double a3Minus;

    TripletPreset(boolean nearestSpike, double tauX, double tauY, double a2Plus, double a3Plus, double a2Minus,
            double a3Minus) {
        this.nearestSpike = nearestSpike;
        this.tauX = tauX;
        this.tauY = tauY;
        this.a2Plus = a2Plus;
        this.a3Plus = a3Plus;
        this.a2Minus = a2Minus;
        this.a3Minus = a3Minus;
    }

    /** The preset's timing rule. */
    public SynapseSpec.Triplet rule() {
        return new SynapseSpec.Triplet(TAU_PLUS, TAU_MINUS, tauX, tauY, a2Plus, a3Plus, a2Minus, a3Minus, nearestSpike);
    }

    /** The name a network file uses, e.g. {@code visual_cortex_all_to_all_minimal}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The preset a network file names.
     *
     * @throws SpecException naming {@code element} and {@code field} and listing the names if there is none
     */
    public static TripletPreset byFileName(String element, String field, String name) {
        for (TripletPreset p : values()) {
            if (p.fileName().equals(name)) {
                return p;
            }
        }
        throw new SpecException(element, field, "expected one of " + Arrays.stream(values()).map(TripletPreset::fileName)
                .toList() + " (Pfister & Gerstner 2006, Table 4) but found '" + name + "'");
    }
}
