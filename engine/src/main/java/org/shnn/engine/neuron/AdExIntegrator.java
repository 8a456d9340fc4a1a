package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import org.shnn.engine.Check;

/**
 * The AdEx step shared by {@link AdExModel} (exponential conductances) and {@link AdExAlphaModel} (alpha
 * conductances): classical RK4 on (V, w) in fixed sub-steps with the conductances' exact values at the stages,
 * V capped at V_peak inside the right-hand side, spike detection at the end of each sub-step, and the exact
 * relaxation of w while V is clamped. {@link AdExModel}'s Javadoc gives the scheme and its measured accuracy.
 *
 * <p>Conductances are passed as {@code g(t0)} and {@code dg(t0)}, with {@code g(t0 + s) = exp(-s/tau) (g + s dg)}
 * (alpha); {@code dg = 0} is the exponential case and gives the same bits as {@code g exp(-s/tau)} (adding
 * {@code +0.0} and multiplying by it are exact).
 *
 * <p>{@code strictExp} selects {@link Exp#exp} (bit-reproducible whatever the JIT does) for the spike term;
 * {@link AdExModel} keeps {@link Math#exp}, with which its trajectories were established. Thread-safety: immutable.
 */
final class AdExIntegrator {

    private final AdExParams p;
    private final boolean strictExp;
    final int substeps;
    final double h;
    private final double halfExc;
    private final double halfInh;
    private final double subExc;
    private final double subInh;
    private final double wDecayStep;
    private final double[] wDecayRest;
    final int refractorySteps;
    // right-hand-side coefficients, precomputed so the RK4 stages multiply instead of divide
    private final double gLOverC;
    private final double spikeCoef;
    private final double invDeltaT;
    private final double vTOverDeltaT;
    private final double invC;
    private final double aOverTauW;
    private final double invTauW;
    private final double eL;
    private final double eExc;
    private final double eInh;
    private final double vPeak;
    private final double wInfReset;

    /**
     * @throws IllegalArgumentException naming the value if {@code maxSubstep} is invalid, or if
     *                                  {@code (vPeak - vT) / deltaT > 500} (the exponential would overflow)
     */
    AdExIntegrator(AdExParams params, double dt, double maxSubstep, boolean strictExp) {
        this.p = params;
        this.strictExp = strictExp;
        Check.positive("maxSubstep", maxSubstep, "ms");
        double expArg = (params.vPeak() - params.vT()) / params.deltaT();
        if (expArg > 500) {
            throw new IllegalArgumentException("(vPeak - vT) / deltaT = " + expArg + " must be <= 500 so that exp() stays finite");
        }
        double ratio = Math.ceil(dt / maxSubstep - 1e-9);
        if (ratio > 1_000_000) {
            throw new IllegalArgumentException("dt / maxSubstep = " + ratio + " sub-steps; at most 1000000");
        }
        this.substeps = Math.max(1, (int) ratio);
        this.h = dt / substeps;
        this.halfExc = exp(-0.5 * h / params.tauSynExc());
        this.halfInh = exp(-0.5 * h / params.tauSynInh());
        this.subExc = exp(-h / params.tauSynExc());
        this.subInh = exp(-h / params.tauSynInh());
        this.wDecayStep = exp(-dt / params.tauW());
        this.wDecayRest = new double[substeps + 1];
        for (int r = 0; r <= substeps; r++) {
            wDecayRest[r] = exp(-r * h / params.tauW());
        }
        this.refractorySteps = Check.steps("tRef", params.tRef(), dt, 0);
        this.gLOverC = params.gL() / params.cM();
        this.spikeCoef = params.gL() * params.deltaT() / params.cM();
        this.invDeltaT = 1.0 / params.deltaT();
        this.vTOverDeltaT = params.vT() / params.deltaT();
        this.invC = 1.0 / params.cM();
        this.aOverTauW = params.a() / params.tauW();
        this.invTauW = 1.0 / params.tauW();
        this.eL = params.eL();
        this.eExc = params.eExc();
        this.eInh = params.eInh();
        this.vPeak = params.vPeak();
        this.wInfReset = params.a() * (params.vReset() - eL);
    }

