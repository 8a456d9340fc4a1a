package org.shnn.engine.random;

/**
 * The hypergeometric probability mass function at any size, to about 1e-13 relative: the probability of {@code x}
 * good items in {@code draws} drawn without replacement from {@code good} good and {@code bad} bad ones, written as
 * three binomial terms at the same {@code p = draws / (good + bad)},
 * {@code dbinom(x; good, p) dbinom(draws - x; bad, p) / dbinom(draws; good + bad, p)}, each in Loader's saddle-point
 * form (C. Loader, "Fast and accurate computation of binomial probabilities", 2000; the form R's {@code dhyper} uses).
 * Differences of log-factorials would lose the result to cancellation: at 10^12 pairs, ln(n!) is about 2.6e13, whose
 * last bit is worth 0.004 of a log-probability; the saddle-point terms ({@link #stirlingError}, {@link #deviance}) are
 * small numbers computed directly.
 *
 * <p>Arguments are counts held in doubles (exact below 2^53). Stateless; thread-safe.
 */
final class HypergeometricPmf {

    private static final double LN_2PI = 1.837877066409345483560659472811; // ln(2 pi)

    /** {@link #stirlingError} of 0..15, from {@link CounterRng#logFactorial} (a sum of logarithms there). */
    private static final double[] SMALL_STIRLING_ERRORS = new double[16];

    static {
        for (int n = 1; n < SMALL_STIRLING_ERRORS.length; n++) {
            SMALL_STIRLING_ERRORS[n] = CounterRng.logFactorial(n) - (n + 0.5) * Math.log(n) + n - 0.5 * LN_2PI;
        }
    }

    private HypergeometricPmf() {
    }

    /**
     * {@code P(X = x)} for X hypergeometric: {@code draws} taken without replacement from {@code good} good and
     * {@code bad} bad items; 0 outside the support {@code [max(0, draws - bad), min(draws, good)]}.
     */
    static double density(double x, double good, double bad, double draws) {
        if (x < 0 || x < draws - bad || x > good || x > draws) {
            return 0;
        }
        if (draws == 0) {
            return x == 0 ? 1 : 0;
        }
        double total = good + bad;
        double p = draws / total;
        double q = (total - draws) / total;
        return binomial(x, good, p, q) * binomial(draws - x, bad, p, q) / binomial(draws, total, p, q);
    }

    /** {@code P(X = x)} for X binomial of {@code n} trials, {@code p} and {@code q = 1 - p} given apart (Loader). */
    static double binomial(double x, double n, double p, double q) {
        if (p == 0) {
            return x == 0 ? 1 : 0;
        }
        if (q == 0) {
            return x == n ? 1 : 0;
        }
        if (x == 0) {
            return n == 0 ? 1 : Math.exp(p < 0.1 ? -deviance(n, n * q) - n * p : n * Math.log(q));
        }
        if (x == n) {
            return Math.exp(q < 0.1 ? -deviance(n, n * p) - n * q : n * Math.log(p));
        }
        if (x < 0 || x > n) {
            return 0;
        }
        double lc = stirlingError(n) - stirlingError(x) - stirlingError(n - x) - deviance(x, n * p)
                - deviance(n - x, n * q);
        double lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
        return Math.exp(lc - 0.5 * lf);
    }

    /**
     * {@code ln(n!) - ln(sqrt(2 pi n) (n / e)^n)} for a whole {@code n >= 1}: a table to 15, Stirling's series
     * (terms 1/12, 1/360, 1/1260, 1/1680, 1/1188) above, with fewer terms as {@code n} grows.
     */
    static double stirlingError(double n) {
        if (n < SMALL_STIRLING_ERRORS.length) {
            return SMALL_STIRLING_ERRORS[(int) n];
        }
        double s0 = 1.0 / 12;
        double s1 = 1.0 / 360;
        double s2 = 1.0 / 1260;
        double s3 = 1.0 / 1680;
        double s4 = 1.0 / 1188;
        double nn = n * n;
        if (n > 500) {
            return (s0 - s1 / nn) / n;
        }
        if (n > 80) {
            return (s0 - (s1 - s2 / nn) / nn) / n;
        }
        if (n > 35) {
            return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
        }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
    }

    /**
     * The deviance term {@code x ln(x / m) + m - x} (Loader's {@code bd0}), by its series in
     * {@code v = (x - m) / (x + m)} when x is near m, where the direct form cancels.
     */
    static double deviance(double x, double m) {
        if (Math.abs(x - m) < 0.1 * (x + m)) {
            double v = (x - m) / (x + m);
            double s = (x - m) * v;
            double ej = 2 * x * v;
            v *= v;
            for (int j = 1; j < 1000; j++) {
                ej *= v;
                double next = s + ej / (2 * j + 1);
                if (next == s) {
                    return next;
                }
                s = next;
            }
            return s;
        }
        return x * Math.log(x / m) + m - x;
    }
}
