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
 * The vector kernel of {@link LifCubaModel#step}: one lane per neuron, {@link Lanes#DOUBLES} neurons per
 * iteration. Each lane performs exactly the scalar loop's IEEE operations in the same order (no fused
 * multiply-add, no reassociation; the branches become blends), so state and spikes are bit-identical to the
 * scalar loop whatever the lane count or the split of neurons between vector and scalar code.
 *
 * <p>Only loaded when {@link Simd#ENABLED}. Thread-safety: stateless; the caller's range rules apply.
 */
final class LifCubaLanes {

    private LifCubaLanes() {
    }

    /**
     * Advances neurons {@code [from, to)}, {@code to - from} a multiple of {@link Lanes#DOUBLES} and at
     * most {@link NeuronModelBase#SPIKE_MASK_NEURONS}; zeroes their inputs ({@code inExc}, {@code inInh}) as it reads
     * them; sets bit {@code (i - from) & 63} of {@code masks[(i - from) >>> 6]} when neuron {@code i} fired (the
     * caller zeroes {@code masks} first: {@link NeuronModelBase#spikeMasks}). The segments are the model's column
     * slices and buffers as in {@link LifCubaModel#step}; {@code external} may be null.
     */
    static void advance(LifCubaModel m, MemorySegment vs, MemorySegment es, MemorySegment is, MemorySegment rs,
                        MemorySegment inExc, MemorySegment inInh, MemorySegment external, int from, int to,
                        long[] masks) {
        LifCubaParams p = m.params();
        double eL = p.eL();
        double iE = p.iE();
        double vTh = p.vTh();
        double vReset = p.vReset();
        for (int i = from; i < to; i += Lanes.DOUBLES) {
            long at8 = (long) i * Double.BYTES;
            long at4 = (long) i * Float.BYTES; // also Integer.BYTES
            DoubleVector v = DoubleVector.fromMemorySegment(D, vs, at8, ORDER);
            DoubleVector ie = DoubleVector.fromMemorySegment(D, es, at8, ORDER);
            DoubleVector ii = DoubleVector.fromMemorySegment(D, is, at8, ORDER);
            IntVector ref = IntVector.fromMemorySegment(I, rs, at4, ORDER);
            VectorMask<Integer> refractory = ref.compare(NE, 0);
            // The same lanes as a double mask, from the counters widened exactly (not refractory.cast(D): with
            // AVX-512 a mask cast between the int and double species cost more than the rest of the update,
            // bench/RESULTS.md section 42).
            VectorMask<Double> clamped = ((DoubleVector) ref.convertShape(I2D, D, 0)).compare(NE, 0.0);
            DoubleVector current = external == null
                    ? DoubleVector.broadcast(D, iE)
                    : DoubleVector.fromMemorySegment(D, external, at8, ORDER).add(iE); // iE + ext: + commutes exactly
            // eL + (v - eL) * p22 + ie * p21Exc + ii * p21Inh + current * p20, left to right as in the scalar loop
            DoubleVector integrated = v.sub(eL).mul(m.p22).add(eL)
                    .add(ie.mul(m.p21Exc)).add(ii.mul(m.p21Inh)).add(current.mul(m.p20));
            v = integrated.blend(v, clamped);
            ref = ref.sub(1, refractory);
            // Inputs widened exactly to double, written out: a helper method returning a vector is not
            // inlined once the compilation is large, and then boxes every vector (see LifCobaLanes).
            ie = ie.mul(m.p11Exc).add(FloatVector.fromMemorySegment(F, inExc, at4, ORDER).convertShape(F2D, D, 0));
            ii = ii.mul(m.p11Inh).add(FloatVector.fromMemorySegment(F, inInh, at4, ORDER).convertShape(F2D, D, 0));
            FloatVector.zero(F).intoMemorySegment(inExc, at4, ORDER); // consumed (see consumesInput), in this pass
            FloatVector.zero(F).intoMemorySegment(inInh, at4, ORDER);
            VectorMask<Double> spiking = v.compare(GE, vTh);
            v = v.blend(vReset, spiking);
            ref = ref.blend(m.refractorySteps, spiking.cast(I));
            masks[(i - from) >>> 6] |= spiking.toLong() << ((i - from) & 63); // lanes divide 64: one block
            v.intoMemorySegment(vs, at8, ORDER);
            ie.intoMemorySegment(es, at8, ORDER);
            ii.intoMemorySegment(is, at8, ORDER);
            ref.intoMemorySegment(rs, at4, ORDER);
        }
    }
}