    /** Constants: {@link Math#exp} for {@link AdExModel} as before, {@link StrictMath#exp} otherwise. */
    private double exp(double x) {
        return strictExp ? StrictMath.exp(x) : Math.exp(x);
    }

    /** dV/dt in mV/ms with V capped at V_peak (NEST's {@code aeif_cond_exp_dynamics} does the same). */
    private double dv(double v, double w, double ge, double gi, double current) {
        double vc = Math.min(v, vPeak);
        double x = vc * invDeltaT - vTOverDeltaT;
        return gLOverC * (eL - vc) + spikeCoef * (strictExp ? Exp.exp(x) : Math.exp(x))
                + invC * (ge * (eExc - vc) + gi * (eInh - vc) + current - w);
    }

    /** dw/dt in pA/ms. */
    private double dw(double v, double w) {
        return aOverTauW * (Math.min(v, vPeak) - eL) - invTauW * w;
    }

    /**
     * One refractory step: V clamped at V_reset (stored at {@code vOff}), w (at {@code wOff}) relaxes exactly.
     */
    void clamp(MemorySegment m, long vOff, long wOff) {
        double w = m.get(JAVA_DOUBLE, wOff);
        m.set(JAVA_DOUBLE, vOff, p.vReset());
        m.set(JAVA_DOUBLE, wOff, wInfReset + (w - wInfReset) * wDecayStep);
    }

    /**
     * Advances V and w (stored at {@code vOff}, {@code wOff}) of a non-refractory neuron over one step with the
     * conductances {@code g(t0 + s) = exp(-s/tau) (g + s dg)} and a constant current (pA); after a spike, V is
     * reset, w incremented and relaxed over the rest of the step. Returns whether the neuron fired.
     */
    boolean advance(MemorySegment m, long vOff, long wOff, double ge, double dge, double gi, double dgi, double current) {
        double v = m.get(JAVA_DOUBLE, vOff);
        double w = m.get(JAVA_DOUBLE, wOff);
        double half = 0.5 * h;
        double sixth = h / 6.0;
        boolean fired = false;
        double geS = ge;
        double giS = gi;
        double dgeS = dge;
        double dgiS = dgi;
        for (int k = 0; k < substeps; k++) {
            double geH = (geS + half * dgeS) * halfExc;
            double giH = (giS + half * dgiS) * halfInh;
            double geE = (geS + h * dgeS) * subExc;
            double giE = (giS + h * dgiS) * subInh;
            double k1v = dv(v, w, geS, giS, current);
            double k1w = dw(v, w);
            double v2 = v + half * k1v;
            double w2 = w + half * k1w;
            double k2v = dv(v2, w2, geH, giH, current);
            double k2w = dw(v2, w2);
            double v3 = v + half * k2v;
            double w3 = w + half * k2w;
            double k3v = dv(v3, w3, geH, giH, current);
            double k3w = dw(v3, w3);
            double v4 = v + h * k3v;
            double w4 = w + h * k3w;
            double k4v = dv(v4, w4, geE, giE, current);
            double k4w = dw(v4, w4);
            v += sixth * (k1v + 2 * k2v + 2 * k3v + k4v);
            w += sixth * (k1w + 2 * k2w + 2 * k3w + k4w);
            geS = geE;
            giS = giE;
            dgeS *= subExc;
            dgiS *= subInh;
            if (v >= vPeak) {
                fired = true;
                v = p.vReset();
                w += p.b();
                w = wInfReset + (w - wInfReset) * wDecayRest[substeps - k - 1]; // clamped rest of the step
                break;
            }
        }
        m.set(JAVA_DOUBLE, vOff, v);
        m.set(JAVA_DOUBLE, wOff, w);
        return fired;
    }
}
