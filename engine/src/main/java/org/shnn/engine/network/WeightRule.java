package org.shnn.engine.network;

import java.util.Objects;
import org.shnn.engine.spec.Distribution;

/**
 * The synaptic weights of a projection, in the unit of the target receptor (nS for conductance
 * receptors, pA for current receptors). A constant costs no memory per synapse; the others store a
 * float per synapse, drawn from the seed per (projection, row, position) so they do not depend on the
 * thread count.
 */
public sealed interface WeightRule {

    /**
     * The same weight for every synapse.
     *
     * @param value the weight (receptor unit)
     */
    record Constant(float value) implements WeightRule {
        /** @throws IllegalArgumentException if value is not finite */
        public Constant {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("weight " + value + " must be finite");
            }
        }
    }

    /**
     * Uniform in [low, high).
     *
     * @param low lower bound (receptor unit)
     * @param high upper bound (receptor unit)
     */
    record Uniform(float low, float high) implements WeightRule {
        /** @throws IllegalArgumentException unless {@code low <= high}, both finite */
        public Uniform {
            if (!(low <= high) || !Float.isFinite(low) || !Float.isFinite(high)) {
                throw new IllegalArgumentException("uniform weights [" + low + ", " + high + ") need finite low <= high");
            }
        }
    }

    /**
     * Normal(mean, sd), unclipped.
     *
     * @param mean mean (receptor unit)
     * @param sd standard deviation (receptor unit)
     */
    record Normal(float mean, float sd) implements WeightRule {
        /** @throws IllegalArgumentException unless sd >= 0, both finite */
        public Normal {
            if (!(sd >= 0) || !Float.isFinite(mean) || !Float.isFinite(sd)) {
                throw new IllegalArgumentException("normal weights mean " + mean + " sd " + sd + " need finite values, sd >= 0");
            }
        }
    }

    /**
     * {@code scale} times a draw from a distribution of the description (in its unit), e.g. a PyNN weight in
     * uS with scale 1000 for nS; drawn in double and rounded to float once.
     *
     * @param distribution the distribution
     * @param scale the unit factor, finite and {@code > 0}
     */
    record Drawn(Distribution distribution, double scale) implements WeightRule {
        /** @throws IllegalArgumentException unless scale is finite and positive */
        public Drawn {
            Objects.requireNonNull(distribution, "distribution");
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("weight unit factor " + scale + " must be finite and > 0");
            }
        }
    }

    /** See {@link Constant}. */
    static WeightRule constant(double value) {
        return new Constant((float) value);
    }

    /** See {@link Uniform}. */
    static WeightRule uniform(double low, double high) {
        return new Uniform((float) low, (float) high);
    }

    /** See {@link Normal}. */
    static WeightRule normal(double mean, double sd) {
        return new Normal((float) mean, (float) sd);
    }
}
