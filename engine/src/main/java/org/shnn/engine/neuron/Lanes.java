package org.shnn.engine.neuron;

import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;

import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the neuron kernels use: {@code double} state at the platform's preferred shape (8 lanes
 * with AVX-512, 4 with AVX2), and {@code float} inputs and {@code int} refractory counters with the same lane
 * count at half the width, so one lane is one neuron throughout; and {@link #exp}, the vector form of
 * {@link Exp#exp}. Loaded only when {@link Simd#ENABLED} (and to decide it): every reference to
 * {@code jdk.incubator.vector} stays behind this class and the kernels.
 *
 * <p>Thread-safety: immutable constants and a stateless method.
 */
final class Lanes {

    /** State columns: {@code double}, preferred shape. */
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Number of lanes of {@link #D}. */
    static final int DOUBLES = D.length();
    /** Inputs ({@code float}), same lane count as {@link #D}. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(DOUBLES * Float.SIZE));
    /** Refractory counters ({@code int}), same lane count as {@link #D}. */
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(DOUBLES * Integer.SIZE));
    /** Byte order of every off-heap column (native, as the layouts declare). */
    static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private Lanes() {
    }

    /**
     * {@link Exp#exp} lane by lane: the same IEEE operations in the same order (no fused multiply-add; the
     * clamps are compare + blend, the {@code 2^k} bits the same integer add and shift), hence the same bits.
     * See {@link Exp} for the method, domain and accuracy. Not the Vector API's {@code EXP}, whose intrinsic
     * and fallback may differ in the last bit.
     */
    static DoubleVector exp(DoubleVector x) {
        x = x.blend(Exp.LO, x.compare(LT, Exp.LO));
        x = x.blend(Exp.HI, x.compare(GT, Exp.HI));
        DoubleVector t = x.mul(Exp.INV_LN2).add(Exp.SHIFTER);
        DoubleVector k = t.sub(Exp.SHIFTER);
        DoubleVector r = x.sub(k.mul(Exp.LN2_HI)).sub(k.mul(Exp.LN2_LO));
        DoubleVector q = r.mul(Exp.C13).add(Exp.C12); // C13 * r: * commutes exactly
        q = q.mul(r).add(Exp.C11);
        q = q.mul(r).add(Exp.C10);
        q = q.mul(r).add(Exp.C9);
        q = q.mul(r).add(Exp.C8);
        q = q.mul(r).add(Exp.C7);
        q = q.mul(r).add(Exp.C6);
        q = q.mul(r).add(Exp.C5);
        q = q.mul(r).add(Exp.C4);
        q = q.mul(r).add(Exp.C3);
        q = q.mul(r).add(Exp.C2);
        DoubleVector expR = r.mul(r).mul(q).add(r).add(1.0); // 1 + (r + r*r*q): + commutes exactly
        DoubleVector twoToK = t.reinterpretAsLongs().add(Exp.BIAS).lanewise(LSHL, Exp.MANTISSA_BITS).reinterpretAsDoubles();
        return expR.mul(twoToK);
    }
}
