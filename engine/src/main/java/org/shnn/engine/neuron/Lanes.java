package org.shnn.engine.neuron;

import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the neuron kernels use: {@code double} state at the platform's preferred shape (8 lanes
 * with AVX-512, 4 with AVX2), and {@code float} inputs and {@code int} refractory counters with the same lane
 * count at half the width, so one lane is one neuron throughout. Loaded only when {@link Simd#ENABLED}
 * (and to decide it): every reference to {@code jdk.incubator.vector} stays behind this class and the kernels.
 *
 * <p>Thread-safety: immutable constants.
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
}
