package org.shnn.engine.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Latency, rank-order, phase and burst codes: round trips through their decoders. */
class TimeCodesTest {

    private static final long SEED = 77L;
    private static final double DT = 0.1;

    private static double[] randomValues(ValueRange range, int n) {
        Random r = new Random(SEED);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = range.denormalize(r.nextDouble());
        }
        v[0] = range.lo();
        v[1] = range.hi();
        return v;
    }

    @Test
    void latencyRoundTripIsWithinHalfAStepAndStrongerFiresEarlier() {
        ValueRange range = new ValueRange(-2, 3);
        LatencyEncoder enc = new LatencyEncoder(range, 1, 50, DT);
        double[] v = randomValues(range, 200);
        FirstSpikeDecoder dec = new FirstSpikeDecoder(v.length, 40, DT);
        enc.encode(v, 40, dec);
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], enc.valueOfLatency(dec.latencyMs(i)), enc.resolution() + 1e-12, "value " + i + " seed " + SEED);
        }
        assertEquals(50, dec.latencyMs(0), 1e-9);
        assertEquals(1, dec.latencyMs(1), 1e-9);
        assertTrue(enc.latencySteps(0.5) < enc.latencySteps(0.4));
        assertThrows(IllegalArgumentException.class, () -> new LatencyEncoder(range, 5, 5.05, DT));
    }

    @Test
    void rankOrderRoundTripRecoversTheOrderWithTiesByIndex() {
        double[] v = {0.3, 0.9, 0.3, -1, 5, 0.9};
        RankOrderEncoder enc = new RankOrderEncoder(2, 0.5, DT);
        FirstSpikeDecoder dec = new FirstSpikeDecoder(v.length, 10, DT);
        enc.encode(v, 10, dec);
        assertArrayEquals(new int[] {4, 1, 5, 0, 2, 3}, dec.rankOrder());
        assertArrayEquals(RankOrderEncoder.order(v), dec.rankOrder());
        assertEquals(2.0, dec.latencyMs(4), 1e-9);
        assertEquals(2.5, dec.latencyMs(1), 1e-9);
        double[] r = randomValues(ValueRange.UNIT, 100);
        FirstSpikeDecoder d2 = new FirstSpikeDecoder(r.length, 0, DT);
        enc.encode(r, 0, d2);
        int[] order = d2.rankOrder();
        for (int k = 1; k < order.length; k++) {
            assertTrue(r[order[k - 1]] >= r[order[k]], "rank " + k + " seed " + SEED);
        }
    }

    @Test
    void phaseRoundTripIsWithinTheResolutionOverSeveralCycles() {
        ValueRange range = ValueRange.UNIT;
        PhaseEncoder enc = new PhaseEncoder(range, 8, 5, DT); // 1250 steps per cycle
        assertEquals(1250, enc.stepsPerCycle());
        double[] v = randomValues(range, 100);
        PhaseDecoder dec = new PhaseDecoder(v.length, 8, DT, 500);
        enc.encode(v, 500, dec);
        for (int i = 0; i < v.length; i++) {
            assertEquals(5, dec.count(i));
            assertEquals(v[i], enc.valueOfPhase(dec.phase(i)), enc.resolution() + 1e-9, "value " + i + " seed " + SEED);
        }
        assertEquals(0, dec.phase(1), 1e-12); // the largest value fires at phase 0
        assertThrows(IllegalArgumentException.class, () -> new PhaseEncoder(range, 7, 1, DT)); // 1428.6 steps
    }

    @Test
    void burstRoundTripIsWithinTheResolutionAndStrongerBurstsAreDenser() {
        ValueRange range = new ValueRange(0, 10);
        BurstEncoder enc = new BurstEncoder(range, 8, 1, 5, DT);
        double[] v = randomValues(range, 100);
        RateDecoder dec = new RateDecoder(v.length, 100, 100 + enc.burstSteps(), DT);
        enc.encode(v, 100, dec);
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], enc.valueOfCount(dec.count(i)), enc.resolution() + 1e-12, "value " + i + " seed " + SEED);
        }
        assertEquals(0, dec.count(0));
        assertEquals(8, dec.count(1));
        assertTrue(enc.isiSteps(9) < enc.isiSteps(2));
        assertEquals(10, enc.isiSteps(10));
    }
}
