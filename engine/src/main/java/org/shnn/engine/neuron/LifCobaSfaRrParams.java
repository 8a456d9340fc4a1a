package org.shnn.engine.neuron;

import org.shnn.engine.Check;

/**
 * Parameters of the conductance-based LIF neuron with spike-frequency adaptation and relative refractoriness
 * ({@link LifCobaSfaRrModel}; Muller et al. 2007, Neural Comput. 19:2958); names and {@link #defaults()} are
 * NEST's {@code iaf_cond_exp_sfa_rr}.
 *
 * <pre>
 *   C_m dV/dt = g_L (E_L - V) + g_exc (E_exc - V) + g_inh (E_inh - V) + g_sfa (E_sfa - V) + g_rr (E_rr - V)
 *               + I_e + I_external
 *   dg_x/dt = -g_x / tau_x          for x = exc, inh, sfa, rr
 *   at V &gt;= V_th: V -&gt; V_reset, g_sfa -&gt; g_sfa + q_sfa, g_rr -&gt; g_rr + q_rr, refractory for t_ref
 * </pre>
 *
 * @param cM        membrane capacitance C_m, pF (default 289.5)
 * @param gL        leak conductance g_L, nS (default 28.95)
 * @param eL        leak reversal potential E_L, mV (default -70)
 * @param vTh       spike threshold V_th, mV (default -57)
 * @param vReset    reset potential V_reset, mV (default -70); must be below {@code vTh}
 * @param tRef      absolute refractory period t_ref, ms (default 0.5), rounded to whole time steps
 * @param eExc      excitatory reversal potential E_ex, mV (default 0)
 * @param eInh      inhibitory reversal potential E_in, mV (default -75)
 * @param tauSynExc excitatory conductance time constant, ms (default 1.5)
 * @param tauSynInh inhibitory conductance time constant, ms (default 10)
 * @param iE        constant bias current I_e, pA (default 0)
 * @param tauSfa    adaptation conductance time constant tau_sfa, ms (default 110)
 * @param eSfa      adaptation reversal potential E_sfa, mV (default -70)
 * @param qSfa      adaptation conductance increment per spike q_sfa, nS (default 14.48), &gt;= 0
 * @param tauRr     relative refractory conductance time constant tau_rr, ms (default 1.97)
 * @param eRr       relative refractory reversal potential E_rr, mV (default -70)
 * @param qRr       relative refractory conductance increment per spike q_rr, nS (default 3214), &gt;= 0
 */
public record LifCobaSfaRrParams(double cM, double gL, double eL, double vTh, double vReset, double tRef,
                                 double eExc, double eInh, double tauSynExc, double tauSynInh, double iE,
                                 double tauSfa, double eSfa, double qSfa, double tauRr, double eRr, double qRr)
        implements SynapticTimeConstants {

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field, its value and the bound it breaks
     */
    public LifCobaSfaRrParams {
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
        Check.positive("tauSfa", tauSfa, "ms");
        Check.finite("eSfa", eSfa, "mV");
        Check.nonNegative("qSfa", qSfa, "nS");
        Check.positive("tauRr", tauRr, "ms");
        Check.finite("eRr", eRr, "mV");
        Check.nonNegative("qRr", qRr, "nS");
    }

    /** PyNN's {@code IF_cond_exp_gsfa_grr}: names and defaults (PyNN units). */
    static final PyNNCell PYNN = new PyNNCell("IF_cond_exp_gsfa_grr",
            "v_rest", -65.0, "cm", 1.0, "tau_m", 20.0, "tau_refrac", 0.1, "tau_syn_E", 5.0, "tau_syn_I", 5.0,
            "e_rev_E", 0.0, "e_rev_I", -70.0, "v_thresh", -50.0, "v_reset", -65.0, "i_offset", 0.0,
            "tau_sfa", 100.0, "e_rev_sfa", -75.0, "q_sfa", 15.0, "tau_rr", 2.0, "e_rev_rr", -75.0, "q_rr", 3000.0);

    /**
     * The parameters of a PyNN {@code IF_cond_exp_gsfa_grr} cell (PyNN 0.10.1, {@code pyNN/standardmodels/cells.py});
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
     *   tau_sfa     ms         100.0    tauSfa        ms
     *   e_rev_sfa   mV         -75.0    eSfa          mV
     *   q_sfa       nS         15.0     qSfa          nS  (PyNN declares nS here, not uS)
     *   tau_rr      ms         2.0      tauRr         ms
     *   e_rev_rr    mV         -75.0    eRr           mV
     *   q_rr        nS         3000.0   qRr           nS
     * </pre>
     * Weights of a PyNN projection onto this cell are uS; the engine's conductance inputs are nS (x 1000).
     *
     * @param p PyNN name to value in PyNN units (not modified)
     * @throws IllegalArgumentException naming the parameter and listing the allowed names if a name is unknown,
     *                                  or naming the field if a converted value is invalid
     */
    public static LifCobaSfaRrParams fromPyNN(java.util.Map<String, Double> p) {
        double k = PyNNCell.MILLI_TO_PICO;
        return PYNN.build(p, v -> new LifCobaSfaRrParams(v.get("cm") * k, v.get("cm") / v.get("tau_m") * k,
                v.get("v_rest"), v.get("v_thresh"), v.get("v_reset"), v.get("tau_refrac"), v.get("e_rev_E"),
                v.get("e_rev_I"), v.get("tau_syn_E"), v.get("tau_syn_I"), v.get("i_offset") * k, v.get("tau_sfa"),
                v.get("e_rev_sfa"), v.get("q_sfa"), v.get("tau_rr"), v.get("e_rev_rr"), v.get("q_rr")));
    }

    /** NEST {@code iaf_cond_exp_sfa_rr} defaults (see the field list). */
    public static LifCobaSfaRrParams defaults() {
        return new LifCobaSfaRrParams(289.5, 28.95, -70.0, -57.0, -70.0, 0.5, 0.0, -75.0, 1.5, 10.0, 0.0,
                110.0, -70.0, 14.48, 1.97, -70.0, 3214.0);
    }

    /** A copy with {@code iE} (pA) replaced. */
    public LifCobaSfaRrParams withIE(double v) {
        return new LifCobaSfaRrParams(cM, gL, eL, vTh, vReset, tRef, eExc, eInh, tauSynExc, tauSynInh, v,
                tauSfa, eSfa, qSfa, tauRr, eRr, qRr);
    }

    /** A copy with {@code tRef} (ms) replaced. */
    public LifCobaSfaRrParams withTRef(double v) {
        return new LifCobaSfaRrParams(cM, gL, eL, vTh, vReset, v, eExc, eInh, tauSynExc, tauSynInh, iE,
                tauSfa, eSfa, qSfa, tauRr, eRr, qRr);
    }

    /** A copy with the adaptation and relative refractory increments (nS) replaced. */
    public LifCobaSfaRrParams withIncrements(double qSfa, double qRr) {
        return new LifCobaSfaRrParams(cM, gL, eL, vTh, vReset, tRef, eExc, eInh, tauSynExc, tauSynInh, iE,
                tauSfa, eSfa, qSfa, tauRr, eRr, qRr);
    }
}
