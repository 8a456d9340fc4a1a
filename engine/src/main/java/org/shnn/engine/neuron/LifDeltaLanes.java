package org.shnn.engine.neuron;

import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.I2D;
import static jdk.incubator.vector.VectorOperators.NE;
import static org.shnn.engine.neuron.Lanes.D;
import static org.shnn.engine.neuron.Lanes.F;
import static org.shnn.engine.neuron.Lanes.I;
import static org.shnn.engine.neuron.Lanes.ORDER;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;

/**
 * The vector kernel of {@link LifDeltaModel#step}: one lane per neuron, {@link Lanes#DOUBLES} neurons per
 * iteration. Each lane performs exactly the scalar loop's IEEE operations in the same order (no fused
 * multiply-add, no reassociation), so state and spikes are bit-identical to the scalar loop whatever the lane
 * count or the split of neurons between vector and scalar code. The scalar loop's early exit for refractory
 * neurons becomes blends: their lanes compute the update too, then store back the unchanged {@code v} (same
 * bits), count the refractory period down, and cannot spike; their input is discarded as in the scalar loop.
 *
 * <p>Only loaded when {@link Simd#ENABLED}. Thread-safety: stateless; the caller's range rules apply.
 */
final class LifDeltaLanes {

    private LifDeltaLanes() {
    }

    /**
     * Advances neurons {@code [from, to)}, {@code to - from} a multiple of {@link Lanes#DOUBLES} and at
     * most {@link NeuronModelBase#SPIKE_MASK_NEURONS}; zeroes their inputs ({@code inExc}, {@code inInh}) as it reads
     * them; sets bit {@code (i - from) & 63} of {@code masks[(i - from) >>> 6]} when neuron {@code i} fired (the
     * caller zeroes {@code masks} first: {@link NeuronModelBase#spikeMasks}). The segments are the model's column
     * slices and buffers as in {@link LifDeltaModel#step}; {@code drive} is the constant part of
     * {@code V(t+h)} computed there; {@code external} may be null.
     */
    static void advance(LifDeltaModel m, MemorySegment vs, MemorySegment rs, MemorySegment inExc, MemorySegment inInh,
                        MemorySegment external, double drive, int from, int to, long[] masks) {
        LifDeltaParams p = m.params();
        double vTh = p.vTh();
        double vReset = p.vReset();
        for (int i = from; i < to; i += Lanes.DOUBLES) {
            long at8 = (long) i * Double.BYTES;
            long at4 = (long) i * Float.BYTES; // also Integer.BYTES
            DoubleVector v0 = DoubleVector.fromMemorySegment(D, vs, at8, ORDER);
            IntVector ref = IntVector.fromMemorySegment(I, rs, at4, ORDER);
            VectorMask<Integer> refractory = ref.compare(NE, 0);
            // The same lanes as a double mask, from the counters widened exactly (not refractory.cast(D): with
            // AVX-512 a mask cast between the int and double species cost more than the rest of the update,
            // bench/RESULTS.md section 42).
            VectorMask<Double> clamped = ((DoubleVector) ref.convertShape(I2D, D, 0)).compare(NE, 0.0);
            // (double) exc + (double) inh: floats widened exactly, then one rounded sum
            DoubleVector jumps = ((DoubleVector) FloatVector.fromMemorySegment(F, inExc, at4, ORDER).convertShape(F2D, D, 0))
                    .add(FloatVector.fromMemorySegment(F, inInh, at4, ORDER).convertShape(F2D, D, 0));
            FloatVector.zero(F).intoMemorySegment(inExc, at4, ORDER); // consumed (see consumesInput), in this pass
            FloatVector.zero(F).intoMemorySegment(inInh, at4, ORDER);
            DoubleVector v = v0.mul(m.p33).add(drive).add(jumps); // (drive + v * p33) + jumps: + commutes exactly
            if (external != null) {
                v = v.add(DoubleVector.fromMemorySegment(D, external, at8, ORDER).mul(m.p30)); // v + ext * p30
            }
            VectorMask<Double> spiking = v.compare(GE, vTh).andNot(clamped);
            v = v.blend(vReset, spiking).blend(v0, clamped);
            ref = ref.sub(1, refractory).blend(m.refractorySteps, spiking.cast(I));
            masks[(i - from) >>> 6] |= spiking.toLong() << ((i - from) & 63); // lanes divide 64: one block
            v.intoMemorySegment(vs, at8, ORDER);
            ref.intoMemorySegment(rs, at4, ORDER);
        }
    }
}
