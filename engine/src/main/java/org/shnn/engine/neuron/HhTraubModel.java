package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.engine.Check;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;

/**
 * Hodgkin-Huxley neuron of Traub &amp; Miles (1991) with exponential conductances (NEST {@code hh_cond_exp_traub},
 * PyNN {@code HH_cond_exp}); equations and spike rule in {@link HhTraubParams}.
 *
 * <h2>Integration: classical RK4 on (V, m, h, n) in fixed sub-steps, conductances exact</h2>
 * Each step of {@code dt} is split into {@code n = ceil(dt / maxSubstep)} sub-steps (default {@code maxSubstep} =
 * {@value #DEFAULT_MAX_SUBSTEP} ms: 10 at {@code dt = 0.1 ms}); the RK4 stages use the conductances' exact values
 * {@code g(t0 + s) = g(t0) exp(-s / tau_syn)}. Why: during a spike the sodium and potassium conductances reach
 * several uS against C_m = 200 pF, time constants of 0.02-0.05 ms, so a step of 0.1 ms is beyond RK4's stability
 * bound while 0.01 ms is well inside it and resolves the 1 ms spike; a fixed step keeps the work per neuron
 * constant and the result deterministic (NEST uses GSL's adaptive RKF45). The rate functions' removable
 * singularities ({@code x / (exp(x) - 1)} at {@code x = 0}) are evaluated by a series near 0 ({@link #efun}). Exponentials are {@link Exp#exp}, constants from {@link StrictMath}: results do not depend
 * on the JIT.
 *
 * <p>Spikes as NEST's model: V is never reset or clamped; a spike is reported at the end of a step in which V fell
 * while above {@code V_T + 30 mV} (a maximum has passed), unless one was reported in the last
 * {@code round(t_ref / dt)} steps. Conductance input (nS) is added at the end of the step, as in {@link NeuronModel}.
 *
 * <p>State ({@link NeuronStateLayouts#HH_TRAUB}): {@code v} mV, {@code m}, {@code h}, {@code n} (1),
 * {@code g_exc}, {@code g_inh} nS, {@code refractory} steps. Rest: {@code v = E_L}, each gate at its steady state
 * {@code alpha / (alpha + beta)} for {@code E_L}, conductances 0. Thread-safety: immutable; see {@link NeuronModel}.
 */
public final class HhTraubModel extends NeuronModelBase<HhTraubParams> {

    /** Default upper bound of the RK4 sub-step, ms. */
    public static final double DEFAULT_MAX_SUBSTEP = 0.01;

    private static final SoaLayout LAYOUT = NeuronStateLayouts.HH_TRAUB;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int M = LAYOUT.columnIndex("m");
    private static final int H = LAYOUT.columnIndex("h");
    private static final int N = LAYOUT.columnIndex("n");
    private static final int G_EXC = LAYOUT.columnIndex("g_exc");
    private static final int G_INH = LAYOUT.columnIndex("g_inh");
    private static final int REFRACTORY = LAYOUT.columnIndex("refractory");

    private final int substeps;
    private final double h;
    private final double p11Exc;
    private final double p11Inh;
    private final double halfExc;
    private final double halfInh;
    private final double subExc;
    private final double subInh;
    private final double invC;
    private final int refractorySteps;

    /** Creates the model with the default sub-step bound; see {@link #HhTraubModel(HhTraubParams, double, double)}. */
    public HhTraubModel(HhTraubParams params, double dt) {
        this(params, dt, DEFAULT_MAX_SUBSTEP);
    }

