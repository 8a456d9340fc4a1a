package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.engine.Check;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;

/**
 * Current-based LIF neuron with alpha-shaped synaptic currents (NEST {@code iaf_psc_alpha}, PyNN
 * {@code IF_curr_alpha}; parameters {@link LifCubaParams}, from PyNN with {@link LifCubaParams#fromPyNNAlpha}).
 *
 * <pre>
 *   C_m dV/dt = -(C_m / tau_m) (V - E_L) + I_exc + I_inh + I_e + I_external
 *   dI/dt  = dI - I / tau_syn          d(dI)/dt = -dI / tau_syn          (per receptor)
 *   an input of weight w (pA) adds w e / tau_syn to dI:  I(t) = w (t / tau_syn) exp(1 - t / tau_syn),
 *   whose peak, at t = tau_syn after the input, is exactly w
 * </pre>
 *
 * <h2>Integration: exact, by the propagator matrix (Rotter &amp; Diesmann 1999, Biol. Cybern. 81:381)</h2>
 * The subthreshold system is linear with constant coefficients, so one step {@code h = dt} is a matrix
 * product, computed once at construction (as NEST's {@code iaf_psc_alpha} and {@code IAFPropagatorAlpha}):
 * <pre>
 *   P11 = exp(-h / tau_syn)                       dI -&gt; dI and I -&gt; I
 *   P21 = h P11                                   dI -&gt; I
 *   P33 = exp(-h / tau_m),  P30 = tau_m / C_m (1 - P33)          V and constant current -&gt; V
 *   P32 = (1/C_m) (exp(-h/tau_m) - exp(-h/tau_syn)) / a,          a = 1/tau_syn - 1/tau_m     (I -&gt; V)
 *       = (h / C_m) exp(-h / tau_m) g(a h),        g(x) = (1 - exp(-x)) / x
 *   P31 = (1/C_m) [(exp(-h/tau_m) - exp(-h/tau_syn)) / a^2 - h exp(-h/tau_syn) / a]           (dI -&gt; V)
 *       = (h^2 / C_m) exp(-h / tau_m) f(a h),      f(x) = (1 - exp(-x) (1 + x)) / x^2
 *   V(t+h) - E_L = P33 (V(t) - E_L) + P31 dI + P32 I (each receptor) + P30 (I_e + I_ext)
 * </pre>
 * {@code f} and {@code g} are evaluated by their Taylor series where {@code |x| < 0.5} (so {@code tau_m} equal or
 * close to {@code tau_syn}, where the first forms cancel, needs no special case; the limit is {@code f(0) = 1/2},
 * {@code g(0) = 1}) and by the closed forms elsewhere. The result is exact up to rounding for piecewise-constant
 * external current; tests compare it with the closed-form PSC and PSP and with Brian2's exact integrator.
 *
 * <p>Step order as NEST's {@code iaf_psc_alpha::update} and {@link NeuronModel}: V advances with the currents
 * at the start of the step (or stays at {@code V_reset} while refractory), the currents advance, the inputs of the
 * step are added to {@code dI}, then the threshold is checked. All constants come from {@link StrictMath} and
 * the step does only additions and multiplications, so results do not depend on the JIT.
 *
 * <p>State ({@link NeuronStateLayouts#LIF_CUBA_ALPHA}): {@code v} mV, {@code i_exc}, {@code i_inh} pA,
 * {@code di_exc}, {@code di_inh} pA/ms, {@code refractory} steps. Rest: {@code v = E_L}, the rest 0.
 * Inputs are pA (the PSC peak; inhibitory weights negative). Thread-safety: immutable; see {@link NeuronModel}.
 */
public final class LifCubaAlphaModel extends NeuronModelBase<LifCubaParams> {

    private static final SoaLayout LAYOUT = NeuronStateLayouts.LIF_CUBA_ALPHA;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int I_EXC = LAYOUT.columnIndex("i_exc");
    private static final int DI_EXC = LAYOUT.columnIndex("di_exc");
    private static final int I_INH = LAYOUT.columnIndex("i_inh");
    private static final int DI_INH = LAYOUT.columnIndex("di_inh");
    private static final int REFRACTORY = LAYOUT.columnIndex("refractory");

    private final double p11Exc;
    private final double p11Inh;
    private final double p21Exc;
    private final double p21Inh;
    private final double p31Exc;
    private final double p31Inh;
    private final double p32Exc;
    private final double p32Inh;
    private final double p33;
    private final double p30;
    private final double jumpExc;
    private final double jumpInh;
    private final int refractorySteps;

