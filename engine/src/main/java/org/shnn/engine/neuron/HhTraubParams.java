package org.shnn.engine.neuron;

import org.shnn.engine.Check;

/**
 * Parameters of the Hodgkin-Huxley neuron of Traub &amp; Miles (1991) with exponential conductances
 * ({@link HhTraubModel}); names and {@link #defaults()} are NEST's {@code hh_cond_exp_traub} (the neuron of
 * Brette et al. 2007, benchmark 3, "COBAHH").
 *
 * <pre>
 *   C_m dV/dt = g_L (E_L - V) - g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) + g_exc (E_exc - V) + g_inh (E_inh - V)
 *               + I_e + I_external
 *   dx/dt = alpha_x(u) (1 - x) - beta_x(u) x   for x = m, h, n;   u = V - V_T, rates in 1/ms, u in mV:
 *   alpha_m = 0.32 (13 - u) / (exp((13 - u) / 4) - 1)     beta_m = 0.28 (u - 40) / (exp((u - 40) / 5) - 1)
 *   alpha_h = 0.128 exp((17 - u) / 18)                    beta_h = 4 / (1 + exp((40 - u) / 5))
 *   alpha_n = 0.032 (15 - u) / (exp((15 - u) / 5) - 1)    beta_n = 0.5 exp((10 - u) / 40)
 *   dg_exc/dt = -g_exc / tau_syn_exc    dg_inh/dt = -g_inh / tau_syn_inh
 *   spike (NEST): V &gt; V_T + 30 mV and V fell during the step (a maximum passed), not within t_ref of the last
 * </pre>
 *
 * @param gNa       sodium peak conductance g_Na, nS (default 20000)
 * @param gK        potassium peak conductance g_K, nS (default 6000)
 * @param gL        leak conductance g_L, nS (default 10)
 * @param cM        membrane capacitance C_m, pF (default 200)
 * @param eNa       sodium reversal potential E_Na, mV (default 50)
 * @param eK        potassium reversal potential E_K, mV (default -90)
 * @param eL        leak reversal potential E_L, mV (default -60)
 * @param vT        voltage offset of the rate functions V_T, mV (default -63)
 * @param eExc      excitatory reversal potential E_ex, mV (default 0)
 * @param eInh      inhibitory reversal potential E_in, mV (default -80)
 * @param tauSynExc excitatory conductance time constant, ms (default 5)
 * @param tauSynInh inhibitory conductance time constant, ms (default 10)
 * @param tRef      dead time after a spike in which no spike is reported, ms (default 2); V is never clamped
 * @param iE        constant bias current I_e, pA (default 0)
 */
public record HhTraubParams(double gNa, double gK, double gL, double cM, double eNa, double eK, double eL, double vT,
                            double eExc, double eInh, double tauSynExc, double tauSynInh, double tRef, double iE)
        implements SynapticTimeConstants {

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field, its value and the bound it breaks
     */
    public HhTraubParams {
        Check.nonNegative("gNa", gNa, "nS");
        Check.nonNegative("gK", gK, "nS");
        Check.positive("gL", gL, "nS");
        Check.positive("cM", cM, "pF");
        Check.finite("eNa", eNa, "mV");
        Check.finite("eK", eK, "mV");
        Check.finite("eL", eL, "mV");
        Check.finite("vT", vT, "mV");
        Check.finite("eExc", eExc, "mV");
        Check.finite("eInh", eInh, "mV");
        Check.positive("tauSynExc", tauSynExc, "ms");
        Check.positive("tauSynInh", tauSynInh, "ms");
        Check.nonNegative("tRef", tRef, "ms");
        Check.finite("iE", iE, "pA");
    }

    /** PyNN's {@code HH_cond_exp}: names and defaults (PyNN units). */
    static final PyNNCell PYNN = new PyNNCell("HH_cond_exp",
            "gbar_Na", 20.0, "gbar_K", 6.0, "g_leak", 0.01, "cm", 0.2, "v_offset", -63.0, "e_rev_Na", 50.0,
            "e_rev_K", -90.0, "e_rev_leak", -65.0, "e_rev_E", 0.0, "e_rev_I", -80.0, "tau_syn_E", 0.2,
            "tau_syn_I", 2.0, "i_offset", 0.0);

    /**
     * The parameters of a PyNN {@code HH_cond_exp} cell (PyNN 0.10.1, {@code pyNN/standardmodels/cells.py});
     * missing names take PyNN's defaults (which differ from {@link #defaults()}, NEST's, in E_L and the
     * synaptic time constants).
     * <pre>
     *   PyNN name   PyNN unit  default  engine field  engine unit
     *   gbar_Na     uS         20.0     gNa           nS  (x 1000)
     *   gbar_K      uS         6.0      gK            nS  (x 1000)
     *   g_leak      uS         0.01     gL            nS  (x 1000)
     *   cm          nF         0.2      cM            pF  (x 1000)
     *   v_offset    mV         -63.0    vT            mV
     *   e_rev_Na    mV         50.0     eNa           mV
     *   e_rev_K     mV         -90.0    eK            mV
     *   e_rev_leak  mV         -65.0    eL            mV
     *   e_rev_E     mV         0.0      eExc          mV
     *   e_rev_I     mV         -80.0    eInh          mV
     *   tau_syn_E   ms         0.2      tauSynExc     ms
     *   tau_syn_I   ms         2.0      tauSynInh     ms
     *   i_offset    nA         0.0      iE            pA  (x 1000)
     *   (none)                          tRef          ms, 2: NEST's t_ref, which PyNN's NEST backend keeps
     * </pre>
     * Weights of a PyNN projection onto this cell are uS; the engine's conductance inputs are nS (x 1000).
     *
     * @param p PyNN name to value in PyNN units (not modified)
     * @throws IllegalArgumentException naming the parameter and listing the allowed names if a name is unknown,
     *                                  or naming the field if a converted value is invalid
     */
    public static HhTraubParams fromPyNN(java.util.Map<String, Double> p) {
        double k = PyNNCell.MILLI_TO_PICO;
        return PYNN.build(p, v -> new HhTraubParams(v.get("gbar_Na") * k, v.get("gbar_K") * k, v.get("g_leak") * k,
                v.get("cm") * k, v.get("e_rev_Na"), v.get("e_rev_K"), v.get("e_rev_leak"), v.get("v_offset"),
                v.get("e_rev_E"), v.get("e_rev_I"), v.get("tau_syn_E"), v.get("tau_syn_I"), 2.0,
                v.get("i_offset") * k));
    }

    /** NEST {@code hh_cond_exp_traub} defaults (see the field list). */
    public static HhTraubParams defaults() {
        return new HhTraubParams(20000.0, 6000.0, 10.0, 200.0, 50.0, -90.0, -60.0, -63.0, 0.0, -80.0, 5.0, 10.0,
                2.0, 0.0);
    }

    /** A copy with {@code iE} (pA) replaced. */
    public HhTraubParams withIE(double v) {
        return new HhTraubParams(gNa, gK, gL, cM, eNa, eK, eL, vT, eExc, eInh, tauSynExc, tauSynInh, tRef, v);
    }
}
