package org.shnn.engine.neuron;

import org.shnn.engine.Check;

/**
 * Parameters of the adaptive exponential integrate-and-fire neuron (Brette &amp; Gerstner 2005,
 * J. Neurophysiol. 94:3637) with exponential conductances ({@link AdExModel}) or alpha conductances
 * ({@link AdExAlphaModel}); names and {@link #defaults()} are NEST's {@code aeif_cond_exp} (equal to
 * {@code aeif_cond_alpha}'s), whose membrane and adaptation values are the paper's.
 *
 * <pre>
 *   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) - w
 *               + g_exc (E_exc - V) + g_inh (E_inh - V) + I_e + I_external
 *   tau_w dw/dt = a (V - E_L) - w
 *   at V &gt;= V_peak: V -&gt; V_reset, w -&gt; w + b, refractory for t_ref
 * </pre>
 *
 * @param cM        membrane capacitance C_m, pF (default 281)
 * @param gL        leak conductance g_L, nS (default 30)
 * @param eL        leak reversal potential E_L, mV (default -70.6)
 * @param vT        exponential threshold V_T (NEST {@code V_th}), mV (default -50.4)
 * @param deltaT    slope factor Delta_T, mV (default 2), &gt; 0
 * @param tauW      adaptation time constant tau_w, ms (default 144)
 * @param a         subthreshold adaptation a, nS (default 4)
 * @param b         spike-triggered adaptation increment b, pA (default 80.5)
 * @param vReset    reset potential V_reset, mV (default -60); must be below {@code vPeak}
 * @param vPeak     spike detection (cut-off) potential V_peak, mV (default 0); must be above {@code vT}
 * @param tRef      absolute refractory period t_ref, ms (default 0), rounded to whole time steps
 * @param eExc      excitatory reversal potential E_ex, mV (default 0)
 * @param eInh      inhibitory reversal potential E_in, mV (default -85)
 * @param tauSynExc excitatory conductance time constant, ms (default 0.2)
 * @param tauSynInh inhibitory conductance time constant, ms (default 2)
 * @param iE        constant bias current I_e, pA (default 0)
 */
