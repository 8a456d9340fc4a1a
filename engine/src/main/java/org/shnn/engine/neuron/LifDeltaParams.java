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
