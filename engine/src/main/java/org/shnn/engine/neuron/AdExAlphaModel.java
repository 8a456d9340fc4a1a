package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;

/**
 * Adaptive exponential integrate-and-fire neuron with alpha-shaped conductances (NEST {@code aeif_cond_alpha},
 * PyNN {@code EIF_cond_alpha_isfa_ista}; parameters {@link AdExParams}, from PyNN with
 * {@link AdExParams#fromPyNNAlpha}). The membrane and adaptation equations are {@link AdExParams}'; each
 * conductance is an alpha function:
 * <pre>
 *   dg/dt = dg - g / tau_syn          d(dg)/dt = -dg / tau_syn          (per receptor)
 *   an input of weight w (nS) adds w e / tau_syn to dg:  g(t) = w (t / tau_syn) exp(1 - t / tau_syn), peak w at tau_syn
 * </pre>
 *
 * <p>Integration: {@link AdExModel}'s scheme through the same {@link AdExIntegrator} (RK4 on V and w in sub-steps
 * of at most {@code maxSubstep}, V capped at V_peak in the right-hand side, spike at the first sub-step ending at
 * or above V_peak, w relaxing exactly while V is clamped), with the conductances' exact alpha values
 * {@code exp(-s/tau) (g + s dg)} at the RK4 stages, and {@link Exp#exp} for the spike term and
 * {@link StrictMath} for the constants, so that results do not depend on the JIT.
 *
 * <p>State ({@link NeuronStateLayouts#ADEX_ALPHA}): {@code v} mV, {@code w} pA, {@code g_exc}, {@code g_inh} nS,
 * {@code dg_exc}, {@code dg_inh} nS/ms, {@code refractory} steps; rest {@code v = E_L}, the rest 0. Inputs are
 * conductance peaks in nS, added to {@code dg} at the end of the step ({@link NeuronModel}). Thread-safety:
 * immutable; see {@link NeuronModel}.
 */
public final class AdExAlphaModel extends NeuronModelBase<AdExParams> {

    private static final SoaLayout LAYOUT = NeuronStateLayouts.ADEX_ALPHA;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int W = LAYOUT.columnIndex("w");
    private static final int G_EXC = LAYOUT.columnIndex("g_exc");
    private static final int DG_EXC = LAYOUT.columnIndex("dg_exc");
    private static final int G_INH = LAYOUT.columnIndex("g_inh");
    private static final int DG_INH = LAYOUT.columnIndex("dg_inh");
    private static final int REFRACTORY = LAYOUT.columnIndex("refractory");

    private final AdExIntegrator rk4;
    private final double p11Exc;
    private final double p11Inh;
    private final double jumpExc;
    private final double jumpInh;

    /** Creates the model with {@link AdExModel#DEFAULT_MAX_SUBSTEP}; see {@link #AdExAlphaModel(AdExParams, double, double)}. */
    public AdExAlphaModel(AdExParams params, double dt) {
        this(params, dt, AdExModel.DEFAULT_MAX_SUBSTEP);
    }

    /**
     * Creates the model.
     *
     * @param params     parameters (validated by the record); {@code tauSynExc}, {@code tauSynInh} are the alpha
     *                   time constants (time to peak)
     * @param dt         time step, ms, &gt; 0
     * @param maxSubstep upper bound of the RK4 sub-step, ms, &gt; 0
     * @throws IllegalArgumentException naming the value if {@code dt} or {@code maxSubstep} is invalid, or if
     *                                  {@code (vPeak - vT) / deltaT > 500} (the exponential would overflow)
     */
    public AdExAlphaModel(AdExParams params, double dt, double maxSubstep) {
        super(LAYOUT, params, dt, 2, "nS");
        this.rk4 = new AdExIntegrator(params, dt, maxSubstep, true);
        this.p11Exc = StrictMath.exp(-dt / params.tauSynExc());
        this.p11Inh = StrictMath.exp(-dt / params.tauSynInh());
        this.jumpExc = Math.E / params.tauSynExc();
        this.jumpInh = Math.E / params.tauSynInh();
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
        MemorySegment ges = s.column(G_EXC);
        MemorySegment dges = s.column(DG_EXC);
        MemorySegment gis = s.column(G_INH);
        MemorySegment dgis = s.column(DG_INH);
        MemorySegment rs = s.column(REFRACTORY);
        MemorySegment inExc = input[0];
        MemorySegment inInh = input[1];
        int refractorySteps = rk4.refractorySteps;
        for (int i = from; i < to; i++) {
            long d = (long) i << 3;
            double ge = ges.getAtIndex(JAVA_DOUBLE, i);
            double dge = dges.getAtIndex(JAVA_DOUBLE, i);
            double gi = gis.getAtIndex(JAVA_DOUBLE, i);
            double dgi = dgis.getAtIndex(JAVA_DOUBLE, i);
            int ref = rs.getAtIndex(JAVA_INT, i);
            boolean fired = false;
            if (ref > 0) {
                ref--;
                rk4.clamp(m, oV + d, oW + d);
            } else {
                double current = external == null ? params.iE() : params.iE() + external.getAtIndex(JAVA_DOUBLE, i);
                fired = rk4.advance(m, oV + d, oW + d, ge, dge, gi, dgi, current);
            }
            ge = (ge + dt * dge) * p11Exc;
            gi = (gi + dt * dgi) * p11Inh;
            dge = dge * p11Exc + inExc.getAtIndex(JAVA_FLOAT, i) * jumpExc;
            dgi = dgi * p11Inh + inInh.getAtIndex(JAVA_FLOAT, i) * jumpInh;
            if (fired) {
                ref = refractorySteps;
                sink.spike(i);
            }
            ges.setAtIndex(JAVA_DOUBLE, i, ge);
            dges.setAtIndex(JAVA_DOUBLE, i, dge);
            gis.setAtIndex(JAVA_DOUBLE, i, gi);
            dgis.setAtIndex(JAVA_DOUBLE, i, dgi);
            rs.setAtIndex(JAVA_INT, i, ref);
        }
    }

    @Override
    public String toString() {
        return "AdExAlphaModel[" + params + ", dt=" + dt + " ms, substeps=" + rk4.substeps + "]";
    }
}
