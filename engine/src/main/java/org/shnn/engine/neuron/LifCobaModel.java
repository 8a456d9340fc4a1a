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
 * Conductance-based LIF neuron with exponential conductances (NEST {@code iaf_cond_exp}; the neuron of the
 * Vogels-Abbott COBA benchmark, {@link LifCobaParams#brian2Coba()}).
 *
 * <h2>Integration: exponential Euler with midpoint conductances</h2>
 * The conductances decay exactly: {@code g(t+h) = g(t) exp(-h/tau_syn)}. With the conductances held at a
 * value {@code g*}, the membrane equation is linear with constant coefficients and is solved exactly:
 * <pre>
 *   g_tot = g_L + g_exc* + g_inh*
 *   V_inf = (g_L E_L + g_exc* E_exc + g_inh* E_inh + I_e + I_ext) / g_tot
 *   V(t+h) = V_inf + (V(t) - V_inf) exp(-h g_tot / C_m)
 * </pre>
 * We take {@code g* = g(t + h/2) = g(t) exp(-h / (2 tau_syn))}, the exact midpoint value. Why this scheme:
 * <ul>
 *   <li>it is unconditionally stable and cannot overshoot: {@code V(t+h)} lies between {@code V(t)} and
 *       {@code V_inf}, hence never beyond the reversal potentials however large a conductance jump is
 *       (forward Euler overshoots {@code V_inf} once {@code h g_tot / C_m > 1} and diverges beyond 2,
 *       classical RK4 diverges beyond about 2.8);</li>
 *   <li>it is exact for constant conductance, and the midpoint value makes the integral of the conductance
 *       over the step second-order accurate, so the scheme is second order in {@code h} (Brian2's default
 *       {@code exponential_euler} uses the start-of-step value and is first order in the conductance change);
 *       against an RK4 reference with a 200x finer step the error is 1.4e-4 mV at {@code dt = 0.1 ms} under
 *       random 2-10 nS kicks, and the observed order is 2.0 (test);</li>
 *   <li>it costs one {@code exp} and one division per neuron and step, less than a Runge-Kutta scheme.</li>
 * </ul>
 * The {@code exp} is {@link Exp#exp} (within 1 ulp, built from additions and multiplications), not
 * {@link Math#exp}: the vector kernel ({@link LifCobaLanes}, used when {@link Simd#ENABLED}) computes the same
 * operations lane by lane, so a neuron's trajectory has the same bits whichever path and thread advance it.
 *
 * <p>State ({@link NeuronStateLayouts#LIF_COBA}): {@code v} mV, {@code g_exc}, {@code g_inh} nS,
 * {@code refractory} steps. Rest: {@code v = E_L}, conductances 0. Inputs are conductance increments in nS
 * (positive for both receptors; the inhibitory effect comes from {@code E_inh}). Refractoriness clamps
 * {@code v} at {@code V_reset} for {@code round(t_ref / dt)} steps after the spike step; conductances keep
 * decaying and receiving input. Step order: see {@link NeuronModel}.
 *
 * <p>Thread-safety: immutable; see {@link NeuronModel}.
 */
public final class LifCobaModel extends NeuronModelBase<LifCobaParams> {

    private static final SoaLayout LAYOUT = NeuronStateLayouts.LIF_COBA;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int G_EXC = LAYOUT.columnIndex("g_exc");
    private static final int G_INH = LAYOUT.columnIndex("g_inh");
    private static final int REFRACTORY = LAYOUT.columnIndex("refractory");

    // Package-private for the vector kernel LifCobaLanes.
    final double p11Exc;
    final double p11Inh;
    final double halfExc;
    final double halfInh;
    final double minusDtOverC;
    final int refractorySteps;

    /**
     * Creates the model.
     *
     * @param params parameters (validated by the record)
     * @param dt     time step, ms, &gt; 0
     * @throws IllegalArgumentException if {@code dt} is not finite and positive
     */
    public LifCobaModel(LifCobaParams params, double dt) {
        super(LAYOUT, params, dt, 2, "nS");
        this.p11Exc = Math.exp(-dt / params.tauSynExc());
        this.p11Inh = Math.exp(-dt / params.tauSynInh());
        this.halfExc = Math.exp(-0.5 * dt / params.tauSynExc());
        this.halfInh = Math.exp(-0.5 * dt / params.tauSynInh());
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
        // Int-indexed column slices: see LifCubaModel.step.
        MemorySegment vs = s.column(V);
        MemorySegment es = s.column(G_EXC);
        MemorySegment is = s.column(G_INH);
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
        // With Simd.ENABLED, the whole vectors of [from, to) go through LifCobaLanes (the same operations in the same
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
                // Not called for an empty range: calls without iterations would make the profile rate the
                // Lanes.exp call site cold, C2 would then not inline it, and each vector would be boxed.
                LifCobaLanes.advance(this, vs, es, is, rs, inExc, inInh, external, chunk, vectors, masks);
            }
            for (int base = chunk, end; base < chunkEnd; base = end) {
                end = chunkEnd - base > 64 ? base + 64 : chunkEnd;
                long fired = base < vectors ? masks[(base - chunk) >>> 6] : 0;
                int i = Math.max(base, vectors);
                for (; i < end; i++) {
                    double v = vs.getAtIndex(JAVA_DOUBLE, i);
                    double ge = es.getAtIndex(JAVA_DOUBLE, i);
                    double gi = is.getAtIndex(JAVA_DOUBLE, i);
                    int ref = rs.getAtIndex(JAVA_INT, i);
                    if (ref == 0) {
                        double current = external == null ? iE : iE + external.getAtIndex(JAVA_DOUBLE, i);
                        double geMid = ge * halfExc;
                        double giMid = gi * halfInh;
                        double gTot = gL + geMid + giMid;
                        double vInf = (gLeL + geMid * eExc + giMid * eInh + current) / gTot;
                        v = vInf + (v - vInf) * Exp.exp(minusDtOverC * gTot);
                    } else {
                        ref--;
                    }
                    ge = ge * p11Exc + inExc.getAtIndex(JAVA_FLOAT, i);
                    gi = gi * p11Inh + inInh.getAtIndex(JAVA_FLOAT, i);
                    inExc.setAtIndex(JAVA_FLOAT, i, 0f); // consumed: see consumesInput
                    inInh.setAtIndex(JAVA_FLOAT, i, 0f);
                    if (v >= vTh) {
                        v = vReset;
                        ref = refractorySteps;
                        fired |= 1L << (i - base);
                    }
                    vs.setAtIndex(JAVA_DOUBLE, i, v);
                    es.setAtIndex(JAVA_DOUBLE, i, ge);
                    is.setAtIndex(JAVA_DOUBLE, i, gi);
                    rs.setAtIndex(JAVA_INT, i, ref);
                }
                emit(sink, base, fired);
            }
        }
    }

    @Override
    public String toString() {
        return "LifCobaModel[" + params + ", dt=" + dt + " ms]";
    }
}
