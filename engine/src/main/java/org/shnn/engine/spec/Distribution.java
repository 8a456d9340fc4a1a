package org.shnn.engine.spec;

/**
 * A random distribution of a parameter, initial value, weight or delay, named as in PyNN's
 * {@code RandomDistribution} (same parameter names, in the unit of the quantity it draws). Draws come
 * from the counter-based generator keyed by the seed and by the element and index drawn for, so they
 * do not depend on the thread or rank count.
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface Distribution {

    /** The PyNN name of the distribution ({@code "uniform"}, {@code "normal"}, ...). */
    String pynnName();

    /**
     * Uniform in [low, high).
     *
     * @param low lower bound
     * @param high upper bound, {@code >= low}
     */
    record Uniform(double low, double high) implements Distribution {
        /** @throws SpecException unless both are finite and {@code low <= high} */
        public Uniform {
            Fields.finite("uniform", "low", low);
            Fields.finite("uniform", "high", high);
            if (!(low <= high)) {
                throw new SpecException("distribution uniform", "high", "expected >= low = " + low + " but found " + high);
            }
        }

        @Override
        public String pynnName() {
            return "uniform";
        }
    }

    /**
     * Normal with mean {@code mu} and standard deviation {@code sigma}, unclipped.
     *
     * @param mu mean
     * @param sigma standard deviation, {@code >= 0}
     */
    record Normal(double mu, double sigma) implements Distribution {
        /** @throws SpecException unless finite and {@code sigma >= 0} */
        public Normal {
            Fields.finite("normal", "mu", mu);
            Fields.nonNegative("normal", "sigma", sigma);
        }

        @Override
        public String pynnName() {
            return "normal";
        }
    }

    /**
     * Normal(mu, sigma) redrawn until the value lies in [low, high] (PyNN's {@code normal_clipped}).
     *
     * @param mu mean
     * @param sigma standard deviation, {@code >= 0}
     * @param low lower bound (may be -infinity)
     * @param high upper bound (may be +infinity), {@code > low}
     */
    record NormalClipped(double mu, double sigma, double low, double high) implements Distribution {
        /** @throws SpecException unless mu and sigma are finite, {@code sigma >= 0}, {@code low < high} */
        public NormalClipped {
            Fields.finite("normal_clipped", "mu", mu);
            Fields.nonNegative("normal_clipped", "sigma", sigma);
            if (!(low < high)) {
                throw new SpecException("distribution normal_clipped", "high",
                        "expected > low = " + low + " but found " + high);
            }
        }

        @Override
        public String pynnName() {
            return "normal_clipped";
        }
    }

    /**
     * Exponential with mean {@code beta} (PyNN's {@code exponential}).
     *
     * @param beta mean (scale), {@code > 0}
     */
    record Exponential(double beta) implements Distribution {
        /** @throws SpecException unless {@code beta > 0} and finite */
        public Exponential {
            Fields.positive("exponential", "beta", beta);
        }

        @Override
        public String pynnName() {
            return "exponential";
        }
    }

    /**
     * Log-normal: {@code exp(Normal(mu, sigma))} (PyNN's {@code lognormal}).
     *
     * @param mu mean of the logarithm
     * @param sigma standard deviation of the logarithm, {@code >= 0}
     */
    record LogNormal(double mu, double sigma) implements Distribution {
        /** @throws SpecException unless finite and {@code sigma >= 0} */
        public LogNormal {
            Fields.finite("lognormal", "mu", mu);
            Fields.nonNegative("lognormal", "sigma", sigma);
        }

        @Override
        public String pynnName() {
            return "lognormal";
        }
    }
}
