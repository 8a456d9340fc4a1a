package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.shnn.engine.Check;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;

/**
 * Current-based LIF neuron with exponential synaptic currents (NEST {@code iaf_psc_exp}), integrated
 * exactly: the linear subthreshold system is advanced with its propagator matrix (Rotter &amp; Diesmann
 * 1999, Biol. Cybern. 81:381), computed once at construction for the fixed {@code dt = h}:
 *
 * <pre>
 *   P11 = exp(-h / tau_syn)                      (current decay)
 *   P22 = exp(-h / tau_m)                        (membrane decay)
 *   P20 = tau_m / C_m (1 - P22)                  (constant current -&gt; V, mV/pA)
 *   P21 = beta / C_m (exp(-h/tau_m) - exp(-h/tau_syn)),  beta = tau_m tau_syn / (tau_m - tau_syn)
 *       = beta / C_m exp(-h/tau_syn) expm1(h / beta)      (the cancellation-free form NEST uses)
 *       = h / C_m exp(-h / tau_m)                         (the limit tau_m == tau_syn)
 *   V(t+h) = E_L + (V(t) - E_L) P22 + I_exc P21_exc + I_inh P21_inh + (I_e + I_ext) P20
 * </pre>
 *
 * The singular case is chosen exactly as NEST's {@code IAFPropagator::evaluate_P32_} does: the regular
 * formula is used whenever it yields a normal positive number, otherwise the limit. The result is exact up to
 * rounding for piecewise-constant external current, so membrane potentials match the closed-form solution to
 * about 1e-13 relative (tested at 1e-12).
 *
 * <p>State ({@link NeuronStateLayouts#LIF_CUBA}): {@code v} mV, {@code i_exc}, {@code i_inh} pA,
 * {@code refractory} steps. Rest: {@code v = E_L}, currents 0, not refractory. Refractoriness clamps
 * {@code v} at {@code V_reset} for {@code round(t_ref / dt)} steps after the spike step, as NEST does; the
 * currents keep decaying and receiving input meanwhile. Inputs are pA (inhibitory weights negative).
 *
 * <p>Thread-safety: immutable; see {@link NeuronModel}.
 */
public final class LifCubaModel extends NeuronModelBase<LifCubaParams> {

    private static final SoaLayout LAYOUT = NeuronStateLayouts.LIF_CUBA;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int I_EXC = LAYOUT.columnIndex("i_exc");
    private static final int I_INH = LAYOUT.columnIndex("i_inh");
    private static final int REFRACTORY = LAYOUT.columnIndex("refractory");

    // Package-private for the vector kernel LifCubaLanes.
    final double p11Exc;
    final double p11Inh;
    final double p22;
    final double p21Exc;
    final double p21Inh;
    final double p20;
    final int refractorySteps;

    /**
     * Creates the model and its propagators.
     *
     * @param params parameters (validated by the record)
     * @param dt     time step, ms, &gt; 0
     * @throws IllegalArgumentException if {@code dt} is not finite and positive
     */
    public LifCubaModel(LifCubaParams params, double dt) {
        super(LAYOUT, params, dt, 2, "pA");
        this.p11Exc = Math.exp(-dt / params.tauSynExc());
        this.p11Inh = Math.exp(-dt / params.tauSynInh());
        this.p22 = Math.exp(-dt / params.tauM());
        this.p21Exc = p21(params.tauSynExc(), params.tauM(), params.cM(), dt);
        this.p21Inh = p21(params.tauSynInh(), params.tauM(), params.cM(), dt);
        this.p20 = -params.tauM() / params.cM() * Math.expm1(-dt / params.tauM());
        this.refractorySteps = Check.steps("tRef", params.tRef(), dt, 0);
    }

