package org.shnn.engine.random;

import java.util.Arrays;

/**
 * Poisson draws of one small mean, each by inversion of one 32-bit uniform (Devroye 1986, X.3): the draw of word
 * {@code w} is the smallest {@code k} whose cumulative probability {@code cdf[k]} reaches
 * {@code u = (w + 0.5) 2^-32}, or the table's last {@code k} (the first of probability 0 in double arithmetic).
 * Exact up to the 2^-32 resolution of the uniform; one uniform per draw, no arithmetic beyond comparisons.
 *
 * <p>The first {@value #FIRST} entries are also kept as the smallest word that passes each ({@code cdf[j] < u}
 * exactly when {@code w >= threshold[j]}, as unsigned 32-bit values), so a draw below {@value #FIRST} is a count
 * of eight integer comparisons with no branch on the draw and no conversion to double. A Poisson drive at a mean of
 * 1.6 (with {@link Philox4x32#block4} and the step loop's select) costs 6.9 ns per neuron and step, against 13.6-16.5
 * ns with the comparisons on doubles (bench/RESULTS.md section 52).
 * The same draws as the sequential search, word for word ({@code PoissonInversionTest}).
 *
 * <p>Immutable; thread-safe.
 */
public final class PoissonInversion {

    /** Entries kept as integer thresholds. */
    static final int FIRST = 8;
    /** Beyond the largest word: a threshold no word reaches. */
    private static final long NEVER = 1L << 32;

    /** {@code cdf[k]} = {@code p_0 + .. + p_k}, summed in that order. */
    private final double[] cdf;
    /** The smallest word (unsigned, in [0, 2^32]) with {@code cdf[j] < u}, for j below {@value #FIRST}. */
    private final long[] thresholds = new long[FIRST];

    private PoissonInversion(double[] cdf) {
        this.cdf = cdf;
        int last = cdf.length - 1;
        for (int j = 0; j < FIRST; j++) {
            // the search stops at the table's last k: entries from there on never count
            thresholds[j] = j < last ? smallestWordAbove(cdf[j]) : NEVER;
        }
    }

    /**
     * The table of mean {@code lambda}: {@code p_0 = exp(-lambda)}, {@code p_j = p_(j-1) * (lambda / j)}, summed in
     * that order up to the first {@code k} whose {@code p_k} is 0 in double arithmetic (at most a few hundred entries
     * below mean 30).
     *
     * @param lambda the mean, in [0, 30)
     * @throws IllegalArgumentException if {@code lambda} is outside [0, 30)
     */
    public static PoissonInversion of(double lambda) {
        if (!(lambda >= 0 && lambda < 30)) {
            throw new IllegalArgumentException("Poisson inversion mean " + lambda + " must be in [0, 30)");
        }
        double[] cdf = new double[64];
        double p = Math.exp(-lambda);
        cdf[0] = p;
        int k = 0;
        while (p > 0) {
            k++;
            p *= lambda / k;
            if (k == cdf.length) {
                cdf = Arrays.copyOf(cdf, 2 * k);
            }
            cdf[k] = cdf[k - 1] + p;
        }
        return new PoissonInversion(Arrays.copyOf(cdf, k + 1));
    }

    /** The uniform of word {@code w} (unsigned, in [0, 2^32]): exact in a double. */
    private static double uniform(long w) {
        return (w + 0.5) * 0x1.0p-32;
    }

    /** The smallest w in [0, 2^32] with {@code c < uniform(w)} (2^32 if no word passes): a binary search. */
    private static long smallestWordAbove(double c) {
        long lo = 0;
        long hi = NEVER;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (c < uniform(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * The draw of one 32-bit uniform.
     *
     * @param word 32 random bits
     * @return a count in [0, k] for the table's last k (the first of probability 0)
     */
    public int draw(int word) {
        long w = word & 0xFFFF_FFFFL;
        long[] t = thresholds;
        // thresholds do not decrease, so those passed are a prefix and counting them finds its end
        int k = (w >= t[0] ? 1 : 0) + (w >= t[1] ? 1 : 0) + (w >= t[2] ? 1 : 0) + (w >= t[3] ? 1 : 0)
                + (w >= t[4] ? 1 : 0) + (w >= t[5] ? 1 : 0) + (w >= t[6] ? 1 : 0) + (w >= t[7] ? 1 : 0);
        if (k < FIRST) {
            return k;
        }
        double u = uniform(w);
        int last = cdf.length - 1;
        while (k < last && u > cdf[k]) {
            k++;
        }
        return k;
    }
}
