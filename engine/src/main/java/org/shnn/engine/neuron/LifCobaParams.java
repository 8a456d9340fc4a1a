package org.shnn.engine.neuron;

import org.shnn.engine.Check;

/**
 * Parameters of the conductance-based leaky integrate-and-fire neuron with exponential conductances
 * ({@link LifCobaModel}) or alpha-shaped conductances ({@link LifCobaAlphaModel}); names follow NEST's
 * {@code iaf_cond_exp}, whose values (equal to {@code iaf_cond_alpha}'s) are the {@link #defaults()}.
 *
 * <pre>
 *   C_m dV/dt = g_L (E_L - V) + g_exc (E_exc - V) + g_inh (E_inh - V) + I_e + I_external
 *   dg_exc/dt = -g_exc / tau_syn_exc        dg_inh/dt = -g_inh / tau_syn_inh
 * </pre>
 *
 * @param cM        membrane capacitance C_m, pF (default 250)
 * @param gL        leak conductance g_L, nS (default 16.6667, i.e. tau_m = 15 ms)
 * @param eL        leak reversal (resting) potential E_L, mV (default -70)
 * @param vTh       spike threshold V_th, mV (default -55)
 * @param vReset    reset potential V_reset, mV (default -60); must be below {@code vTh}
 * @param tRef      absolute refractory period t_ref, ms (default 2), rounded to whole time steps
 * @param eExc      excitatory reversal potential E_ex, mV (default 0)
 * @param eInh      inhibitory reversal potential E_in, mV (default -85)
 * @param tauSynExc excitatory conductance time constant tau_syn_ex, ms (default 0.2): the decay time of an
 *                  exponential conductance, the time to peak of an alpha conductance
 * @param tauSynInh inhibitory conductance time constant tau_syn_in, ms (default 2)
 * @param iE        constant bias current I_e, pA (default 0)
 */
