package org.shnn.engine.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoissonRateEncoderTest {

    private static final long SEED = 20261125L;
    private static final double DT = 0.1;

    @Test
    void countsHaveTheBernoulliMeanAndFanoFactorNearOne() {
        int n = 2000;
        double rate = 20;
        PoissonRateEncoder enc = new PoissonRateEncoder(new ValueRange(0, 100), 0, 100, 1000, DT, SEED);
        double[] values = new double[n];
        Arrays.fill(values, rate);
        RateDecoder dec = new RateDecoder(n, 0, enc.windowSteps(), DT);
        enc.encode(values, 0, dec);
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += dec.count(i);
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            var += (dec.count(i) - mean) * (dec.count(i) - mean);
        }
        var /= n - 1;
        double p = rate * DT / 1000;
        double expectedMean = p * enc.windowSteps();
        // standard error of the mean: sqrt(20 / 2000) = 0.1; of the Fano factor: about sqrt(2 / n) = 0.032
        assertEquals(expectedMean, mean, 0.5, "mean count, seed " + SEED);
        assertEquals(1 - p, var / mean, 0.16, "Fano factor, seed " + SEED);
    }

    @Test
    void roundTripRecoversTheValueWithinFourSigmaOfCountNoise() {
        int copies = 100;
        PoissonRateEncoder enc = new PoissonRateEncoder(ValueRange.UNIT, 0.1, 100, 1000, DT, SEED);
        for (double x : new double[] {0, 0.1, 0.37, 0.5, 0.8, 1}) {
            double[] values = new double[copies];
            Arrays.fill(values, x);
            RateDecoder dec = new RateDecoder(copies, 0, enc.windowSteps(), DT);
            enc.encode(values, 0, dec);
            double rate = 0;
            for (int i = 0; i < copies; i++) {
                rate += dec.rateHz(i);
            }
            rate /= copies;
            double windowS = enc.windowMs() / 1000;
            double sigmaRate = Math.sqrt(enc.rateHz(x) * windowS * copies) / (windowS * copies);
            double bound = 4 * sigmaRate / (100 - 0.1) + 1e-3;
            assertEquals(x, enc.valueOfRate(rate), bound, "value " + x + ", seed " + SEED);
        }
    }

    @Test
    void trainsDependOnlyOnSeedNeuronAndStartStepAndComeOutSorted() {
        PoissonRateEncoder a = new PoissonRateEncoder(ValueRange.UNIT, 0, 500, 200, DT, SEED);
        PoissonRateEncoder b = new PoissonRateEncoder(ValueRange.UNIT, 0, 500, 200, DT, SEED);
        List<long[]> both = collect(a, new double[] {0.9, 0.4}, 3000);
        b.encode(new double[] {0.2}, 0, (s, n) -> { }); // unrelated draws first: must not matter
        List<long[]> first = collect(b, new double[] {0.9}, 3000);
        List<long[]> neuron0 = both.stream().filter(sp -> sp[1] == 0).toList();
        assertEquals(first.size(), neuron0.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), neuron0.get(i));
        }
        for (int i = 1; i < both.size(); i++) {
            long[] p = both.get(i - 1);
            long[] q = both.get(i);
            assertTrue(p[0] < q[0] || (p[0] == q[0] && p[1] < q[1]), "order at " + i);
            assertTrue(q[0] >= 3000 && q[0] < 3000 + a.windowSteps());
        }
        assertTrue(collect(new PoissonRateEncoder(ValueRange.UNIT, 0, 500, 200, DT, SEED + 1),
                new double[] {0.9}, 3000).size() > 0);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new PoissonRateEncoder(ValueRange.UNIT, 0, 20000, 100, DT, 1));
        assertThrows(IllegalArgumentException.class, () -> new PoissonRateEncoder(ValueRange.UNIT, 5, 5, 100, DT, 1));
        assertThrows(IllegalArgumentException.class, () -> new PoissonRateEncoder(ValueRange.UNIT, 0, 5, 0.01, DT, 1));
        PoissonRateEncoder enc = PoissonRateEncoder.defaults(DT, 1);
        assertThrows(IllegalArgumentException.class, () -> enc.encode(new double[] {Double.NaN}, 0, (s, n) -> { }));
        assertThrows(IllegalArgumentException.class, () -> enc.encode(new double[] {1}, -1, (s, n) -> { }));
        assertEquals(1000, enc.windowSteps());
    }

    static List<long[]> collect(PoissonRateEncoder enc, double[] values, long start) {
        List<long[]> out = new ArrayList<>();
        enc.encode(values, start, (s, n) -> out.add(new long[] {s, n}));
        return out;
    }
}
