package org.shnn.engine.random;

import org.shnn.engine.spec.Distribution;

/**
 * Draws from the description's random distributions ({@link Distribution}) with a {@link CounterRng}, so a draw
 * depends only on the seed and the stream the caller keyed (element, index), never on the thread count.
 * <ul>
 * <li>uniform: {@code low + (high - low) U}, one {@link CounterRng#nextDouble()};</li>
 * <li>normal: {@code mu + sigma Z}, one {@link CounterRng#nextGaussian()} (Box-Muller);</li>
 * <li>normal_clipped: normal draws repeated until one lies in {@code [low, high]} (PyNN's and NEST's
 *     rejection); {@link #checkClippable} refuses ranges so far in the tail that this would not end;</li>
 * <li>exponential: {@code -beta ln(U)}, U in (0, 1] (inversion);</li>
 * <li>lognormal: {@code exp(mu + sigma Z)}.</li>
 * </ul>
 *
 * <p>Thread-safety: stateless; the generator passed in is the caller's.
 */
public final class Distributions {

    /** Below this probability of [low, high], normal_clipped is refused (about 10^6 rejections per draw). */
    public static final double MIN_CLIPPED_MASS = 1e-6;

    private Distributions() {
    }

    /** One draw of {@code d} from the current stream of {@code rng}. */
    public static double sample(Distribution d, CounterRng rng) {
        return switch (d) {
            case Distribution.Uniform u -> u.low() + (u.high() - u.low()) * rng.nextDouble();
            case Distribution.Normal n -> n.mu() + n.sigma() * rng.nextGaussian();
            case Distribution.NormalClipped c -> clipped(c, rng);
            case Distribution.Exponential e -> -e.beta() * Math.log(rng.nextDoubleNonZero());
            case Distribution.LogNormal l -> Math.exp(l.mu() + l.sigma() * rng.nextGaussian());
        };
    }

    private static double clipped(Distribution.NormalClipped c, CounterRng rng) {
        while (true) {
            double v = c.mu() + c.sigma() * rng.nextGaussian();
            if (v >= c.low() && v <= c.high()) {
                return v;
            }
        }
    }

    /**
     * The largest magnitude of {@link CounterRng#nextGaussian()}: its uniform {@code u1} is at least 2^-53, so
     * {@code sqrt(-2 ln u1) <= sqrt(106 ln 2)}, about 8.57.
     */
    public static final double GAUSSIAN_MAX = Math.sqrt(106 * Math.log(2));

    /**
     * The largest magnitude {@link #sample} can return for {@code d}: finite for finite parameters, since the
     * generator's uniforms are multiples of 2^-53 (a normal's {@code |Z| <= } {@link #GAUSSIAN_MAX}, an exponential's
     * {@code -ln U <= 53 ln 2}). A caller storing draws as {@code float} compares it with {@link Float#MAX_VALUE}.
     */
    public static double largestMagnitude(Distribution d) {
        return Math.max(Math.abs(lowest(d)), Math.abs(highest(d)));
    }

    /**
     * The smallest value {@link #sample} can return for {@code d}: finite for finite parameters, as
     * {@link #largestMagnitude} (a normal reaches {@code mu - }{@link #GAUSSIAN_MAX}{@code  sigma}, not below), so an
     * unbounded normal_clipped still has a floor.
     */
    public static double lowest(Distribution d) {
        return switch (d) {
            case Distribution.Uniform u -> u.low();
            case Distribution.Normal n -> n.mu() - n.sigma() * GAUSSIAN_MAX;
            case Distribution.NormalClipped c -> Math.max(c.low(), c.mu() - c.sigma() * GAUSSIAN_MAX);
            case Distribution.Exponential e -> 0;
            case Distribution.LogNormal l -> Math.exp(l.mu() - l.sigma() * GAUSSIAN_MAX);
        };
    }

    /**
     * The largest value {@link #sample} can return for {@code d}: finite for finite parameters (a normal reaches
     * {@code mu + }{@link #GAUSSIAN_MAX}{@code  sigma}, an exponential {@code 53 ln 2 beta}), so the delay rings of an
     * unbounded normal_clipped delay (NEST's and PyNN's Potjans-Diesmann model) can be sized before the draws.
     */
    public static double highest(Distribution d) {
        return switch (d) {
            case Distribution.Uniform u -> u.high();
            case Distribution.Normal n -> n.mu() + n.sigma() * GAUSSIAN_MAX;
            case Distribution.NormalClipped c -> Math.min(c.high(), c.mu() + c.sigma() * GAUSSIAN_MAX);
            case Distribution.Exponential e -> e.beta() * 53 * Math.log(2);
            case Distribution.LogNormal l -> Math.exp(l.mu() + l.sigma() * GAUSSIAN_MAX);
        };
    }

    /**
     * The probability that a normal draw lies in the clipping range of {@code c}, so callers can refuse a range
     * the rejection loop would practically never hit.
     */
    public static double clippedMass(Distribution.NormalClipped c) {
        if (c.sigma() == 0) {
            return c.mu() >= c.low() && c.mu() <= c.high() ? 1 : 0;
        }
        double a = (c.low() - c.mu()) / c.sigma();
        double b = (c.high() - c.mu()) / c.sigma();
        return Math.max(0, normalCdf(b) - normalCdf(a));
    }

    /** The standard normal CDF, from {@link #erfc} (absolute error below 1.2e-7). */
    static double normalCdf(double x) {
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** The complementary error function, Chebyshev fit with fractional error below 1.2e-7 (Numerical Recipes, erfcc). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
