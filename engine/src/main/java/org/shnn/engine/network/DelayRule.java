package org.shnn.engine.network;

import java.math.BigDecimal;
import java.util.Objects;
import org.shnn.engine.random.Distributions;
import org.shnn.engine.spec.Distribution;

/**
 * The transmission delays of a projection in whole time steps (>= 1). A constant is stored once per
 * projection; a varying delay costs one byte per synapse (two above 255 steps).
 */
public sealed interface DelayRule {

    /**
     * The same delay for every synapse.
     *
     * @param steps delay in steps
     */
    record Constant(int steps) implements DelayRule {
        /** @throws IllegalArgumentException unless steps in [1, 32767] */
        public Constant {
            check(steps);
        }
    }

    /**
     * Uniform integer in [minSteps, maxSteps].
     *
     * @param minSteps shortest delay (steps)
     * @param maxSteps longest delay (steps)
     */
    record UniformSteps(int minSteps, int maxSteps) implements DelayRule {
        /** @throws IllegalArgumentException unless {@code 1 <= minSteps <= maxSteps <= 32767} */
        public UniformSteps {
            check(minSteps);
            check(maxSteps);
            if (minSteps > maxSteps) {
                throw new IllegalArgumentException("delay range [" + minSteps + ", " + maxSteps + "] steps is empty");
            }
        }
    }

    /**
     * A draw in ms per synapse from a bounded distribution of the description, rounded to whole steps of
     * {@code dt} and at least one step. The bound is needed because the delay rings are sized before the
     * synapses are drawn.
     *
     * @param distribution the distribution (ms); its largest value must be finite
     * @param dt the time step, ms
     */
    record Drawn(Distribution distribution, double dt) implements DelayRule {
        /** @throws IllegalArgumentException if the distribution is unbounded above or its bound exceeds 32767 steps */
        public Drawn {
            Objects.requireNonNull(distribution, "distribution");
            double hi = Distributions.highest(distribution);
            if (!(dt > 0) || !Double.isFinite(hi) || Math.round(hi / dt) > Short.MAX_VALUE) {
                throw new IllegalArgumentException("delay distribution " + distribution + " with dt " + dt
                        + " ms needs a finite largest value of at most " + Short.MAX_VALUE + " steps");
            }
        }

        /** The delay in steps of a draw of {@code ms} milliseconds. */
        public int steps(double ms) {
            return (int) Math.max(1, Math.min(Short.MAX_VALUE, Math.round(ms / dt)));
        }
    }

    /** Largest delay this rule can produce, in steps. */
    default int maxSteps() {
        return switch (this) {
            case Constant c -> c.steps();
            case UniformSteps u -> u.maxSteps();
            case Drawn d -> d.steps(Distributions.highest(d.distribution()));
        };
    }

    /** Smallest delay this rule can produce, in steps. */
    default int minSteps() {
        return switch (this) {
            case Constant c -> c.steps();
            case UniformSteps u -> u.minSteps();
            case Drawn d -> d.steps(Distributions.lowest(d.distribution()));
        };
    }

    /** See {@link Constant}. */
    static DelayRule constant(int steps) {
        return new Constant(steps);
    }

    /**
     * A constant delay of {@code ms} milliseconds rounded to whole steps of {@code dt} ms (at least 1).
     *
     * @throws IllegalArgumentException if {@code ms} is negative or NaN, {@code dt} not positive, or the delay is more
     *     steps than a delay ring holds ({@link Short#MAX_VALUE}), naming both in ms and steps
     */
    static DelayRule constantMs(double ms, double dt) {
        if (!(ms >= 0) || !(dt > 0)) {
            throw new IllegalArgumentException("delay " + ms + " ms and dt " + dt + " ms must be >= 0 and > 0");
        }
        long steps = Math.max(1, Math.round(ms / dt)); // Math.round saturates: no overflow before the check
        if (steps > Short.MAX_VALUE) {
            throw new IllegalArgumentException("delay " + ms + " ms is " + steps + " steps of dt = " + dt + " ms; at most "
                    + Short.MAX_VALUE + " steps (" + longestMs(dt) + " ms) fit a delay ring");
        }
        return new Constant((int) steps);
    }

    /** The longest delay a delay ring holds ({@link Short#MAX_VALUE} steps of {@code dt} ms), in ms, as a decimal for messages. */
    static String longestMs(double dt) {
        return BigDecimal.valueOf(dt).multiply(BigDecimal.valueOf(Short.MAX_VALUE)).stripTrailingZeros().toPlainString();
    }

    /** See {@link UniformSteps}. */
    static DelayRule uniformSteps(int minSteps, int maxSteps) {
        return new UniformSteps(minSteps, maxSteps);
    }

    private static void check(int steps) {
        if (steps < 1 || steps > Short.MAX_VALUE) {
            throw new IllegalArgumentException("delay " + steps + " steps must be in [1, " + Short.MAX_VALUE + "]");
        }
    }
}