public record LifCobaParams(double cM, double gL, double eL, double vTh, double vReset, double tRef,
                            double eExc, double eInh, double tauSynExc, double tauSynInh, double iE)
        implements SynapticTimeConstants {

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field, its value and the bound it breaks
     */
    public LifCobaParams {
        Check.positive("cM", cM, "pF");
        Check.positive("gL", gL, "nS");
        Check.finite("eL", eL, "mV");
        Check.finite("vTh", vTh, "mV");
        Check.finite("vReset", vReset, "mV");
        Check.below("vReset", vReset, "vTh", vTh, "mV");
        Check.nonNegative("tRef", tRef, "ms");
        Check.finite("eExc", eExc, "mV");
        Check.finite("eInh", eInh, "mV");
        Check.positive("tauSynExc", tauSynExc, "ms");
        Check.positive("tauSynInh", tauSynInh, "ms");
        Check.finite("iE", iE, "pA");
    }

    /** PyNN's {@code IF_cond_exp}: names and defaults (PyNN units). */
    static final PyNNCell PYNN = new PyNNCell("IF_cond_exp",
            "v_rest", -65.0, "cm", 1.0, "tau_m", 20.0, "tau_refrac", 0.1, "tau_syn_E", 5.0, "tau_syn_I", 5.0,
            "e_rev_E", 0.0, "e_rev_I", -70.0, "v_thresh", -50.0, "v_reset", -65.0, "i_offset", 0.0);

    /**
     * The parameters of a PyNN {@code IF_cond_exp} cell (PyNN 0.10.1, {@code pyNN/standardmodels/cells.py});
     * missing names take PyNN's defaults (which differ from {@link #defaults()}, NEST's).
     * <pre>
     *   PyNN name   PyNN unit  default  engine field  engine unit
     *   cm          nF         1.0      cM            pF  (x 1000)
     *   tau_m       ms         20.0     gL            nS  (= 1000 cm / tau_m)
     *   v_rest      mV         -65.0    eL            mV
     *   v_thresh    mV         -50.0    vTh           mV
     *   v_reset     mV         -65.0    vReset        mV
     *   tau_refrac  ms         0.1      tRef          ms
     *   e_rev_E     mV         0.0      eExc          mV
     *   e_rev_I     mV         -70.0    eInh          mV
     *   tau_syn_E   ms         5.0      tauSynExc     ms
     *   tau_syn_I   ms         5.0      tauSynInh     ms
     *   i_offset    nA         0.0      iE            pA  (x 1000)
     * </pre>
     * Weights of a PyNN projection onto this cell are uS; the engine's conductance inputs are nS (x 1000).
     *
     * @param p PyNN name to value in PyNN units (not modified)
     * @throws IllegalArgumentException naming the parameter and listing the allowed names if a name is unknown,
     *                                  or naming the field if a converted value is invalid
     */
    public static LifCobaParams fromPyNN(java.util.Map<String, Double> p) {
        return PYNN.build(p, LifCobaParams::fromPyNNValues);
    }

    private static LifCobaParams fromPyNNValues(PyNNCell.Values v) {
        return new LifCobaParams(v.get("cm") * PyNNCell.MILLI_TO_PICO,
                v.get("cm") / v.get("tau_m") * PyNNCell.MILLI_TO_PICO, v.get("v_rest"), v.get("v_thresh"),
                v.get("v_reset"), v.get("tau_refrac"), v.get("e_rev_E"), v.get("e_rev_I"), v.get("tau_syn_E"),
                v.get("tau_syn_I"), v.get("i_offset") * PyNNCell.MILLI_TO_PICO);
    }

    /** PyNN's {@code IF_cond_alpha}: names and defaults (PyNN units). */
    static final PyNNCell PYNN_ALPHA = new PyNNCell("IF_cond_alpha",
            "v_rest", -65.0, "cm", 1.0, "tau_m", 20.0, "tau_refrac", 0.1, "tau_syn_E", 0.3, "tau_syn_I", 0.5,
            "e_rev_E", 0.0, "e_rev_I", -70.0, "v_thresh", -50.0, "v_reset", -65.0, "i_offset", 0.0);

    /**
     * The parameters of a PyNN {@code IF_cond_alpha} cell ({@link LifCobaAlphaModel}): the names, units and
     * conversions of {@link #fromPyNN}, with PyNN's defaults for {@code IF_cond_alpha} (the same except
     * {@code tau_syn_E} = 0.3 ms and {@code tau_syn_I} = 0.5 ms, the times to peak of the alpha conductances).
     * Weights of a PyNN projection onto this cell are uS (the conductance peak); the engine's inputs are nS (x 1000).
     *
     * @param p PyNN name to value in PyNN units (not modified)
     * @throws IllegalArgumentException naming the parameter and listing the allowed names if a name is unknown,
     *                                  or naming the field if a converted value is invalid
     */
    public static LifCobaParams fromPyNNAlpha(java.util.Map<String, Double> p) {
        return PYNN_ALPHA.build(p, LifCobaParams::fromPyNNValues);
    }

    /** NEST {@code iaf_cond_exp} defaults (see the field list). */
    public static LifCobaParams defaults() {
        return new LifCobaParams(250.0, 16.6667, -70.0, -55.0, -60.0, 2.0, 0.0, -85.0, 0.2, 2.0, 0.0);
    }

    /**
     * The neuron of Brian2's COBA example (Vogels &amp; Abbott 2005; Brette et al. 2007 benchmark 1):
     * C_m 200 pF, g_L 10 nS (tau_m 20 ms), E_L -60 mV, V_th -50 mV, V_reset -60 mV, t_ref 5 ms,
     * E_exc 0 mV, E_inh -80 mV, tau_exc 5 ms, tau_inh 10 ms, I_e 0.
     */
    public static LifCobaParams brian2Coba() {
        return new LifCobaParams(200.0, 10.0, -60.0, -50.0, -60.0, 5.0, 0.0, -80.0, 5.0, 10.0, 0.0);
    }

    /** Membrane time constant C_m / g_L, ms. */
    public double tauM() {
        return cM / gL;
    }

    /** A copy with {@code tRef} (ms) replaced. */
    public LifCobaParams withTRef(double v) {
        return new LifCobaParams(cM, gL, eL, vTh, vReset, v, eExc, eInh, tauSynExc, tauSynInh, iE);
    }

    /** A copy with {@code iE} (pA) replaced. */
    public LifCobaParams withIE(double v) {
        return new LifCobaParams(cM, gL, eL, vTh, vReset, tRef, eExc, eInh, tauSynExc, tauSynInh, v);
    }

    /** A copy with both conductance time constants (ms) replaced. */
    public LifCobaParams withTauSyn(double exc, double inh) {
        return new LifCobaParams(cM, gL, eL, vTh, vReset, tRef, eExc, eInh, exc, inh, iE);
    }

    /** A copy with the threshold and reset (mV) replaced. */
    public LifCobaParams withThreshold(double vTh, double vReset) {
        return new LifCobaParams(cM, gL, eL, vTh, vReset, tRef, eExc, eInh, tauSynExc, tauSynInh, iE);
    }
}
