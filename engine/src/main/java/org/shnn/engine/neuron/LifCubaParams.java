package org.shnn.engine.neuron;

import org.shnn.engine.Check;

/**
 * Parameters of the current-based leaky integrate-and-fire neuron with exponential synaptic currents
 * ({@link LifCubaModel}, {@link FixedPointLifModel}) or alpha-shaped currents ({@link LifCubaAlphaModel});
 * names and defaults are NEST's {@code iaf_psc_exp}, which equal {@code iaf_psc_alpha}'s.
 *
 * <pre>
 *   C_m dV/dt = -(C_m / tau_m) (V - E_L) + I_exc + I_inh + I_e + I_external
 *   dI_exc/dt = -I_exc / tau_syn_exc        dI_inh/dt = -I_inh / tau_syn_inh
 * </pre>
 *
 * @param cM        membrane capacitance C_m, pF (default 250)
 * @param tauM      membrane time constant tau_m, ms (default 10)
 * @param eL        resting potential E_L, mV (default -70)
 * @param vTh       spike threshold V_th, mV (default -55)
 * @param vReset    reset potential V_reset, mV (default -70); must be below {@code vTh}
 * @param tRef      absolute refractory period t_ref, ms (default 2), rounded to whole time steps
 * @param tauSynExc excitatory synaptic current time constant tau_syn_ex, ms (default 2): the decay time of an
 *                  exponential current, the time to peak of an alpha current
 * @param tauSynInh inhibitory synaptic current time constant tau_syn_in, ms (default 2), likewise
 * @param iE        constant bias current I_e, pA (default 0)
 */
