package org.shnn.engine.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoissonInversionTest {

    private static final long SEED = 20260101L;
    private static final int N = 200_000;

    @Test
    void momentsFromSharedBlocks() {
        for (double lambda : new double[] {0.1, 2.0, 8.0}) {
            CounterRng r = new CounterRng(SEED);
            PoissonInversion table = PoissonInversion.of(lambda);
            int[] words = new int[16];
            PoissonMoments.assertMoments(lambda, N, i -> {
                if ((i & 15) == 0) {
                    r.reset(8, i >>> 2, 0).firstBlocks4(words); // neurons i..i+15, as the step loop draws them
                }
                return table.draw(words[i & 15]);
            }, "seed " + SEED);
        }
        assertEquals(0, PoissonInversion.of(1.0).draw(0));
    }

    /**
     * Devroye's sequential search (X.3), as the step loop drew small-mean Poisson inputs before the table: the
     * reference the table must equal draw for draw, so that no raster moves.
     */
    private static long sequentialInversion(double lambda, int word) {
        double u = ((word & 0xFFFF_FFFFL) + 0.5) * 0x1.0p-32;
        double p = Math.exp(-lambda);
        double cdf = p;
        long k = 0;
        while (u > cdf && p > 0) {
            k++;
            p *= lambda / k;
            cdf += p;
        }
        return k;
    }

    /** The cumulative sums the sequential search passes, to find the words on both sides of each boundary. */
    private static List<Double> boundaries(double lambda) {
        List<Double> c = new ArrayList<>();
        double p = Math.exp(-lambda);
        double cdf = p;
        c.add(cdf);
        for (long k = 1; p > 0; k++) {
            p *= lambda / k;
            cdf += p;
            c.add(cdf);
        }
        return c;
    }

    @Test
    void drawsWhatTheSequentialSearchDraws() {
        SplittableRandom random = new SplittableRandom(SEED);
        // means whose tables end below, at and beyond the eight integer thresholds, up to the largest allowed
        for (double lambda : new double[] {0, 1e-9, 1e-3, 0.05, 0.5, 1.28, 1.6, 2.32, 9.99, 20, 29.9}) {
            PoissonInversion table = PoissonInversion.of(lambda);
            List<Integer> words = new ArrayList<>(List.of(0, -1, 1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE));
            for (double c : boundaries(lambda)) { // the words on both sides of every boundary
                long w = (long) Math.floor(c * 0x1.0p32 - 0.5);
                for (long x = w - 2; x <= w + 2; x++) {
                    words.add((int) Math.max(0, Math.min(0xFFFF_FFFFL, x)));
                }
            }
            for (int i = 0; i < 200_000; i++) {
                words.add(random.nextInt());
            }
            for (int w : words) {
                assertEquals(sequentialInversion(lambda, w), table.draw(w),
                        "lambda " + lambda + ", word " + Integer.toUnsignedString(w));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> PoissonInversion.of(30));
        assertThrows(IllegalArgumentException.class, () -> PoissonInversion.of(Double.NaN));
    }
}
