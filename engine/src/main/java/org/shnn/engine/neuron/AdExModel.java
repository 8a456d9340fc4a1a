package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.engine.Check;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;

/**
 * Adaptive exponential integrate-and-fire neuron (Brette &amp; Gerstner 2005) with exponential conductances,
 * as NEST's {@code aeif_cond_exp}; equations in {@link AdExParams}.
 *
 * <h2>Integration: classical RK4 on (V, w) in fixed sub-steps, conductances exact</h2>
 * Each step of {@code dt} is split into {@code n = ceil(dt / maxSubstep)} sub-steps of {@code h = dt / n}
 * (default {@code maxSubstep} = {@value #DEFAULT_MAX_SUBSTEP} ms, so 4 sub-steps at {@code dt = 0.1 ms}).
 * The conductances are not integrated numerically: RK4's stages use their exact values
 * {@code g(t0 + s) = g(t0) exp(-s / tau_syn)}. Why this scheme:
 * <ul>
 *   <li>the subthreshold dynamics are slow (C_m / g_L = 9.4 ms, tau_w = 144 ms with the defaults), so RK4's
 *       local error {@code O(h^5)} at {@code h = 0.025 ms} is far below rounding of the spike grid;</li>
 *   <li>the spike upswing is a finite-time blow-up that no fixed-step scheme follows; as in NEST,
 *       {@code V} is capped at {@code V_peak} inside the right-hand side (so every stage stays finite) and a
 *       spike is detected at the first sub-step that ends with {@code V >= V_peak}. RK4 lags the blow-up by
 *       a fraction of a sub-step, so spikes come slightly late: against a 40x finer reference at 1000 pA
 *       every ISI agrees within one step and the lag accumulates to 3 steps (0.3 ms) over 1 s of 32 Hz firing
 *       (1 step with {@code maxSubstep = 0.01}, at 2.5x the cost); pass a smaller {@code maxSubstep} where
 *       spike timing matters more than speed;</li>
 *   <li>it is deterministic and allocation-free, unlike an adaptive RKF45 (NEST uses GSL's), whose step
 *       count would vary per neuron.</li>
 * </ul>
 * After a spike: {@code V = V_reset}, {@code w += b}; for the rest of that step and for
 * {@code round(t_ref / dt)} further steps {@code V} stays at {@code V_reset} while {@code w} relaxes exactly
 * towards {@code a (V_reset - E_L)}. At most one spike per step is possible. Conductance input (nS) is added at
 * the end of the step, as in {@link NeuronModel}.
 *
 * <p>The step is {@link AdExIntegrator}'s, shared with {@link AdExAlphaModel}; this model keeps {@link Math#exp}.
 *
 * <p>State ({@link NeuronStateLayouts#ADEX}): {@code v} mV, {@code w} pA, {@code g_exc}, {@code g_inh} nS,
 * {@code refractory} steps; rest {@code v = E_L}, {@code w = 0}. Thread-safety: immutable; see
 * {@link NeuronModel}.
 */
public final class AdExModel extends NeuronModelBase<AdExParams> {

    /** Default upper bound of the RK4 sub-step, ms. */
    public static final double DEFAULT_MAX_SUBSTEP = 0.025;

    private static final SoaLayout LAYOUT = NeuronStateLayouts.ADEX;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int W = LAYOUT.columnIndex("w");
    private static final int G_EXC = LAYOUT.columnIndex("g_exc");
    private static final int G_INH = LAYOUT.columnIndex("g_inh");
    private static final int REFRACTORY = LAYOUT.columnIndex("refractory");

    private final AdExIntegrator rk4;
    private final double p11Exc;
    private final double p11Inh;

    /** Creates the model with the default sub-step bound; see {@link #AdExModel(AdExParams, double, double)}. */
    public AdExModel(AdExParams params, double dt) {
        this(params, dt, DEFAULT_MAX_SUBSTEP);
    }

    /**
     * Creates the model.
     *
     * @param params     parameters (validated by the record)
     * @param dt         time step, ms, &gt; 0
     * @param maxSubstep upper bound of the RK4 sub-step, ms, &gt; 0
     * @throws IllegalArgumentException naming the value if {@code dt} or {@code maxSubstep} is invalid, or if
     *                                  {@code (vPeak - vT) / deltaT > 500} (the exponential would overflow)
     */
    public AdExModel(AdExParams params, double dt, double maxSubstep) {
        super(LAYOUT, params, dt, 2, "nS");
        this.rk4 = new AdExIntegrator(params, dt, maxSubstep, false);
        this.p11Exc = Math.exp(-dt / params.tauSynExc());
        this.p11Inh = Math.exp(-dt / params.tauSynInh());
    }

    /** Number of RK4 sub-steps per time step. */
    public int substeps() {
        return rk4.substeps;
    }

    /** Number of whole steps a neuron stays clamped after its spike step: {@code round(t_ref / dt)}. */
    public int refractorySteps() {
        return rk4.refractorySteps;
    }

    @Override
    void setRest(PopulationState s, int i) {
        s.setDouble(V, i, params.eL());
    }

    @Override
    public void step(PopulationState s, int from, int to, MemorySegment[] input, MemorySegment external, SpikeSink sink) {
        checkStep(s, from, to, input, external, sink);
        MemorySegment m = s.segment();
        long oV = s.columnOffset(V);
        long oW = s.columnOffset(W);
        long oE = s.columnOffset(G_EXC);
        long oI = s.columnOffset(G_INH);
        long oR = s.columnOffset(REFRACTORY);
        MemorySegment inExc = input[0];
        MemorySegment inInh = input[1];
        int refractorySteps = rk4.refractorySteps;
        for (int i = from; i < to; i++) {
            long d = (long) i << 3;
            long f = (long) i << 2;
            double ge = m.get(JAVA_DOUBLE, oE + d);
            double gi = m.get(JAVA_DOUBLE, oI + d);
            int ref = m.get(JAVA_INT, oR + f);
            boolean fired = false;
            if (ref > 0) {
                ref--;
                rk4.clamp(m, oV + d, oW + d);
            } else {
                double current = external == null ? params.iE() : params.iE() + external.get(JAVA_DOUBLE, d);
                fired = rk4.advance(m, oV + d, oW + d, ge, 0.0, gi, 0.0, current);
            }
            ge = ge * p11Exc + inExc.get(JAVA_FLOAT, f);
            gi = gi * p11Inh + inInh.get(JAVA_FLOAT, f);
            if (fired) {
                ref = refractorySteps;
                sink.spike(i);
            }
            m.set(JAVA_DOUBLE, oE + d, ge);
            m.set(JAVA_DOUBLE, oI + d, gi);
            m.set(JAVA_INT, oR + f, ref);
        }
    }

    @Override
    public String toString() {
        return "AdExModel[" + params + ", dt=" + dt + " ms, substeps=" + rk4.substeps + "]";
    }
}
