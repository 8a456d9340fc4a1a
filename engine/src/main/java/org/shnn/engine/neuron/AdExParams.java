package org.shnn.engine.neuron;

import org.shnn.engine.Check;

/**
 * Parameters of the adaptive exponential integrate-and-fire neuron (Brette &amp; Gerstner 2005,
 * J. Neurophysiol. 94:3637) with exponential conductances ({@link AdExModel}); names and {@link #defaults()}
 * are NEST's {@code aeif_cond_exp}, whose membrane and adaptation values are the paper's.
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
                         double tauSynExc, double tauSynInh, double iE) {

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

    /** A copy with {@code vPeak} (mV) replaced. */
    public AdExParams withVPeak(double v) {
        return new AdExParams(cM, gL, eL, vT, deltaT, tauW, a, b, vReset, v, tRef, eExc, eInh, tauSynExc, tauSynInh, iE);
    }
}
