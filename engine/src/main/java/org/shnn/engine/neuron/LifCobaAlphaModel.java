package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.engine.Check;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;

/**
 * Conductance-based LIF neuron with alpha-shaped conductances (NEST {@code iaf_cond_alpha}, PyNN
 * {@code IF_cond_alpha}; parameters {@link LifCobaParams}, from PyNN with {@link LifCobaParams#fromPyNNAlpha}).
 *
 * <pre>
 *   C_m dV/dt = g_L (E_L - V) + g_exc (E_exc - V) + g_inh (E_inh - V) + I_e + I_external
 *   dg/dt = dg - g / tau_syn          d(dg)/dt = -dg / tau_syn          (per receptor)
 *   an input of weight w (nS) adds w e / tau_syn to dg:  g(t) = w (t / tau_syn) exp(1 - t / tau_syn), peak w at tau_syn
 * </pre>
 *
 * <h2>Integration: exponential Euler with exact midpoint conductances, as {@link LifCobaModel}</h2>
 * The conductances advance exactly: {@code g(t+s) = exp(-s/tau) (g(t) + s dg(t))}, {@code dg(t+s) = exp(-s/tau) dg(t)}.
 * With the conductances held at their exact midpoint values {@code g* = g(t + h/2)}, V is advanced exactly:
 * <pre>
 *   g_tot = g_L + g_exc* + g_inh*,   V_inf = (g_L E_L + g_exc* E_exc + g_inh* E_inh + I_e + I_ext) / g_tot
 *   V(t+h) = V_inf + (V(t) - V_inf) exp(-h g_tot / C_m)
 * </pre>
 * Second order in {@code h} (the midpoint rule for the conductance integral), unconditionally stable, never beyond
 * the reversal potentials; {@link LifCobaModel} has the measurements behind this choice. NEST integrates with
 * GSL's adaptive RKF45 instead; the Brian2 reference test bounds the difference. The {@code exp} is
 * {@link Exp#exp}, constants come from {@link StrictMath}: results do not depend on the JIT.
 *
 * <p>State ({@link NeuronStateLayouts#LIF_COBA_ALPHA}): {@code v} mV, {@code g_exc}, {@code g_inh} nS,
 * {@code dg_exc}, {@code dg_inh} nS/ms, {@code refractory} steps. Rest: {@code v = E_L}, the rest 0. Inputs are
 * conductance peaks in nS (positive for both receptors). Refractoriness clamps {@code v} at {@code V_reset} for
 * {@code round(t_ref / dt)} steps after the spike step; conductances keep evolving. Step order: {@link NeuronModel}.
 * Thread-safety: immutable; see {@link NeuronModel}.
 */
public final class LifCobaAlphaModel extends NeuronModelBase<LifCobaParams> {

    private static final SoaLayout LAYOUT = NeuronStateLayouts.LIF_COBA_ALPHA;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int G_EXC = LAYOUT.columnIndex("g_exc");
    private static final int DG_EXC = LAYOUT.columnIndex("dg_exc");
    private static final int G_INH = LAYOUT.columnIndex("g_inh");
    private static final int DG_INH = LAYOUT.columnIndex("dg_inh");
    private static final int REFRACTORY = LAYOUT.columnIndex("refractory");

    private final double p11Exc;
    private final double p11Inh;
    private final double halfExc;
    private final double halfInh;
    private final double jumpExc;
    private final double jumpInh;
    private final double minusDtOverC;
    private final int refractorySteps;

    /**
     * Creates the model.
     *
     * @param params parameters (validated by the record); {@code tauSynExc}, {@code tauSynInh} are the alpha
     *               time constants (time to peak)
     * @param dt     time step, ms, &gt; 0
     * @throws IllegalArgumentException if {@code dt} is not finite and positive
     */
    public LifCobaAlphaModel(LifCobaParams params, double dt) {
        super(LAYOUT, params, dt, 2, "nS");
        this.p11Exc = StrictMath.exp(-dt / params.tauSynExc());
        this.p11Inh = StrictMath.exp(-dt / params.tauSynInh());
        this.halfExc = StrictMath.exp(-0.5 * dt / params.tauSynExc());
        this.halfInh = StrictMath.exp(-0.5 * dt / params.tauSynInh());
        this.jumpExc = Math.E / params.tauSynExc();
        this.jumpInh = Math.E / params.tauSynInh();
        this.minusDtOverC = -dt / params.cM();
        this.refractorySteps = Check.steps("tRef", params.tRef(), dt, 0);
    }

