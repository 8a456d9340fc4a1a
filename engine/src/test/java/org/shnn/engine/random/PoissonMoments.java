package org.shnn.engine.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.IntToLongFunction;

/** The moments check of Poisson draws that the random tests share. */
final class PoissonMoments {

    private PoissonMoments() {
    }

    /**
     * Asserts that {@code n} draws {@code draw(0..n-1)} of mean {@code lambda} have a mean within 5 standard errors of
     * it and a variance within 3% of it plus 5 standard errors of the mean.
     */
    static void assertMoments(double lambda, int n, IntToLongFunction draw, String what) {
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            long k = draw.applyAsLong(i);
            sum += k;
            sq += (double) k * k;
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        double sdMean = Math.sqrt(lambda / n);
        assertEquals(lambda, mean, 5 * sdMean, "mean, lambda " + lambda + ", " + what);
        assertEquals(lambda, var, 0.03 * lambda + 5 * sdMean, "variance, lambda " + lambda + ", " + what);
    }
}
