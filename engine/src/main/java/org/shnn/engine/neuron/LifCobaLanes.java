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
 * The vector kernel of {@link LifCobaModel#step}: one lane per neuron, {@link Lanes#DOUBLES} neurons per
 * iteration. Each lane performs exactly the scalar loop's IEEE operations in the same order (no fused
 * multiply-add, no reassociation; {@link Lanes#exp} is {@link Exp#exp} lane by lane; the branches become
 * blends), so state and spikes are bit-identical to the scalar loop whatever the lane count or the split of
 * neurons between vector and scalar code. Refractory lanes compute the membrane update too and discard it.
 *
 * <p>Only loaded when {@link Simd#ENABLED}. Thread-safety: stateless; the caller's range rules apply.
 */
final class LifCobaLanes {

    private LifCobaLanes() {
    }

    /**
     * Advances neurons {@code [from, to)}, {@code to - from} a multiple of {@link Lanes#DOUBLES} and at
     * most {@link NeuronModelBase#SPIKE_MASK_NEURONS}; zeroes their inputs ({@code inExc}, {@code inInh}) as it reads
     * them; sets bit {@code (i - from) & 63} of {@code masks[(i - from) >>> 6]} when neuron {@code i} fired (the
     * caller zeroes {@code masks} first: {@link NeuronModelBase#spikeMasks}). The segments are the model's column
     * slices and buffers as in {@link LifCobaModel#step}; {@code external} may be null.
     */
    static void advance(LifCobaModel m, MemorySegment vs, MemorySegment es, MemorySegment is, MemorySegment rs,
                        MemorySegment inExc, MemorySegment inInh, MemorySegment external, int from, int to,
                        long[] masks) {
        LifCobaParams p = m.params();
        double gL = p.gL();
        double gLeL = p.gL() * p.eL();
        double eExc = p.eExc();
        double eInh = p.eInh();
        double iE = p.iE();
        double vTh = p.vTh();
        double vReset = p.vReset();
        for (int i = from; i < to; i += Lanes.DOUBLES) {
            long at8 = (long) i * Double.BYTES;
            long at4 = (long) i * Float.BYTES; // also Integer.BYTES
            DoubleVector v = DoubleVector.fromMemorySegment(D, vs, at8, ORDER);
            DoubleVector ge = DoubleVector.fromMemorySegment(D, es, at8, ORDER);
            DoubleVector gi = DoubleVector.fromMemorySegment(D, is, at8, ORDER);
            IntVector ref = IntVector.fromMemorySegment(I, rs, at4, ORDER);
            VectorMask<Integer> refractory = ref.compare(NE, 0);
            // The same lanes as a double mask, from the counters widened exactly (not refractory.cast(D): with
            // AVX-512 a mask cast between the int and double species cost more than the rest of the update,
            // bench/RESULTS.md section 42).
            VectorMask<Double> clamped = ((DoubleVector) ref.convertShape(I2D, D, 0)).compare(NE, 0.0);
            DoubleVector current = external == null
                    ? DoubleVector.broadcast(D, iE)
                    : DoubleVector.fromMemorySegment(D, external, at8, ORDER).add(iE); // iE + ext: + commutes exactly
            DoubleVector geMid = ge.mul(m.halfExc);
            DoubleVector giMid = gi.mul(m.halfInh);
            DoubleVector gTot = geMid.add(gL).add(giMid); // (gL + geMid) + giMid
            // ((gLeL + geMid * eExc) + giMid * eInh) + current, then / gTot, as in the scalar loop
            DoubleVector vInf = geMid.mul(eExc).add(gLeL).add(giMid.mul(eInh)).add(current).div(gTot);
            // vInf + (v - vInf) * exp(minusDtOverC * gTot)
            DoubleVector integrated = v.sub(vInf).mul(Lanes.exp(gTot.mul(m.minusDtOverC))).add(vInf);
            v = integrated.blend(v, clamped);
            ref = ref.sub(1, refractory);
            // Inputs: floats widened exactly to double. Written out rather than a helper method: after
            // Lanes.exp the compilation is past C2's NodeCountInliningCutoff, where only @ForceInline methods
            // (the Vector API's own) still inline; a helper returning a vector would be called, and box it.
            ge = ge.mul(m.p11Exc).add(FloatVector.fromMemorySegment(F, inExc, at4, ORDER).convertShape(F2D, D, 0));
            gi = gi.mul(m.p11Inh).add(FloatVector.fromMemorySegment(F, inInh, at4, ORDER).convertShape(F2D, D, 0));
            FloatVector.zero(F).intoMemorySegment(inExc, at4, ORDER); // consumed (see consumesInput), in this pass
            FloatVector.zero(F).intoMemorySegment(inInh, at4, ORDER);
            VectorMask<Double> spiking = v.compare(GE, vTh);
            v = v.blend(vReset, spiking);
            ref = ref.blend(m.refractorySteps, spiking.cast(I));
            masks[(i - from) >>> 6] |= spiking.toLong() << ((i - from) & 63); // lanes divide 64: one block
            v.intoMemorySegment(vs, at8, ORDER);
            ge.intoMemorySegment(es, at8, ORDER);
            gi.intoMemorySegment(is, at8, ORDER);
            ref.intoMemorySegment(rs, at4, ORDER);
        }
    }
}
