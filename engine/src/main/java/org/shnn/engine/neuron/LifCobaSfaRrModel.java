package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.engine.Check;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;

/**
 * Conductance-based LIF neuron with exponential synaptic conductances, spike-frequency adaptation and relative
 * refractoriness (NEST {@code iaf_cond_exp_sfa_rr}, PyNN {@code IF_cond_exp_gsfa_grr}; Muller et al. 2007);
 * equations in {@link LifCobaSfaRrParams}.
 *
 * <h2>Integration: exponential Euler with exact midpoint conductances, as {@link LifCobaModel}</h2>
 * All four conductances decay exactly, {@code g(t+s) = g(t) exp(-s/tau)}. With them held at their exact midpoint
 * values {@code g* = g(t + h/2)}, V is advanced exactly:
 * <pre>
 *   g_tot = g_L + g_exc* + g_inh* + g_sfa* + g_rr*
 *   V_inf = (g_L E_L + g_exc* E_exc + g_inh* E_inh + g_sfa* E_sfa + g_rr* E_rr + I_e + I_ext) / g_tot
 *   V(t+h) = V_inf + (V(t) - V_inf) exp(-h g_tot / C_m)
 * </pre>
 * The relative refractory conductance is large (NEST's q_rr = 3214 nS gives h g_rr / C_m = 1.1 at 0.1 ms); this
 * scheme stays stable and bounded by the reversal potentials for any conductance, where explicit Runge-Kutta
 * schemes need smaller steps.
 * Second order in {@code h} (the midpoint rule for the conductance integral), unconditionally stable, never beyond
 * the reversal potentials; {@link LifCobaModel} has the measurements behind this choice. NEST integrates with
 * GSL's adaptive RKF45 instead; the Brian2 reference test bounds the difference. The {@code exp} is
 * {@link Exp#exp}, constants come from {@link StrictMath}: results do not depend on the JIT.
 *
 * <p>After a spike (at the end of the step, with the inputs): {@code V = V_reset}, {@code g_sfa += q_sfa},
 * {@code g_rr += q_rr}. State ({@link NeuronStateLayouts#LIF_COBA_SFA_RR}): {@code v} mV, {@code g_exc},
 * {@code g_inh}, {@code g_sfa}, {@code g_rr} nS, {@code refractory} steps. Rest: {@code v = E_L}, the rest 0.
 * Inputs are conductance increments in nS (positive for both receptors). Refractoriness clamps {@code v} at
 * {@code V_reset} for {@code round(t_ref / dt)} steps after the spike step; conductances keep decaying. Step
 * order: {@link NeuronModel}.
 * Thread-safety: immutable; see {@link NeuronModel}.
 */
public final class LifCobaSfaRrModel extends NeuronModelBase<LifCobaSfaRrParams> {

    private static final SoaLayout LAYOUT = NeuronStateLayouts.LIF_COBA_SFA_RR;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int G_EXC = LAYOUT.columnIndex("g_exc");
    private static final int G_INH = LAYOUT.columnIndex("g_inh");
    private static final int G_SFA = LAYOUT.columnIndex("g_sfa");
    private static final int G_RR = LAYOUT.columnIndex("g_rr");
    private static final int REFRACTORY = LAYOUT.columnIndex("refractory");

    private final double p11Exc;
    private final double p11Inh;
    private final double halfExc;
    private final double halfInh;
    private final double p11Sfa;
    private final double p11Rr;
    private final double halfSfa;
    private final double halfRr;
    private final double minusDtOverC;
    private final int refractorySteps;

    /**
     * Creates the model.
     *
     * @param params parameters (validated by the record)
     * @param dt     time step, ms, &gt; 0
     * @throws IllegalArgumentException if {@code dt} is not finite and positive
     */
    public LifCobaSfaRrModel(LifCobaSfaRrParams params, double dt) {
        super(LAYOUT, params, dt, 2, "nS");
        this.p11Exc = StrictMath.exp(-dt / params.tauSynExc());
        this.p11Inh = StrictMath.exp(-dt / params.tauSynInh());
        this.halfExc = StrictMath.exp(-0.5 * dt / params.tauSynExc());
        this.halfInh = StrictMath.exp(-0.5 * dt / params.tauSynInh());
        this.p11Sfa = StrictMath.exp(-dt / params.tauSfa());
        this.p11Rr = StrictMath.exp(-dt / params.tauRr());
        this.halfSfa = StrictMath.exp(-0.5 * dt / params.tauSfa());
        this.halfRr = StrictMath.exp(-0.5 * dt / params.tauRr());
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
        MemorySegment gis = s.column(G_INH);
        MemorySegment gss = s.column(G_SFA);
        MemorySegment grs = s.column(G_RR);
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
        double eSfa = params.eSfa();
        double eRr = params.eRr();
        double qSfa = params.qSfa();
        double qRr = params.qRr();
        for (int base = from, end; base < to; base = end) {
            end = to - base > 64 ? base + 64 : to; // blocks of 64, spikes reported after each: NeuronModelBase.emit
            long fired = 0;
            for (int i = base; i < end; i++) {
                double v = vs.getAtIndex(JAVA_DOUBLE, i);
                double ge = ges.getAtIndex(JAVA_DOUBLE, i);
                double gi = gis.getAtIndex(JAVA_DOUBLE, i);
                double gs = gss.getAtIndex(JAVA_DOUBLE, i);
                double gr = grs.getAtIndex(JAVA_DOUBLE, i);
                int ref = rs.getAtIndex(JAVA_INT, i);
                if (ref == 0) {
                    double current = external == null ? iE : iE + external.getAtIndex(JAVA_DOUBLE, i);
                    double geMid = ge * halfExc;
                    double giMid = gi * halfInh;
                    double gsMid = gs * halfSfa;
                    double grMid = gr * halfRr;
                    double gTot = gL + geMid + giMid + gsMid + grMid;
                    double vInf = (gLeL + geMid * eExc + giMid * eInh + gsMid * eSfa + grMid * eRr + current) / gTot;
                    v = vInf + (v - vInf) * Exp.exp(minusDtOverC * gTot);
                } else {
                    ref--;
                }
                ge = ge * p11Exc + inExc.getAtIndex(JAVA_FLOAT, i);
                gi = gi * p11Inh + inInh.getAtIndex(JAVA_FLOAT, i);
                gs *= p11Sfa;
                gr *= p11Rr;
                inExc.setAtIndex(JAVA_FLOAT, i, 0f); // consumed: see consumesInput
                inInh.setAtIndex(JAVA_FLOAT, i, 0f);
                if (v >= vTh) {
                    v = vReset;
                    ref = refractorySteps;
                    gs += qSfa;
                    gr += qRr;
                    fired |= 1L << (i - base);
                }
                vs.setAtIndex(JAVA_DOUBLE, i, v);
                ges.setAtIndex(JAVA_DOUBLE, i, ge);
                gis.setAtIndex(JAVA_DOUBLE, i, gi);
                gss.setAtIndex(JAVA_DOUBLE, i, gs);
                grs.setAtIndex(JAVA_DOUBLE, i, gr);
                rs.setAtIndex(JAVA_INT, i, ref);
            }
            emit(sink, base, fired);
        }
    }

    @Override
    public String toString() {
        return "LifCobaSfaRrModel[" + params + ", dt=" + dt + " ms]";
    }
}
