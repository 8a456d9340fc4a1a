package org.shnn.engine.plasticity;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.shnn.engine.neuron.LifCubaModel;
import org.shnn.engine.neuron.LifCubaParams;
import org.shnn.engine.neuron.PopulationState;

class HomeostaticScalingTest {

    private static final double DT = 0.1;

    @Test
    void scaleFollowsTheFormulaAndClamps() {
        HomeostaticScaling h = new HomeostaticScaling(HomeostasisParams.defaults(), DT);
        assertEquals(10000, h.windowSteps());
        assertEquals(1, h.scaleFor(5), 0);
        assertEquals(1 + 0.001 * (5.0 / 20 - 1), h.scaleFor(20), 1e-15);
        assertEquals(10, h.scaleFor(0), 0);
        HomeostaticScaling strong = new HomeostaticScaling(HomeostasisParams.defaults().withFactor(5), DT);
        assertEquals(0.1, strong.scaleFor(1000), 0);
        assertEquals(10, strong.scaleFor(0.5), 0);
        assertTrue(h.isWindowEnd(9999) && !h.isWindowEnd(10000) && h.isWindowEnd(19999));
        assertThrows(IllegalArgumentException.class, () -> new HomeostaticScaling(HomeostasisParams.defaults().withWindow(0.01), DT));
        assertThrows(IllegalArgumentException.class, () -> new HomeostasisParams(5, 1000, 0.1, 2, 1, 0, 1));
    }

    @Test
    void windowEndScalesOnlyThatNeuronsIncomingWeights() {
        HomeostaticScaling h = new HomeostaticScaling(HomeostasisParams.defaults().withFactor(0.5).withWindow(1), 1);
        try (Arena arena = Arena.ofConfined()) {
            Csr csr = Csr.allToAll(arena, 2, 2, 0.4f);
            PlasticSynapses syn = csr.wrap(arena);
            PopulationState s = h.allocateState(arena, 2);
            for (int k = 0; k < 20; k++) {
                h.onPostSpike(s, 0); // 20 spikes in 1 ms = 20 kHz: scale clamps at 1 + 0.5 (5/20000 - 1)
            }
            h.applyWindowEnd(s, syn, 0, 1);
            assertEquals(20000, h.lastRateHz(s, 0), 1e-9);
            double scale = 1 + 0.5 * (5.0 / 20000 - 1);
            assertEquals(scale, h.lastScale(s, 0), 1e-12);
            assertEquals((float) (0.4f * scale), syn.weight(0));
            assertEquals(0.4f, syn.weight(1));
            assertEquals((float) (0.4f * scale), syn.weight(2));
            assertTrue(Double.isNaN(h.lastRateHz(s, 1)));
            h.applyWindowEnd(s, syn, 1, 2); // silent neuron: scale up by maxScale, clipped at wMax = 1
            assertEquals(1f, syn.weight(1));
        }
    }

    /** Mean rate (Hz) of a LIF population over each window while scaling acts on its Poisson-driven inputs. */
    static double[] drive(float w0, long seed, int windows) {
        int pres = 10;
        int posts = 20;
        double inputHz = 20;
        HomeostaticScaling h = new HomeostaticScaling(
                new HomeostasisParams(5, 1000, 0.1, 0.5, 1.25, 0, 100_000), DT);
        LifCubaModel lif = new LifCubaModel(LifCubaParams.defaults(), DT);
        double[] rates = new double[windows];
        try (Arena arena = Arena.ofConfined()) {
            Csr csr = Csr.allToAll(arena, pres, posts, w0);
            PlasticSynapses syn = csr.wrap(arena);
            PopulationState hs = h.allocateState(arena, posts);
            PopulationState ns = lif.allocateState(arena, posts);
            MemorySegment[] input = {arena.allocate(4L * posts, 64), arena.allocate(4L * posts, 64)};
            SplittableRandom rng = new SplittableRandom(seed);
            double p = inputHz * DT / 1000;
            int[] fired = new int[1];
            for (long t = 0; t < (long) windows * h.windowSteps(); t++) {
                for (int j = 0; j < pres; j++) {
                    if (rng.nextDouble() < p) {
                        for (long e = syn.rowStart(j); e < syn.rowEnd(j); e++) {
                            int i = syn.target(e);
                            input[0].setAtIndex(JAVA_FLOAT, i, input[0].getAtIndex(JAVA_FLOAT, i) + syn.weight(e));
                        }
                    }
                }
                lif.step(ns, 0, posts, input, null, i -> {
                    h.onPostSpike(hs, i);
                    fired[0]++;
                });
                input[0].fill((byte) 0);
                if (h.isWindowEnd(t)) {
                    rates[(int) (t / h.windowSteps())] = fired[0] / (posts * 1.0);
                    fired[0] = 0;
                    h.applyWindowEnd(hs, syn, 0, posts);
                }
            }
        }
        return rates;
    }

    private static double tail(double[] rates, int n) {
        double sum = 0;
        for (int k = rates.length - n; k < rates.length; k++) {
            sum += rates[k];
        }
        return sum / n;
    }

    @Test
    void scalingPullsTheRateTowardsTheTargetFromAboveAndBelow() {
        long seed = 99;
        for (float w0 : new float[] {3000f, 300f}) {
            double[] rates = drive(w0, seed, 30);
            double first = rates[0];
            double last = tail(rates, 8);
            String msg = "w0 = " + w0 + ", seed " + seed + ", rates " + java.util.Arrays.toString(rates);
            assertTrue(Math.abs(first - 5) > 3, "starts away from the target: " + msg);
            assertTrue(Math.abs(last - 5) < 0.35 * Math.abs(first - 5), msg);
            assertTrue(Math.abs(last - 5) < 2.5, msg);
        }
    }
}