public record LifCubaParams(double cM, double tauM, double eL, double vTh, double vReset, double tRef,
                            double tauSynExc, double tauSynInh, double iE)
        implements SynapticTimeConstants {

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field, its value and the bound it breaks
     */
    public LifCubaParams {
        Check.positive("cM", cM, "pF");
        Check.positive("tauM", tauM, "ms");
        Check.finite("eL", eL, "mV");
        Check.finite("vTh", vTh, "mV");
        Check.finite("vReset", vReset, "mV");
        Check.below("vReset", vReset, "vTh", vTh, "mV");
        Check.nonNegative("tRef", tRef, "ms");
        Check.positive("tauSynExc", tauSynExc, "ms");
        Check.positive("tauSynInh", tauSynInh, "ms");
        Check.finite("iE", iE, "pA");
    }

    /** PyNN's {@code IF_curr_exp}: names and defaults (PyNN units). */
    static final PyNNCell PYNN = new PyNNCell("IF_curr_exp",
            "v_rest", -65.0, "cm", 1.0, "tau_m", 20.0, "tau_refrac", 0.1, "tau_syn_E", 5.0, "tau_syn_I", 5.0,
            "i_offset", 0.0, "v_reset", -65.0, "v_thresh", -50.0);

    /**
     * The parameters of a PyNN {@code IF_curr_exp} cell (PyNN 0.10.1, {@code pyNN/standardmodels/cells.py});
     * missing names take PyNN's defaults (which differ from {@link #defaults()}, NEST's).
     * <pre>
     *   PyNN name   PyNN unit  default  engine field  engine unit
     *   cm          nF         1.0      cM            pF  (x 1000)
     *   tau_m       ms         20.0     tauM          ms
     *   v_rest      mV         -65.0    eL            mV
     *   v_thresh    mV         -50.0    vTh           mV
     *   v_reset     mV         -65.0    vReset        mV
     *   tau_refrac  ms         0.1      tRef          ms
     *   tau_syn_E   ms         5.0      tauSynExc     ms
     *   tau_syn_I   ms         5.0      tauSynInh     ms
     *   i_offset    nA         0.0      iE            pA  (x 1000)
     * </pre>
     * Weights of a PyNN projection onto this cell are nA; the engine's inputs are pA (x 1000).
     *
     * @param p PyNN name to value in PyNN units (not modified)
     * @throws IllegalArgumentException naming the parameter and listing the allowed names if a name is unknown,
     *                                  or naming the field if a converted value is invalid
     */
    public static LifCubaParams fromPyNN(java.util.Map<String, Double> p) {
        return PYNN.build(p, LifCubaParams::fromPyNNValues);
    }

    private static LifCubaParams fromPyNNValues(PyNNCell.Values v) {
        return new LifCubaParams(v.get("cm") * PyNNCell.MILLI_TO_PICO, v.get("tau_m"), v.get("v_rest"),
                v.get("v_thresh"), v.get("v_reset"), v.get("tau_refrac"), v.get("tau_syn_E"), v.get("tau_syn_I"),
                v.get("i_offset") * PyNNCell.MILLI_TO_PICO);
    }

    /** PyNN's {@code IF_curr_alpha}: names and defaults (PyNN units). */
    static final PyNNCell PYNN_ALPHA = new PyNNCell("IF_curr_alpha",
            "v_rest", -65.0, "cm", 1.0, "tau_m", 20.0, "tau_refrac", 0.1, "tau_syn_E", 0.5, "tau_syn_I", 0.5,
            "i_offset", 0.0, "v_reset", -65.0, "v_thresh", -50.0);

    /**
     * The parameters of a PyNN {@code IF_curr_alpha} cell ({@link LifCubaAlphaModel}): the names, units and
     * conversions of {@link #fromPyNN}, with PyNN's defaults for {@code IF_curr_alpha} (the same except
     * {@code tau_syn_E} = {@code tau_syn_I} = 0.5 ms, the time to peak of the alpha current). Weights of a PyNN
     * projection onto this cell are nA (the PSC peak); the engine's inputs are pA (x 1000).
     *
     * @param p PyNN name to value in PyNN units (not modified)
     * @throws IllegalArgumentException naming the parameter and listing the allowed names if a name is unknown,
     *                                  or naming the field if a converted value is invalid
     */
    public static LifCubaParams fromPyNNAlpha(java.util.Map<String, Double> p) {
        return PYNN_ALPHA.build(p, LifCubaParams::fromPyNNValues);
    }

    /** NEST {@code iaf_psc_exp} defaults (see the field list). */
    public static LifCubaParams defaults() {
        return new LifCubaParams(250.0, 10.0, -70.0, -55.0, -70.0, 2.0, 2.0, 2.0, 0.0);
    }

    /** A copy with {@code cM} (pF) replaced. */
    public LifCubaParams withCM(double v) {
        return new LifCubaParams(v, tauM, eL, vTh, vReset, tRef, tauSynExc, tauSynInh, iE);
    }

    /** A copy with {@code tauM} (ms) replaced. */
    public LifCubaParams withTauM(double v) {
        return new LifCubaParams(cM, v, eL, vTh, vReset, tRef, tauSynExc, tauSynInh, iE);
    }

    /** A copy with {@code eL} (mV) replaced. */
    public LifCubaParams withEL(double v) {
        return new LifCubaParams(cM, tauM, v, vTh, vReset, tRef, tauSynExc, tauSynInh, iE);
    }

    /** A copy with {@code vTh} (mV) replaced. */
    public LifCubaParams withVTh(double v) {
        return new LifCubaParams(cM, tauM, eL, v, vReset, tRef, tauSynExc, tauSynInh, iE);
    }

    /** A copy with {@code vReset} (mV) replaced. */
    public LifCubaParams withVReset(double v) {
        return new LifCubaParams(cM, tauM, eL, vTh, v, tRef, tauSynExc, tauSynInh, iE);
    }

    /** A copy with {@code tRef} (ms) replaced. */
    public LifCubaParams withTRef(double v) {
        return new LifCubaParams(cM, tauM, eL, vTh, vReset, v, tauSynExc, tauSynInh, iE);
    }

    /** A copy with both synaptic time constants (ms) replaced. */
    public LifCubaParams withTauSyn(double exc, double inh) {
        return new LifCubaParams(cM, tauM, eL, vTh, vReset, tRef, exc, inh, iE);
    }

    /** A copy with {@code iE} (pA) replaced. */
    public LifCubaParams withIE(double v) {
        return new LifCubaParams(cM, tauM, eL, vTh, vReset, tRef, tauSynExc, tauSynInh, v);
    }
}
