package org.shnn.engine.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PopulationAndDeltaCodesTest {

    private static final double DT = 0.1;

    @Test
    void gaussianPopulationRoundTripInsideTheTiledRange() {
        long seed = 4242;
        ValueRange range = new ValueRange(-1, 1);
        double sigma = 0.2;
        GaussianPopulationEncoder enc = new GaussianPopulationEncoder(range, 21, sigma, 100, 1000, DT, seed);
        double[] values = new double[13];
        for (int k = 0; k < values.length; k++) {
            values[k] = -0.6 + 1.2 * k / (values.length - 1); // 2 sigma inside each edge
        }
        PopulationVectorDecoder dec = new PopulationVectorDecoder(enc.centres(), values.length, 0, enc.windowSteps());
        enc.encode(values, 0, dec);
        for (int k = 0; k < values.length; k++) {
            // ~500 spikes per value: sd of the estimate ~ sigma / sqrt(500) = 0.009, edge bias < 0.01
            assertEquals(values[k], dec.decode(k), 0.05, "value " + values[k] + " seed " + seed);
        }
        assertTrue(enc.rateHz(0, 10) > 99.9 && enc.rateHz(0, 0) < 1e-3);
        assertTrue(Double.isNaN(new PopulationVectorDecoder(enc.centres(), 1, 0, 1).decode(0)));
        assertThrows(IllegalArgumentException.class, () -> new GaussianPopulationEncoder(range, 1, 0.2, 100, 10, DT, 1));
    }

    @Test
    void deltaCodeTracksASignalWithinOneThresholdAndSignsChanges() {
        double theta = 0.01;
        double[] initial = {0, 1};
        DeltaEncoder enc = new DeltaEncoder(theta, initial);
        DeltaDecoder dec = new DeltaDecoder(theta, initial);
        int[] on = new int[2];
        int[] off = new int[2];
        for (int s = 0; s < 20000; s++) {
            double t = s * DT;
            double[] x = {Math.sin(2 * Math.PI * t / 500), 1 - 0.5 * Math.sin(2 * Math.PI * t / 300)}; // < theta per step
            enc.encodeStep(x, s, (step, n) -> {
                dec.spike(step, n);
                if (n % 2 == 0) {
                    on[n / 2]++;
                } else {
                    off[n / 2]++;
                }
            });
            for (int k = 0; k < 2; k++) {
                assertTrue(Math.abs(dec.level(k) - x[k]) < theta, "channel " + k + " step " + s);
                assertEquals(enc.reference(k), dec.level(k), 1e-12);
            }
        }
        assertTrue(on[0] > 300 && off[0] > 300 && on[1] > 150 && off[1] > 150);
        DeltaEncoder step = new DeltaEncoder(theta, new double[] {0});
        int[] last = {-1};
        step.encodeStep(new double[] {0.5}, 0, (s, n) -> last[0] = n);
        assertEquals(0, last[0]);
        step.encodeStep(new double[] {-0.5}, 1, (s, n) -> last[0] = n);
        assertEquals(1, last[0]); // one spike per step even for a large jump, with the right sign
        assertThrows(IllegalArgumentException.class, () -> step.encodeStep(new double[] {0, 1}, 2, (s, n) -> { }));
        assertThrows(IndexOutOfBoundsException.class, () -> dec.spike(0, 4));
    }
}