    /** Number of steps a neuron stays clamped after its spike step: {@code round(t_ref / dt)}. */
    public int refractorySteps() {
        return refractorySteps;
    }

    /** True: the step zeroes the inputs it reads, in the same pass. */
    @Override
    public boolean consumesInput() {
        return true;
    }

    @Override
    void setRest(PopulationState s, int i) {
        s.setDouble(V, i, params.eL());
    }

    @Override
    public void step(PopulationState s, int from, int to, MemorySegment[] input, MemorySegment external, SpikeSink sink) {
        checkStep(s, from, to, input, external, sink);
        MemorySegment vs = s.column(V);
        MemorySegment ges = s.column(G_EXC);
        MemorySegment dges = s.column(DG_EXC);
        MemorySegment gis = s.column(G_INH);
        MemorySegment dgis = s.column(DG_INH);
        MemorySegment rs = s.column(REFRACTORY);
        MemorySegment inExc = input[0];
        MemorySegment inInh = input[1];
        double gL = params.gL();
        double gLeL = params.gL() * params.eL();
        double eExc = params.eExc();
        double eInh = params.eInh();
        double iE = params.iE();
        double vTh = params.vTh();
        double vReset = params.vReset();
        double halfDt = 0.5 * dt;
        for (int base = from, end; base < to; base = end) {
            end = to - base > 64 ? base + 64 : to; // blocks of 64, spikes reported after each: NeuronModelBase.emit
            long fired = 0;
            for (int i = base; i < end; i++) {
                double v = vs.getAtIndex(JAVA_DOUBLE, i);
                double ge = ges.getAtIndex(JAVA_DOUBLE, i);
                double dge = dges.getAtIndex(JAVA_DOUBLE, i);
                double gi = gis.getAtIndex(JAVA_DOUBLE, i);
                double dgi = dgis.getAtIndex(JAVA_DOUBLE, i);
                int ref = rs.getAtIndex(JAVA_INT, i);
                if (ref == 0) {
                    double current = external == null ? iE : iE + external.getAtIndex(JAVA_DOUBLE, i);
                    double geMid = (ge + halfDt * dge) * halfExc;
                    double giMid = (gi + halfDt * dgi) * halfInh;
                    double gTot = gL + geMid + giMid;
                    double vInf = (gLeL + geMid * eExc + giMid * eInh + current) / gTot;
                    v = vInf + (v - vInf) * Exp.exp(minusDtOverC * gTot);
                } else {
                    ref--;
                }
                ge = (ge + dt * dge) * p11Exc;
                gi = (gi + dt * dgi) * p11Inh;
                dge = dge * p11Exc + inExc.getAtIndex(JAVA_FLOAT, i) * jumpExc;
                dgi = dgi * p11Inh + inInh.getAtIndex(JAVA_FLOAT, i) * jumpInh;
                inExc.setAtIndex(JAVA_FLOAT, i, 0f); // consumed: see consumesInput
                inInh.setAtIndex(JAVA_FLOAT, i, 0f);
                if (v >= vTh) {
                    v = vReset;
                    ref = refractorySteps;
                    fired |= 1L << (i - base);
                }
                vs.setAtIndex(JAVA_DOUBLE, i, v);
                ges.setAtIndex(JAVA_DOUBLE, i, ge);
                dges.setAtIndex(JAVA_DOUBLE, i, dge);
                gis.setAtIndex(JAVA_DOUBLE, i, gi);
                dgis.setAtIndex(JAVA_DOUBLE, i, dgi);
                rs.setAtIndex(JAVA_INT, i, ref);
            }
            emit(sink, base, fired);
        }
    }

    @Override
    public String toString() {
        return "LifCobaAlphaModel[" + params + ", dt=" + dt + " ms]";
    }
}
