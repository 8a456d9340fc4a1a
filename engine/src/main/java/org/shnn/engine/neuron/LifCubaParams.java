package org.shnn.engine.neuron;

import org.shnn.engine.Check;

/**
 * Parameters of the current-based leaky integrate-and-fire neuron with exponential synaptic currents
 * ({@link LifCubaModel}, {@link FixedPointLifModel}); names and defaults are NEST's {@code iaf_psc_exp}.
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
 * @param tauSynExc excitatory synaptic current time constant tau_syn_ex, ms (default 2)
 * @param tauSynInh inhibitory synaptic current time constant tau_syn_in, ms (default 2)
 * @param iE        constant bias current I_e, pA (default 0)
 */
public record LifCubaParams(double cM, double tauM, double eL, double vTh, double vReset, double tRef,
                            double tauSynExc, double tauSynInh, double iE) {

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