    /**
     * The propagator from an exponentially decaying synaptic current to the membrane potential over one step
     * {@code h}, in mV/pA (Rotter &amp; Diesmann 1999; NEST's {@code IAFPropagator}, regular and singular case).
     */
    static double p21(double tauSyn, double tauM, double cM, double h) {
        double beta = tauSyn * tauM / (tauM - tauSyn);           // +-Infinity when tauM == tauSyn
        double invBeta = (tauM - tauSyn) / (tauSyn * tauM);      // explicit, 0 when tauM == tauSyn
        double regular = beta / cM * Math.exp(-h / tauSyn) * Math.expm1(h * invBeta);
        if (Double.isFinite(regular) && regular >= Double.MIN_NORMAL) { // NaN when tauM == tauSyn
            return regular;
        }
        return h / cM * Math.exp(-h / tauM);
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
        // One slice per column, indexed by int: C2 hoists the bounds checks of int-indexed accesses to
        // distinct slices far better than of long offsets into one segment (1.5x on this loop, measured in
        // org.shnn.bench.neuron.LifCubaStepBenchmark).
        MemorySegment vs = s.column(V);
        MemorySegment es = s.column(I_EXC);
        MemorySegment is = s.column(I_INH);
        MemorySegment rs = s.column(REFRACTORY);
        MemorySegment inExc = input[0];
        MemorySegment inInh = input[1];
        double eL = params.eL();
        double iE = params.iE();
        double vTh = params.vTh();
        double vReset = params.vReset();
        // With Simd.ENABLED, the whole vectors of [from, to) go through LifCubaLanes (the same operations in the same
        // order, so the same bits), one call per chunk of up to SPIKE_MASK_NEURONS neurons, which ORs each 64-neuron
        // block's spike bits into masks; the remainder, fewer than a vector, through the scalar loop below. Chunks and
        // not one call per block: a block is only 64 / lanes iterations, and C2's loop set-up per call cost about as
        // much as the update (bench/RESULTS.md section 42). Spikes are reported per block, after the kernel: see
        // NeuronModelBase.emit.
        int vectorEnd = Simd.ENABLED ? Simd.vectorEnd(from, to) : from;
        long[] masks = vectorEnd > from ? spikeMasks() : null;
        for (int chunk = from, chunkEnd; chunk < to; chunk = chunkEnd) {
            // Math.min, not a conditional: C2 compiles it without a branch, so a warm-up on ranges of at most
            // SPIKE_MASK_NEURONS (never taking the branch) leaves no uncommon trap for a larger run to hit
            chunkEnd = chunk + Math.min(to - chunk, SPIKE_MASK_NEURONS); // to - chunk > 0: no int overflow
            int vectors = Math.min(vectorEnd, chunkEnd);
            if (vectors > chunk) {
                Arrays.fill(masks, 0L);
                // Not called for an empty range: a profile full of calls without iterations makes C2 rate the
                // loop body cold, and a kernel compiled that way boxes its vectors (see LifCobaModel).
                LifCubaLanes.advance(this, vs, es, is, rs, inExc, inInh, external, chunk, vectors, masks);
            }
            for (int base = chunk, end; base < chunkEnd; base = end) {
                end = chunkEnd - base > 64 ? base + 64 : chunkEnd;
                long fired = base < vectors ? masks[(base - chunk) >>> 6] : 0;
                int i = Math.max(base, vectors);
                for (; i < end; i++) {
                    double v = vs.getAtIndex(JAVA_DOUBLE, i);
                    double ie = es.getAtIndex(JAVA_DOUBLE, i);
                    double ii = is.getAtIndex(JAVA_DOUBLE, i);
                    int ref = rs.getAtIndex(JAVA_INT, i);
                    if (ref == 0) {
                        double current = external == null ? iE : iE + external.getAtIndex(JAVA_DOUBLE, i);
                        v = eL + (v - eL) * p22 + ie * p21Exc + ii * p21Inh + current * p20;
                    } else {
                        ref--;
                    }
                    ie = ie * p11Exc + inExc.getAtIndex(JAVA_FLOAT, i);
                    ii = ii * p11Inh + inInh.getAtIndex(JAVA_FLOAT, i);
                    inExc.setAtIndex(JAVA_FLOAT, i, 0f); // consumed: see consumesInput
                    inInh.setAtIndex(JAVA_FLOAT, i, 0f);
                    if (v >= vTh) {
                        v = vReset;
                        ref = refractorySteps;
                        fired |= 1L << (i - base);
                    }
                    vs.setAtIndex(JAVA_DOUBLE, i, v);
                    es.setAtIndex(JAVA_DOUBLE, i, ie);
                    is.setAtIndex(JAVA_DOUBLE, i, ii);
                    rs.setAtIndex(JAVA_INT, i, ref);
                }
                emit(sink, base, fired);
            }
        }
    }

    @Override
    public String toString() {
        return "LifCubaModel[" + params + ", dt=" + dt + " ms]";
    }
}