    /**
     * Creates the model.
     *
     * @param params     parameters (validated by the record)
     * @param dt         time step, ms, &gt; 0
     * @param maxSubstep upper bound of the RK4 sub-step, ms, &gt; 0
     * @throws IllegalArgumentException naming the value if {@code dt} or {@code maxSubstep} is invalid
     */
    public HhTraubModel(HhTraubParams params, double dt, double maxSubstep) {
        super(LAYOUT, params, dt, 2, "nS");
        Check.positive("maxSubstep", maxSubstep, "ms");
        double ratio = Math.ceil(dt / maxSubstep - 1e-9);
        if (ratio > 1_000_000) {
            throw new IllegalArgumentException("dt / maxSubstep = " + ratio + " sub-steps; at most 1000000");
        }
        this.substeps = Math.max(1, (int) ratio);
        this.h = dt / substeps;
        this.p11Exc = StrictMath.exp(-dt / params.tauSynExc());
        this.p11Inh = StrictMath.exp(-dt / params.tauSynInh());
        this.halfExc = StrictMath.exp(-0.5 * h / params.tauSynExc());
        this.halfInh = StrictMath.exp(-0.5 * h / params.tauSynInh());
        this.subExc = StrictMath.exp(-h / params.tauSynExc());
        this.subInh = StrictMath.exp(-h / params.tauSynInh());
        this.invC = 1.0 / params.cM();
        this.refractorySteps = Check.steps("tRef", params.tRef(), dt, 0);
    }

    /** Number of RK4 sub-steps per time step. */
    public int substeps() {
        return substeps;
    }

    /**
     * {@code x / (exp(x) - 1)}: for {@code |x| < 0.01} its series {@code 1 - x/2 + x^2/12 - x^4/720} (truncation
     * below 1e-16 relative), elsewhere the quotient, whose cancellation in {@code exp(x) - 1} costs at most
     * {@code 2e-16 / |x|} = 2e-14 relative.
     */
    static double efun(double x) {
        if (Math.abs(x) < 0.01) {
            double x2 = x * x;
            return 1 - 0.5 * x + x2 * (1.0 / 12 - x2 / 720);
        }
        return x / (Exp.exp(x) - 1);
    }

    /** The steady state {@code alpha / (alpha + beta)} of gate {@code m}, {@code h} or {@code n} at {@code v} (mV). */
    double steadyState(char gate, double v) {
        double u = v - params.vT();
        return switch (gate) {
            case 'm' -> alphaM(u) / (alphaM(u) + 1.4 * efun((u - 40) / 5));
            case 'h' -> alphaH(u) / (alphaH(u) + 4 / (1 + Exp.exp((40 - u) / 5)));
            case 'n' -> alphaN(u) / (alphaN(u) + 0.5 * Exp.exp((10 - u) / 40));
            default -> throw new IllegalArgumentException("gate '" + gate + "'; gates: m, h, n");
        };
    }

    private static double alphaM(double u) {
        return 1.28 * efun((13 - u) / 4);   // 0.32 (13 - u) / (exp((13 - u) / 4) - 1)
    }

    private static double alphaH(double u) {
        return 0.128 * Exp.exp((17 - u) / 18);
    }

    private static double alphaN(double u) {
        return 0.16 * efun((15 - u) / 5);   // 0.032 (15 - u) / (exp((15 - u) / 5) - 1)
    }

    @Override
    void setRest(PopulationState s, int i) {
        double eL = params.eL();
        s.setDouble(V, i, eL);
        s.setDouble(M, i, steadyState('m', eL));
        s.setDouble(H, i, steadyState('h', eL));
        s.setDouble(N, i, steadyState('n', eL));
    }

