package org.shnn.engine.neuron;

import org.shnn.engine.Check;

/**
 * Parameters of the leaky integrate-and-fire neuron with delta synapses ({@link LifDeltaModel}); names and
 * {@link #defaults()} are NEST's {@code iaf_psc_delta}.
 *
 * <pre>
 *   C_m dV/dt = -(C_m / tau_m) (V - E_L) + I_e + I_external + C_m sum_k J_k delta(t - t_k)
 * </pre>
 * An input spike of weight {@code J_k} (mV) makes {@code V} jump by {@code J_k}.
 *
 * @param cM     membrane capacitance C_m, pF (default 250); converts currents to voltage only
 * @param tauM   membrane time constant tau_m, ms (default 10)
 * @param eL     resting potential E_L, mV (default -70)
 * @param vTh    spike threshold V_th, mV (default -55)
 * @param vReset reset potential V_reset, mV (default -70); must be below {@code vTh}
 * @param tRef   absolute refractory period t_ref, ms (default 2), rounded to whole time steps
 * @param iE     constant bias current I_e, pA (default 0)
 */
public record LifDeltaParams(double cM, double tauM, double eL, double vTh, double vReset, double tRef, double iE) {

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field, its value and the bound it breaks
     */
    public LifDeltaParams {
        Check.positive("cM", cM, "pF");
        Check.positive("tauM", tauM, "ms");
        Check.finite("eL", eL, "mV");
        Check.finite("vTh", vTh, "mV");
        Check.finite("vReset", vReset, "mV");
        Check.below("vReset", vReset, "vTh", vTh, "mV");
        Check.nonNegative("tRef", tRef, "ms");
        Check.finite("iE", iE, "pA");
    }

    /** PyNN's {@code IF_curr_delta}: names and defaults (PyNN units). */
    static final PyNNCell PYNN = new PyNNCell("IF_curr_delta",
            "v_rest", -65.0, "cm", 1.0, "tau_m", 20.0, "tau_refrac", 0.1, "i_offset", 0.0, "v_reset", -65.0,
            "v_thresh", -50.0);

    /**
     * The parameters of a PyNN {@code IF_curr_delta} cell (PyNN 0.10.1, {@code pyNN/standardmodels/cells.py});
     * missing names take PyNN's defaults (which differ from {@link #defaults()}, NEST's).
     * <pre>
     *   PyNN name   PyNN unit  default  engine field  engine unit
     *   cm          nF         1.0      cM            pF  (x 1000)
     *   tau_m       ms         20.0     tauM          ms
     *   v_rest      mV         -65.0    eL            mV
     *   v_thresh    mV         -50.0    vTh           mV
     *   v_reset     mV         -65.0    vReset        mV
     *   tau_refrac  ms         0.1      tRef          ms
     *   i_offset    nA         0.0      iE            pA  (x 1000)
     * </pre>
     * Weights of a PyNN projection onto this cell are voltage jumps in mV, as the engine's inputs.
     *
     * @param p PyNN name to value in PyNN units (not modified)
     * @throws IllegalArgumentException naming the parameter and listing the allowed names if a name is unknown,
     *                                  or naming the field if a converted value is invalid
     */
    public static LifDeltaParams fromPyNN(java.util.Map<String, Double> p) {
        return PYNN.build(p, v -> new LifDeltaParams(v.get("cm") * PyNNCell.MILLI_TO_PICO, v.get("tau_m"),
                v.get("v_rest"), v.get("v_thresh"), v.get("v_reset"), v.get("tau_refrac"),
                v.get("i_offset") * PyNNCell.MILLI_TO_PICO));
    }

    /** NEST {@code iaf_psc_delta} defaults (see the field list). */
    public static LifDeltaParams defaults() {
        return new LifDeltaParams(250.0, 10.0, -70.0, -55.0, -70.0, 2.0, 0.0);
    }

    /**
     * The neuron of Brunel's (2000) model A: tau_m 20 ms, E_L 0, theta 20 mV, V_r 10 mV, t_ref 2 ms, no bias
     * current (C_m 250 pF only matters for injected currents).
     */
    public static LifDeltaParams brunel2000() {
        return new LifDeltaParams(250.0, 20.0, 0.0, 20.0, 10.0, 2.0, 0.0);
    }

    /** A copy with {@code tauM} (ms) replaced. */
    public LifDeltaParams withTauM(double v) {
        return new LifDeltaParams(cM, v, eL, vTh, vReset, tRef, iE);
    }

    /** A copy with {@code tRef} (ms) replaced. */
    public LifDeltaParams withTRef(double v) {
        return new LifDeltaParams(cM, tauM, eL, vTh, vReset, v, iE);
    }

    /** A copy with {@code iE} (pA) replaced. */
    public LifDeltaParams withIE(double v) {
        return new LifDeltaParams(cM, tauM, eL, vTh, vReset, tRef, v);
    }
}
