package org.shnn.engine.network;

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

    /** Largest delay this rule can produce, in steps. */
    default int maxSteps() {
        return switch (this) {
            case Constant c -> c.steps();
            case UniformSteps u -> u.maxSteps();
        };
    }

    /** Smallest delay this rule can produce, in steps. */
    default int minSteps() {
        return switch (this) {
            case Constant c -> c.steps();
            case UniformSteps u -> u.minSteps();
        };
    }

    /** See {@link Constant}. */
    static DelayRule constant(int steps) {
        return new Constant(steps);
    }

    /** A constant delay of {@code ms} milliseconds rounded to whole steps of {@code dt} ms (at least 1). */
    static DelayRule constantMs(double ms, double dt) {
        if (!(ms >= 0) || !(dt > 0)) {
            throw new IllegalArgumentException("delay " + ms + " ms and dt " + dt + " ms must be >= 0 and > 0");
        }
        return new Constant((int) Math.max(1, Math.round(ms / dt)));
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