    @Override
    public void step(PopulationState s, int from, int to, MemorySegment[] input, MemorySegment external, SpikeSink sink) {
        checkStep(s, from, to, input, external, sink);
        MemorySegment vs = s.column(V);
        MemorySegment ms = s.column(M);
        MemorySegment hs = s.column(H);
        MemorySegment ns = s.column(N);
        MemorySegment ges = s.column(G_EXC);
        MemorySegment gis = s.column(G_INH);
        MemorySegment rs = s.column(REFRACTORY);
        MemorySegment inExc = input[0];
        MemorySegment inInh = input[1];
        double spikeLevel = params.vT() + 30;
        for (int i = from; i < to; i++) {
            double v = vs.getAtIndex(JAVA_DOUBLE, i);
            double vOld = v;
            double m = ms.getAtIndex(JAVA_DOUBLE, i);
            double hh = hs.getAtIndex(JAVA_DOUBLE, i);
            double n = ns.getAtIndex(JAVA_DOUBLE, i);
            double ge = ges.getAtIndex(JAVA_DOUBLE, i);
            double gi = gis.getAtIndex(JAVA_DOUBLE, i);
            int ref = rs.getAtIndex(JAVA_INT, i);
            double current = external == null ? params.iE() : params.iE() + external.getAtIndex(JAVA_DOUBLE, i);
            double geS = ge;
            double giS = gi;
            for (int k = 0; k < substeps; k++) {
                // RK4 stages: inputs (v0 + c k_prev), weights 1 2 2 1, conductances at 0, h/2, h/2, h
                double v0 = v;
                double m0 = m;
                double h0 = hh;
                double n0 = n;
                double sv = 0;
                double sm = 0;
                double sh = 0;
                double sn = 0;
                double geH = geS * halfExc;
                double giH = giS * halfInh;
                double geE = geS * subExc;
                double giE = giS * subInh;
                for (int st = 0; st < 4; st++) {
                    double gE = st == 0 ? geS : st == 3 ? geE : geH;
                    double gI = st == 0 ? giS : st == 3 ? giE : giH;
                    double u = v - params.vT();
                    double am = alphaM(u);
                    double bm = 1.4 * efun((u - 40) / 5);       // 0.28 (u - 40) / (exp((u - 40) / 5) - 1)
                    double ah = alphaH(u);
                    double bh = 4 / (1 + Exp.exp((40 - u) / 5));
                    double an = alphaN(u);
                    double bn = 0.5 * Exp.exp((10 - u) / 40);
                    double m3h = m * m * m * hh;
                    double n4 = n * n * n * n;
                    double kv = invC * (params.gL() * (params.eL() - v) - params.gNa() * m3h * (v - params.eNa())
                            - params.gK() * n4 * (v - params.eK()) + gE * (params.eExc() - v) + gI * (params.eInh() - v)
                            + current);
                    double km = am * (1 - m) - bm * m;
                    double kh = ah * (1 - hh) - bh * hh;
                    double kn = an * (1 - n) - bn * n;
                    double weight = st == 0 || st == 3 ? 1 : 2;
                    sv += weight * kv;
                    sm += weight * km;
                    sh += weight * kh;
                    sn += weight * kn;
                    double c = st < 2 ? 0.5 * h : h;
                    v = v0 + c * kv;
                    m = m0 + c * km;
                    hh = h0 + c * kh;
                    n = n0 + c * kn;
                }
                double sixth = h / 6;
                v = v0 + sixth * sv;
                m = m0 + sixth * sm;
                hh = h0 + sixth * sh;
                n = n0 + sixth * sn;
                geS = geE;
                giS = giE;
            }
            ge = ge * p11Exc + inExc.getAtIndex(JAVA_FLOAT, i);
            gi = gi * p11Inh + inInh.getAtIndex(JAVA_FLOAT, i);
            if (ref > 0) {
                ref--;
            } else if (v > spikeLevel && vOld > v) {
                ref = refractorySteps;
                sink.spike(i);
            }
            vs.setAtIndex(JAVA_DOUBLE, i, v);
            ms.setAtIndex(JAVA_DOUBLE, i, m);
            hs.setAtIndex(JAVA_DOUBLE, i, hh);
            ns.setAtIndex(JAVA_DOUBLE, i, n);
            ges.setAtIndex(JAVA_DOUBLE, i, ge);
            gis.setAtIndex(JAVA_DOUBLE, i, gi);
            rs.setAtIndex(JAVA_INT, i, ref);
        }
    }

    @Override
    public String toString() {
        return "HhTraubModel[" + params + ", dt=" + dt + " ms, substeps=" + substeps + "]";
    }
}
