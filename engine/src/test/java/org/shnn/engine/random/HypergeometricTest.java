package org.shnn.engine.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * {@link HypergeometricPmf} and {@link CounterRng#nextHypergeometric} against the closed form in exact rational
 * arithmetic, {@code C(good, x) C(bad, draws - x) / C(good + bad, draws)} with {@link BigInteger}s, and against the
 * closed-form mean and variance where the counts are too large for that.
 */
class HypergeometricTest {

    private static final long SEED = 20261207L;
    private static final int PURPOSE = 11;

    @Test
    void probabilitiesMatchExactRationals() {
        long[][] cases = {{300, 700, 400}, {1, 999, 500}, {1000, 1000, 1000}, {2500, 7, 2000}, {40, 3, 41}, {17, 0, 9}};
        for (long[] c : cases) {
            double[] exact = exactPmf(c[0], c[1], c[2]);
            for (int x = 0; x < exact.length; x++) {
                double got = HypergeometricPmf.density(x, c[0], c[1], c[2]);
                String where = "x " + x + " of (good, bad, draws) = (" + c[0] + ", " + c[1] + ", " + c[2] + ")";
                if (exact[x] == 0) {
                    assertEquals(0, got, 1e-300, where);
                } else if (exact[x] > 1e-290) {
                    assertEquals(1, got / exact[x], 1e-12, where + ": exact " + exact[x] + ", got " + got);
                }
            }
        }
    }

    @Test
    void drawsFollowTheExactDistribution() {
        long[][] cases = {{30, 70, 40}, {500, 1500, 800}, {5, 2000, 1500}, {2000, 5, 1999}, {100_000, 250_000, 3000}};
        int draws = 100_000;
        for (long[] c : cases) {
            String what = "(good, bad, draws) = (" + c[0] + ", " + c[1] + ", " + c[2] + "), seed " + SEED;
            long[] counts = sample(c[0], c[1], c[2], draws);
            double[] exact = exactPmf(c[0], c[1], c[2]);
            double[] chi = chiSquare(counts, exact, draws);
            assertTrue(chi[0] < critical(chi[1]), what + ": chi-square " + chi[0] + " for " + chi[1] + " degrees of freedom");
            // the test's power: the same draws fail against the distribution moved up by a quarter of its standard
            // deviation (at least one value: an off-by-one)
            double total = c[0] + c[1];
            double sd = Math.sqrt(c[2] * (c[0] / total) * (c[1] / total) * ((total - c[2]) / (total - 1)));
            int shift = (int) Math.max(1, Math.round(sd / 4));
            double[] moved = new double[exact.length + shift];
            System.arraycopy(exact, 0, moved, shift, exact.length);
            double[] wrong = chiSquare(counts, moved, draws);
            assertTrue(wrong[0] > critical(wrong[1]), what + ": the draws also pass when moved up by " + shift
                    + " (chi-square " + wrong[0] + "), so this test could not tell");
        }
    }

    @Test
    void momentsAtConnectomeSizes() {
        // 2e8 synapses left over 9.03e11 pairs, a row of 3e9 pairs: exact rationals are out of reach here
        long good = 3_000_000_000L;
        long bad = 900_000_000_000L;
        long draws = 200_000_000L;
        double total = (double) good + bad;
        double mean = draws * (good / total);
        double variance = mean * (bad / total) * ((total - draws) / (total - 1));
        int n = 20_000;
        CounterRng rng = new CounterRng(SEED);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            long k = rng.reset(PURPOSE, i, 0).nextHypergeometric(good, bad, draws);
            sum += k;
            sumSq += (double) k * k;
        }
        double m = sum / n;
        double v = (sumSq - n * m * m) / (n - 1);
        // standard errors: of the mean sqrt(var / n) = 5.8; of the variance about var sqrt(2 / n), 1 %
        assertEquals(mean, m, 5 * Math.sqrt(variance / n), "mean, seed " + SEED);
        assertEquals(variance, v, 6 * variance * Math.sqrt(2.0 / n), "variance, seed " + SEED);
    }

    @Test
    void degenerateCasesAndRefusals() {
        CounterRng rng = new CounterRng(SEED).reset(PURPOSE, 0, 0);
        assertEquals(0, rng.nextHypergeometric(10, 20, 0));
        assertEquals(0, rng.nextHypergeometric(0, 20, 7));
        assertEquals(7, rng.nextHypergeometric(20, 0, 7));
        assertEquals(20, rng.nextHypergeometric(20, 30, 50), "every item drawn: all the good ones");
        for (int i = 0; i < 100; i++) {
            long k = rng.nextHypergeometric(20, 5, 20);
            assertTrue(k >= 15 && k <= 20, "at least draws - bad, at most good: " + k);
        }
        assertThrows(IllegalArgumentException.class, () -> rng.nextHypergeometric(10, 20, 31));
        assertThrows(IllegalArgumentException.class, () -> rng.nextHypergeometric(-1, 20, 3));
        assertThrows(IllegalArgumentException.class, () -> rng.nextHypergeometric(1L << 53, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> rng.nextHypergeometric(Long.MAX_VALUE, 2, 3));
    }

    /** Counts of each value over {@code n} draws, each from its own stream (purpose, i). */
    private static long[] sample(long good, long bad, long draws, int n) {
        long[] counts = new long[(int) Math.min(good, draws) + 1];
        CounterRng rng = new CounterRng(SEED);
        for (int i = 0; i < n; i++) {
            counts[(int) rng.reset(PURPOSE, i, 0).nextHypergeometric(good, bad, draws)]++;
        }
        return counts;
    }

    /**
     * Pearson's chi-square of {@code counts} against {@code n} times {@code pmf}, values pooled from the low end until
     * a cell expects 5 or more (a short last pool joins the cell before it); {chi-square, degrees of freedom}. A
     * count where the pmf is 0 makes it infinite.
     */
    private static double[] chiSquare(long[] counts, double[] pmf, int n) {
        java.util.List<double[]> cells = new java.util.ArrayList<>(); // {expected, observed}
        double expected = 0;
        double observed = 0;
        for (int x = 0; x < Math.max(counts.length, pmf.length); x++) {
            expected += x < pmf.length ? n * pmf[x] : 0;
            observed += x < counts.length ? counts[x] : 0;
            if (expected >= 5) {
                cells.add(new double[] {expected, observed});
                expected = 0;
                observed = 0;
            }
        }
        if (cells.isEmpty()) {
            return new double[] {Double.POSITIVE_INFINITY, 1};
        }
        cells.getLast()[0] += expected;
        cells.getLast()[1] += observed;
        double chi = 0;
        for (double[] c : cells) {
            chi += (c[1] - c[0]) * (c[1] - c[0]) / c[0];
        }
        return new double[] {chi, Math.max(1, cells.size() - 1)};
    }

    /** The chi-square quantile at 1 - 1e-6 (Wilson-Hilferty): a correct sampler fails once in a million seeds. */
    private static double critical(double df) {
        double z = 4.753;
        double a = 2 / (9 * df);
        return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }

    /**
     * The exact pmf over 0..min(good, draws), rounded from exact rationals; the binomial coefficients by their
     * recurrences ({@code C(m, k + 1) = C(m, k) (m - k) / (k + 1)}, exact divisions).
     */
    private static double[] exactPmf(long good, long bad, long draws) {
        int top = (int) Math.min(good, draws);
        BigInteger[] chooseGood = coefficients(good, top);
        BigInteger[] chooseBad = coefficients(bad, (int) Math.min(bad, draws));
        BigDecimal all = new BigDecimal(coefficients(good + bad, (int) draws)[(int) draws]);
        double[] p = new double[top + 1];
        for (int x = 0; x <= top; x++) {
            if (draws - x <= bad) {
                BigInteger ways = chooseGood[x].multiply(chooseBad[(int) (draws - x)]);
                p[x] = new BigDecimal(ways).divide(all, MathContext.DECIMAL128).doubleValue();
            }
        }
        return p;
    }

    /** {@code C(m, 0..k)}. */
    private static BigInteger[] coefficients(long m, int k) {
        BigInteger[] c = new BigInteger[k + 1];
        c[0] = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            c[i + 1] = c[i].multiply(BigInteger.valueOf(m - i)).divide(BigInteger.valueOf(i + 1));
        }
        return c;
    }
}