    /**
     * Creates the model and its propagators.
     *
     * @param params parameters (validated by the record); {@code tauSynExc}, {@code tauSynInh} are the alpha
     *               time constants (time to peak)
     * @param dt     time step, ms, &gt; 0
     * @throws IllegalArgumentException if {@code dt} is not finite and positive
     */
    public LifCubaAlphaModel(LifCubaParams params, double dt) {
        super(LAYOUT, params, dt, 2, "pA");
        double tauM = params.tauM();
        double cM = params.cM();
        this.p11Exc = StrictMath.exp(-dt / params.tauSynExc());
        this.p11Inh = StrictMath.exp(-dt / params.tauSynInh());
        this.p21Exc = dt * p11Exc;
        this.p21Inh = dt * p11Inh;
        this.p33 = StrictMath.exp(-dt / tauM);
        this.p30 = -tauM / cM * StrictMath.expm1(-dt / tauM);
        this.p31Exc = p31(params.tauSynExc(), tauM, cM, dt);
        this.p31Inh = p31(params.tauSynInh(), tauM, cM, dt);
        this.p32Exc = p32(params.tauSynExc(), tauM, cM, dt);
        this.p32Inh = p32(params.tauSynInh(), tauM, cM, dt);
        this.jumpExc = Math.E / params.tauSynExc();
        this.jumpInh = Math.E / params.tauSynInh();
        this.refractorySteps = Check.steps("tRef", params.tRef(), dt, 0);
    }

    /** Propagator from the alpha auxiliary {@code dI} (pA/ms) to V over {@code h}, mV per pA/ms. */
    static double p31(double tauSyn, double tauM, double cM, double h) {
        double x = h * ((tauM - tauSyn) / (tauSyn * tauM));
        double f;
        if (Math.abs(x) < 0.5) {
            // f(x) = sum_n (-1)^n (n + 1) / (n + 2)! x^n; 18 terms: the first omitted is below 1e-20 at |x| = 0.5
            f = 0;
            double fact = 1;
            for (int n = 2; n <= 19; n++) {
                fact *= n;
            }
            for (int n = 17; n >= 0; n--) {
                f = f * -x + (n + 1) / fact;
                fact /= n + 2;
            }
        } else {
            f = (-StrictMath.expm1(-x) - x * StrictMath.exp(-x)) / (x * x);
        }
        return h * h / cM * StrictMath.exp(-h / tauM) * f;
    }

    /** Propagator from an alpha (or exponential) current {@code I} (pA) to V over {@code h}, mV/pA. */
    static double p32(double tauSyn, double tauM, double cM, double h) {
        double x = h * ((tauM - tauSyn) / (tauSyn * tauM));
        double g;
        if (Math.abs(x) < 0.5) {
            // g(x) = sum_n (-1)^n x^n / (n + 1)!; 18 terms
            g = 0;
            double fact = 1;
            for (int n = 2; n <= 18; n++) {
                fact *= n;
            }
            for (int n = 17; n >= 0; n--) {
                g = g * -x + 1 / fact;
                fact /= n + 1;
            }
        } else {
            g = -StrictMath.expm1(-x) / x;
        }
        return h / cM * StrictMath.exp(-h / tauM) * g;
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
        MemorySegment ies = s.column(I_EXC);
        MemorySegment dies = s.column(DI_EXC);
        MemorySegment iis = s.column(I_INH);
        MemorySegment diis = s.column(DI_INH);
        MemorySegment rs = s.column(REFRACTORY);
        MemorySegment inExc = input[0];
        MemorySegment inInh = input[1];
        double eL = params.eL();
        double iE = params.iE();
        double vTh = params.vTh();
        double vReset = params.vReset();
        for (int base = from, end; base < to; base = end) {
            end = to - base > 64 ? base + 64 : to; // blocks of 64, spikes reported after each: NeuronModelBase.emit
            long fired = 0;
            for (int i = base; i < end; i++) {
                double v = vs.getAtIndex(JAVA_DOUBLE, i);
                double ie = ies.getAtIndex(JAVA_DOUBLE, i);
                double die = dies.getAtIndex(JAVA_DOUBLE, i);
                double ii = iis.getAtIndex(JAVA_DOUBLE, i);
                double dii = diis.getAtIndex(JAVA_DOUBLE, i);
                int ref = rs.getAtIndex(JAVA_INT, i);
                if (ref == 0) {
                    double current = external == null ? iE : iE + external.getAtIndex(JAVA_DOUBLE, i);
                    v = eL + (v - eL) * p33 + die * p31Exc + ie * p32Exc + dii * p31Inh + ii * p32Inh + current * p30;
                } else {
                    ref--;
                }
                ie = ie * p11Exc + die * p21Exc;
                ii = ii * p11Inh + dii * p21Inh;
                die = die * p11Exc + inExc.getAtIndex(JAVA_FLOAT, i) * jumpExc;
                dii = dii * p11Inh + inInh.getAtIndex(JAVA_FLOAT, i) * jumpInh;
                inExc.setAtIndex(JAVA_FLOAT, i, 0f); // consumed: see consumesInput
                inInh.setAtIndex(JAVA_FLOAT, i, 0f);
                if (v >= vTh) {
                    v = vReset;
                    ref = refractorySteps;
                    fired |= 1L << (i - base);
                }
                vs.setAtIndex(JAVA_DOUBLE, i, v);
                ies.setAtIndex(JAVA_DOUBLE, i, ie);
                dies.setAtIndex(JAVA_DOUBLE, i, die);
                iis.setAtIndex(JAVA_DOUBLE, i, ii);
                diis.setAtIndex(JAVA_DOUBLE, i, dii);
                rs.setAtIndex(JAVA_INT, i, ref);
            }
            emit(sink, base, fired);
        }
    }

    @Override
    public String toString() {
        return "LifCubaAlphaModel[" + params + ", dt=" + dt + " ms]";
    }
}
