package org.shnn.engine.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CounterRngTest {

    private static final long SEED = 20260101L;
    private static final int N = 200_000;

    @Test
    void sameAddressSameDrawsWhateverHappenedBefore() {
        CounterRng a = new CounterRng(SEED);
        CounterRng b = new CounterRng(SEED);
        b.reset(7, 99, 123).nextDouble();
        b.nextInt();
        double x = a.reset(3, 5, 1L << 40).nextDouble();
        double y = b.reset(3, 5, 1L << 40).nextDouble();
        assertEquals(x, y, "seed " + SEED);
        assertNotEquals(x, a.reset(3, 5, (1L << 40) + 1).nextDouble(), "step coordinate must matter");
        assertNotEquals(x, a.reset(4, 5, 1L << 40).nextDouble(), "purpose must matter");
        assertNotEquals(x, new CounterRng(SEED + 1).reset(3, 5, 1L << 40).nextDouble(), "seed must matter");
    }

    @Test
    void uniformMomentsAndRange() {
        CounterRng r = new CounterRng(SEED).reset(1, 0, 0);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < N; i++) {
            double u = r.nextDouble();
            assertTrue(u >= 0 && u < 1);
            sum += u;
            sq += u * u;
        }
        double mean = sum / N;
        double var = sq / N - mean * mean;
        // sd of the mean = sqrt(1/12 / N) ~ 6.5e-4; 5 sigma
        assertEquals(0.5, mean, 3.3e-3, "seed " + SEED);
        assertEquals(1.0 / 12, var, 2e-3, "seed " + SEED);
    }

    @Test
    void boundedIntsAreUniform() {
        CounterRng r = new CounterRng(SEED).reset(2, 0, 0);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[r.nextInt(7)]++;
        }
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - 10_000.0) * (c - 10_000.0) / 10_000.0;
        }
        assertTrue(chi2 < 22.5, "chi-square " + chi2 + " (6 dof, p=0.001 bound 22.5), seed " + SEED);
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Test
    void gaussianMoments() {
        CounterRng r = new CounterRng(SEED).reset(3, 0, 0);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < N; i++) {
            double g = r.nextGaussian();
            sum += g;
            sq += g * g;
        }
        assertEquals(0, sum / N, 0.012, "seed " + SEED);
        assertEquals(1, sq / N, 0.02, "seed " + SEED);
    }

    @Test
    void poissonMeanAndVarianceSmallAndLarge() {
        for (double lambda : new double[] {0.02, 2.0, 9.5, 10.0, 37.0, 1000.0}) {
            CounterRng r = new CounterRng(SEED);
            PoissonMoments.assertMoments(lambda, N, i -> {
                long k = r.reset(4, i, 0).nextPoisson(lambda);
                assertTrue(k >= 0);
                return k;
            }, "seed " + SEED);
        }
        assertEquals(0, new CounterRng(1).nextPoisson(0));
        assertThrows(IllegalArgumentException.class, () -> new CounterRng(1).nextPoisson(-1));
    }

    @Test
    void fourFirstBlocksAreTheBlockWordsOfFourAddresses() {
        CounterRng r = new CounterRng(SEED);
        CounterRng one = new CounterRng(SEED);
        int[] words = new int[16];
        for (int a : new int[] {0, 12, Integer.MAX_VALUE - 2}) {
            r.reset(8, a, 1L << 33).nextInt(); // the stream's position does not matter
            r.firstBlocks4(words);
            for (int g = 0; g < 4; g++) {
                one.reset(8, a + g, 1L << 33);
                for (int j = 0; j < 4; j++) {
                    assertEquals(one.nextInt(), words[4 * g + j], "address " + a + " + " + g + ", word " + j);
                }
            }
            int[] again = new int[16];
            r.nextInt();
            r.firstBlocks4(again);
            assertArrayEquals(words, again, "the first blocks do not move with the stream");
        }
    }

    @Test
    void binomialMean() {
        CounterRng r = new CounterRng(SEED);
        double sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += r.reset(5, i, 0).nextBinomial(4000, 0.02);
        }
        double mean = sum / 20_000;
        // sd of one draw sqrt(4000*.02*.98) = 8.85; of the mean 0.063
        assertEquals(80, mean, 0.35, "seed " + SEED);
        assertEquals(10, r.nextBinomial(10, 1.0));
        assertEquals(0, r.nextBinomial(10, 0.0));
        assertThrows(IllegalArgumentException.class, () -> r.nextBinomial(10, 1.5));
    }

    @Test
    void geometricMean() {
        CounterRng r = new CounterRng(SEED).reset(6, 0, 0);
        double p = 0.05;
        double logQ = Math.log1p(-p);
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += r.nextGeometric(logQ);
        }
        // mean (1-p)/p = 19, sd sqrt(1-p)/p = 19.5; of the mean 0.044
        assertEquals(19, sum / N, 0.25, "seed " + SEED);
    }

    @Test
    void logFactorialMatchesSum() {
        double s = 0;
        for (int k = 2; k <= 200; k++) {
            s += Math.log(k);
            assertEquals(s, CounterRng.logFactorial(k), 1e-9 * Math.max(1, s), "k=" + k);
        }
    }

    @Test
    void purposesAreDistinctAndBounded() {
        assertNotEquals(RngPurpose.connectivity(1), RngPurpose.weight(1));
        assertNotEquals(RngPurpose.initialState(1, 0), RngPurpose.initialState(0, 1));
        assertThrows(IllegalArgumentException.class, () -> RngPurpose.connectivity(1 << 20));
    }
}
