package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.engine.Check;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;

/**
 * The current-based LIF of {@link LifCubaModel} in Q16.16 integer arithmetic (the embedded mode of the
 * original SHGNN, done with saturation and exact propagators).
 *
 * <p>The same exact propagators (Rotter &amp; Diesmann 1999) are computed once in double precision and
 * stored as {@link Q16.Scale} constants (30-bit mantissa and a shift), so the exponential decay of current and
 * membrane is one integer multiply-and-shift per variable and step (the "decay table" collapses to one entry
 * because {@code dt} is fixed). The state is {@code int} Q16.16 (mV, pA); every product goes through a
 * 64-bit intermediate, rounds to nearest and saturates (see {@link Q16}). Each input weight and external
 * current is converted to Q16.16 as it is read (rounded to nearest, ties to even, saturated; NaN reads as 0).
 *
 * <p>Determinism: apart from those conversions (IEEE-754 operations fully specified by Java) the step is
 * integer-only, so spike trains are bit-identical on every JVM and machine, for any partition of the neurons.
 *
 * <p>Accuracy against {@link LifCubaModel} (same parameters and input): each step adds at most about two
 * units in the last place (2^-16 mV) of rounding to {@code v}, which the membrane decay {@code P22} damps, so
 * the steady deviation is at most {@code 2 * 2^-16 / (1 - P22)} mV, about 3e-3 mV for {@code tau_m = 10 ms},
 * {@code dt = 0.1 ms}. Spike times therefore agree to the step except where the floating trajectory crosses
 * threshold within that margin of a grid point. Ranges: potentials and currents must stay within
 * +-32768 (mV, pA); larger values saturate.
 *
 * <p>State ({@link NeuronStateLayouts#FIXED_POINT_LIF}): {@code v}, {@code i_exc}, {@code i_inh} Q16.16,
 * {@code refractory} steps; rest {@code v = E_L}. {@link #membranePotential} and
 * {@link #setMembranePotential} convert from/to mV. Thread-safety: immutable; see {@link NeuronModel}.
 */
public final class FixedPointLifModel extends NeuronModelBase<LifCubaParams> {

    private static final SoaLayout LAYOUT = NeuronStateLayouts.FIXED_POINT_LIF;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int I_EXC = LAYOUT.columnIndex("i_exc");
    private static final int I_INH = LAYOUT.columnIndex("i_inh");
    private static final int REFRACTORY = LAYOUT.columnIndex("refractory");

    private final Q16.Scale p11Exc;
    private final Q16.Scale p11Inh;
    private final Q16.Scale p22;
    private final Q16.Scale p21Exc;
    private final Q16.Scale p21Inh;
    private final Q16.Scale p20;
    private final int eL;
    private final int vTh;
    private final int vReset;
    private final int iE;
    private final int refractorySteps;

    /**
     * Creates the model.
     *
     * @param params parameters; potentials and {@code I_e} must lie within the Q16.16 range
     * @param dt     time step, ms, &gt; 0
     * @throws IllegalArgumentException naming the field if {@code dt} is invalid or a value does not fit Q16.16
     */
    public FixedPointLifModel(LifCubaParams params, double dt) {
        super(LAYOUT, params, dt, 2, "pA");
        this.p11Exc = Q16.Scale.of(Math.exp(-dt / params.tauSynExc()));
        this.p11Inh = Q16.Scale.of(Math.exp(-dt / params.tauSynInh()));
        this.p22 = Q16.Scale.of(Math.exp(-dt / params.tauM()));
        this.p21Exc = Q16.Scale.of(LifCubaModel.p21(params.tauSynExc(), params.tauM(), params.cM(), dt));
        this.p21Inh = Q16.Scale.of(LifCubaModel.p21(params.tauSynInh(), params.tauM(), params.cM(), dt));
        this.p20 = Q16.Scale.of(-params.tauM() / params.cM() * Math.expm1(-dt / params.tauM()));
        this.eL = fits("eL", params.eL(), "mV");
        this.vTh = fits("vTh", params.vTh(), "mV");
        this.vReset = fits("vReset", params.vReset(), "mV");
        this.iE = fits("iE", params.iE(), "pA");
        this.refractorySteps = Check.steps("tRef", params.tRef(), dt, 0);
    }

    private static int fits(String field, double value, String unit) {
        if (Math.abs(value) >= 32768.0) {
            throw new IllegalArgumentException(field + " = " + value + " " + unit + " is outside the Q16.16 range (-32768, 32768)");
        }
        return Q16.fromDouble(value);
    }

    /** Number of steps a neuron stays clamped after its spike step: {@code round(t_ref / dt)}. */
    public int refractorySteps() {
        return refractorySteps;
    }

    @Override
    void setRest(PopulationState s, int i) {
        s.setInt(V, i, eL);
    }

    /** The membrane potential in mV (the stored Q16.16 value, converted exactly). */
    @Override
    public double membranePotential(PopulationState s, int i) {
        return Q16.toDouble(s.getInt(V, i));
    }

    /** Stores {@code mV} rounded to Q16.16 (saturated to the range). */
    @Override
    public void setMembranePotential(PopulationState s, int i, double mV) {
        Check.finite("membrane potential", mV, "mV");
        s.setInt(V, i, Q16.fromDouble(mV));
    }

    @Override
    public void step(PopulationState s, int from, int to, MemorySegment[] input, MemorySegment external, SpikeSink sink) {
        checkStep(s, from, to, input, external, sink);
        MemorySegment m = s.segment();
        long oV = s.columnOffset(V);
        long oE = s.columnOffset(I_EXC);
        long oI = s.columnOffset(I_INH);
        long oR = s.columnOffset(REFRACTORY);
        MemorySegment inExc = input[0];
        MemorySegment inInh = input[1];
        for (int i = from; i < to; i++) {
            long f = (long) i << 2;
            int v = m.get(JAVA_INT, oV + f);
            int ie = m.get(JAVA_INT, oE + f);
            int ii = m.get(JAVA_INT, oI + f);
            int ref = m.get(JAVA_INT, oR + f);
            if (ref == 0) {
                int current = external == null ? iE : Q16.add(iE, toQ16(external.get(JAVA_DOUBLE, (long) i << 3)));
                int y = Q16.sub(v, eL);
                y = Q16.add(Q16.add(p22.apply(y), p21Exc.apply(ie)), Q16.add(p21Inh.apply(ii), p20.apply(current)));
                v = Q16.add(y, eL);
            } else {
                ref--;
            }
            ie = Q16.add(p11Exc.apply(ie), toQ16(inExc.get(JAVA_FLOAT, f)));
            ii = Q16.add(p11Inh.apply(ii), toQ16(inInh.get(JAVA_FLOAT, f)));
            if (v >= vTh) {
                v = vReset;
                ref = refractorySteps;
                sink.spike(i);
            }
            m.set(JAVA_INT, oV + f, v);
            m.set(JAVA_INT, oE + f, ie);
            m.set(JAVA_INT, oI + f, ii);
            m.set(JAVA_INT, oR + f, ref);
        }
    }

    /** Input conversion without the NaN check of {@link Q16#fromDouble}: NaN input maps to 0. */
    private static int toQ16(double x) {
        double scaled = Math.rint(x * Q16.ONE); // ties to even; NaN -> NaN -> (long) 0
        return Q16.saturate((long) scaled);
    }

    @Override
    public String toString() {
        return "FixedPointLifModel[" + params + ", dt=" + dt + " ms]";
    }
}
