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
 * Leaky integrate-and-fire neuron with delta synapses (NEST {@code iaf_psc_delta}; the neuron of Brunel 2000):
 * an input spike of weight {@code J} makes the membrane potential jump by {@code J} mV. Integrated exactly
 * (Rotter &amp; Diesmann 1999, Biol. Cybern. 81:381) with the propagators of the fixed step {@code h}:
 *
 * <pre>
 *   P33 = exp(-h / tau_m)                  (membrane decay)
 *   P30 = tau_m / C_m (1 - P33)            (constant current -&gt; V, mV/pA; computed with expm1)
 *   V(t+h) = E_L + (V(t) - E_L) P33 + (I_e + I_ext) P30 + input_exc + input_inh
 * </pre>
 *
 * This is NEST's {@code iaf_psc_delta::update}: the jumps arriving in a step are added in that same step, so
 * they can make the neuron fire in it (unlike the exponential-synapse models, whose input acts from the next
 * step on; {@link NeuronModel}). The result is exact up to rounding for piecewise-constant current.
 *
 * <p>Refractoriness, as NEST with its default {@code refractory_input = false}: for {@code round(t_ref / dt)}
 * steps after the spike step {@code V} stays clamped at {@code V_reset} and input arriving meanwhile is
 * <em>discarded</em>. NEST's optional lower bound {@code V_min} is not modelled (its default is -infinity).
 *
 * <p>State ({@link NeuronStateLayouts#LIF_DELTA}): {@code v} mV, {@code refractory} steps. Rest:
 * {@code v = E_L}, not refractory. Inputs are voltage jumps in mV on both receptors (0 excitatory, 1
 * inhibitory with negative weights); they are summed.
 *
 * <p>Thread-safety: immutable; see {@link NeuronModel}.
 */
public final class LifDeltaModel extends NeuronModelBase<LifDeltaParams> {

    private static final SoaLayout LAYOUT = NeuronStateLayouts.LIF_DELTA;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int REFRACTORY = LAYOUT.columnIndex("refractory");

    // Package-private for the vector kernel LifDeltaLanes.
    final double p33;
    final double p30;
    final int refractorySteps;

    /**
     * Creates the model and its propagators.
     *
     * @param params parameters (validated by the record)
     * @param dt     time step, ms, &gt; 0
     * @throws IllegalArgumentException if {@code dt} is not finite and positive
     */
    public LifDeltaModel(LifDeltaParams params, double dt) {
        super(LAYOUT, params, dt, 2, "mV");
        this.p33 = Math.exp(-dt / params.tauM());
        this.p30 = -params.tauM() / params.cM() * Math.expm1(-dt / params.tauM());
        this.refractorySteps = Check.steps("tRef", params.tRef(), dt, 0);
    }

    /** Number of steps a neuron stays clamped after its spike step: {@code round(t_ref / dt)}. */
    public int refractorySteps() {
        return refractorySteps;
    }

    /** True: the step zeroes the inputs it reads (also those a refractory neuron discards), in the same pass. */
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
        MemorySegment rs = s.column(REFRACTORY);
        MemorySegment inExc = input[0];
        MemorySegment inInh = input[1];
        double eL = params.eL();
        double iE = params.iE();
        double vTh = params.vTh();
        double vReset = params.vReset();
        double drive = eL * (1 - p33) + iE * p30; // the constant part of V(t+h) without external current
        // With Simd.ENABLED, the whole vectors of [from, to) go through LifDeltaLanes (the same operations in the same
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
                LifDeltaLanes.advance(this, vs, rs, inExc, inInh, external, drive, chunk, vectors, masks);
            }
            for (int base = chunk, end; base < chunkEnd; base = end) {
                end = chunkEnd - base > 64 ? base + 64 : chunkEnd;
                long fired = base < vectors ? masks[(base - chunk) >>> 6] : 0;
                int i = Math.max(base, vectors);
                for (; i < end; i++) {
                    int ref = rs.getAtIndex(JAVA_INT, i);
                    float exc = inExc.getAtIndex(JAVA_FLOAT, i);
                    float inh = inInh.getAtIndex(JAVA_FLOAT, i);
                    inExc.setAtIndex(JAVA_FLOAT, i, 0f); // consumed: see consumesInput
                    inInh.setAtIndex(JAVA_FLOAT, i, 0f);
                    if (ref != 0) {
                        rs.setAtIndex(JAVA_INT, i, ref - 1); // v stays at V_reset; the input is discarded
                        continue;
                    }
                    double v = vs.getAtIndex(JAVA_DOUBLE, i);
                    v = drive + v * p33 + ((double) exc + (double) inh);
                    if (external != null) {
                        v += external.getAtIndex(JAVA_DOUBLE, i) * p30;
                    }
                    if (v >= vTh) {
                        v = vReset;
                        rs.setAtIndex(JAVA_INT, i, refractorySteps);
                        fired |= 1L << (i - base);
                    }
                    vs.setAtIndex(JAVA_DOUBLE, i, v);
                }
                emit(sink, base, fired);
            }
        }
    }

    @Override
    public String toString() {
        return "LifDeltaModel[" + params + ", dt=" + dt + " ms]";
    }
}