public record AdExParams(double cM, double gL, double eL, double vT, double deltaT, double tauW, double a, double b,
                         double vReset, double vPeak, double tRef, double eExc, double eInh,
                         double tauSynExc, double tauSynInh, double iE)
        implements SynapticTimeConstants {

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field, its value and the bound it breaks
     */
    public AdExParams {
        Check.positive("cM", cM, "pF");
        Check.positive("gL", gL, "nS");
        Check.finite("eL", eL, "mV");
        Check.finite("vT", vT, "mV");
        Check.positive("deltaT", deltaT, "mV");
        Check.positive("tauW", tauW, "ms");
        Check.finite("a", a, "nS");
        Check.finite("b", b, "pA");
        Check.finite("vReset", vReset, "mV");
        Check.finite("vPeak", vPeak, "mV");
        Check.below("vT", vT, "vPeak", vPeak, "mV");
        Check.below("vReset", vReset, "vPeak", vPeak, "mV");
        Check.nonNegative("tRef", tRef, "ms");
        Check.finite("eExc", eExc, "mV");
        Check.finite("eInh", eInh, "mV");
        Check.positive("tauSynExc", tauSynExc, "ms");
        Check.positive("tauSynInh", tauSynInh, "ms");
        Check.finite("iE", iE, "pA");
    }

    /** PyNN's {@code EIF_cond_exp_isfa_ista}: names and defaults (PyNN units). */
    static final PyNNCell PYNN = new PyNNCell("EIF_cond_exp_isfa_ista", pynnDefaults());

    /** The names and defaults of PyNN's two AdEx cell types, which differ only in the synapse shape. */
    static Object[] pynnDefaults() {
        return new Object[] {"cm", 0.281, "tau_refrac", 0.1, "v_spike", -40.0, "v_reset", -70.6, "v_rest", -70.6,
            "tau_m", 9.3667, "i_offset", 0.0, "a", 4.0, "b", 0.0805, "delta_T", 2.0, "tau_w", 144.0,
            "v_thresh", -50.4, "e_rev_E", 0.0, "tau_syn_E", 5.0, "e_rev_I", -80.0, "tau_syn_I", 5.0};
    }

    /**
     * The parameters of a PyNN {@code EIF_cond_exp_isfa_ista} cell (PyNN 0.10.1,
     * {@code pyNN/standardmodels/cells.py}); missing names take PyNN's defaults.
     * <pre>
     *   PyNN name   PyNN unit  default  engine field  engine unit
     *   cm          nF         0.281    cM            pF  (x 1000)
     *   tau_m       ms         9.3667   gL            nS  (= 1000 cm / tau_m)
     *   v_rest      mV         -70.6    eL            mV
     *   v_thresh    mV         -50.4    vT            mV
     *   delta_T     mV         2.0      deltaT        mV
     *   tau_w       ms         144.0    tauW          ms
     *   a           nS         4.0      a             nS
     *   b           nA         0.0805   b             pA  (x 1000)
     *   v_reset     mV         -70.6    vReset        mV
     *   v_spike     mV         -40.0    vPeak         mV
     *   tau_refrac  ms         0.1      tRef          ms
     *   e_rev_E     mV         0.0      eExc          mV
     *   e_rev_I     mV         -80.0    eInh          mV
     *   tau_syn_E   ms         5.0      tauSynExc     ms
     *   tau_syn_I   ms         5.0      tauSynInh     ms
     *   i_offset    nA         0.0      iE            pA  (x 1000)
     * </pre>
     * Weights of a PyNN projection onto this cell are uS; the engine's conductance inputs are nS (x 1000).
     * {@code v_spike} is NEST's {@code V_peak} (PyNN's NEST backend maps it so).
     *
     * @param p PyNN name to value in PyNN units (not modified)
     * @throws IllegalArgumentException naming the parameter and listing the allowed names if a name is unknown,
     *                                  or naming the field if a converted value is invalid
     */
    public static AdExParams fromPyNN(java.util.Map<String, Double> p) {
        return PYNN.build(p, AdExParams::fromPyNNValues);
    }

    /** PyNN's {@code EIF_cond_alpha_isfa_ista}: names and defaults (PyNN units), those of the exponential one. */
    static final PyNNCell PYNN_ALPHA = new PyNNCell("EIF_cond_alpha_isfa_ista", pynnDefaults());

    /**
     * The parameters of a PyNN {@code EIF_cond_alpha_isfa_ista} cell ({@link AdExAlphaModel}): the names, units,
     * conversions and defaults of {@link #fromPyNN} ({@code tau_syn_E}, {@code tau_syn_I} are the times to peak
     * of the alpha conductances). Weights are uS in PyNN, nS in the engine (x 1000).
     *
     * @param p PyNN name to value in PyNN units (not modified)
     * @throws IllegalArgumentException naming the parameter and listing the allowed names if a name is unknown,
     *                                  or naming the field if a converted value is invalid
     */
    public static AdExParams fromPyNNAlpha(java.util.Map<String, Double> p) {
        return PYNN_ALPHA.build(p, AdExParams::fromPyNNValues);
    }

    /** Builds the record from PyNN values (shared with the alpha-conductance AdEx). */
    static AdExParams fromPyNNValues(PyNNCell.Values v) {
        double k = PyNNCell.MILLI_TO_PICO;
        return new AdExParams(v.get("cm") * k, v.get("cm") / v.get("tau_m") * k, v.get("v_rest"),
                v.get("v_thresh"), v.get("delta_T"), v.get("tau_w"), v.get("a"), v.get("b") * k, v.get("v_reset"),
                v.get("v_spike"), v.get("tau_refrac"), v.get("e_rev_E"), v.get("e_rev_I"), v.get("tau_syn_E"),
                v.get("tau_syn_I"), v.get("i_offset") * k);
    }

    /** NEST {@code aeif_cond_exp} defaults (Brette &amp; Gerstner 2005 membrane and adaptation). */
    public static AdExParams defaults() {
        return new AdExParams(281.0, 30.0, -70.6, -50.4, 2.0, 144.0, 4.0, 80.5, -60.0, 0.0, 0.0,
                0.0, -85.0, 0.2, 2.0, 0.0);
    }

    /** A copy with the adaptation parameters {@code a} (nS) and {@code b} (pA) replaced. */
    public AdExParams withAdaptation(double a, double b) {
        return new AdExParams(cM, gL, eL, vT, deltaT, tauW, a, b, vReset, vPeak, tRef, eExc, eInh, tauSynExc, tauSynInh, iE);
    }

    /** A copy with {@code iE} (pA) replaced. */
    public AdExParams withIE(double v) {
        return new AdExParams(cM, gL, eL, vT, deltaT, tauW, a, b, vReset, vPeak, tRef, eExc, eInh, tauSynExc, tauSynInh, v);
    }

    /** A copy with {@code tRef} (ms) replaced. */
    public AdExParams withTRef(double v) {
        return new AdExParams(cM, gL, eL, vT, deltaT, tauW, a, b, vReset, vPeak, v, eExc, eInh, tauSynExc, tauSynInh, iE);
    }

    /** A copy with both conductance time constants (ms) replaced. */
    public AdExParams withTauSyn(double exc, double inh) {
        return new AdExParams(cM, gL, eL, vT, deltaT, tauW, a, b, vReset, vPeak, tRef, eExc, eInh, exc, inh, iE);
    }

    /** A copy with {@code vPeak} (mV) replaced. */
    public AdExParams withVPeak(double v) {
        return new AdExParams(cM, gL, eL, vT, deltaT, tauW, a, b, vReset, v, tRef, eExc, eInh, tauSynExc, tauSynInh, iE);
    }
}
