package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedPointLifModelTest {

    private static final double DT = 0.1;

    /**
     * Stated tolerance for the membrane potential against the double model: the rounding bound of the class
     * Javadoc, 2 * 2^-16 / (1 - P22) = 3.1e-3 mV for tau_m = 10 ms and dt = 0.1 ms.
     */
    private static final double V_TOL = 2 * 0x1p-16 / -Math.expm1(-DT / 10.0);

    @Test
    void subthresholdTrajectoryTracksTheDoubleModelWithinTheRoundingBound() {
        LifCubaParams p = LifCubaParams.defaults().withIE(300); // below rheobase (375 pA)
        try (Harness fx = new Harness(new FixedPointLifModel(p, DT), 2);
             Harness fl = new Harness(new LifCubaModel(p, DT), 2)) {
            double maxDev = 0;
            for (int k = 0; k < 5000; k++) {
                if (k % 97 == 0) { // PSPs on top of the DC drive: +-150 pA kicks to neuron 1
                    float w = (k / 97) % 2 == 0 ? 150f : -150f;
                    fx.input(w > 0 ? 0 : 1, 1, w);
                    fl.input(w > 0 ? 0 : 1, 1, w);
                }
                assertEquals(fl.step(), fx.step());
                for (int i = 0; i < 2; i++) {
                    maxDev = Math.max(maxDev, Math.abs(fx.v(i) - fl.v(i)));
                }
            }
            assertTrue(maxDev <= V_TOL, "max |V_fixed - V_double| = " + maxDev + " mV, bound " + V_TOL);
            assertTrue(maxDev > 0, "fixed point should differ at all from double");
        }
    }

    @Test
    void dcDrivenSpikeTimesMatchTheDoubleModelToTheStep() {
        for (double current : new double[] {400, 500, 777, 1500}) {
            LifCubaParams p = LifCubaParams.defaults().withIE(current);
            try (Harness fx = new Harness(new FixedPointLifModel(p, DT), 1);
                 Harness fl = new Harness(new LifCubaModel(p, DT), 1)) {
                List<Long> a = fx.run(10_000, 0);
                List<Long> b = fl.run(10_000, 0);
                assertEquals(b.size(), a.size(), "spike count at " + current + " pA");
                for (int s = 0; s < a.size(); s++) {
                    assertTrue(Math.abs(a.get(s) - b.get(s)) <= 1, "spike " + s + " at " + current + " pA: "
                            + a.get(s) + " vs " + b.get(s));
                }
                assertTrue(a.size() >= 10, "spikes " + a.size());
            }
        }
    }

    @Test
    void randomlyDrivenPopulationTracksTheDoubleModel() {
        long seed = 1234;
        int n = 100;
        LifCubaParams p = LifCubaParams.defaults().withIE(350);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<List<Long>> fixed = new ArrayList<>();
        List<List<Long>> real = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fixed.add(new ArrayList<>());
            real.add(new ArrayList<>());
        }
        try (Harness fx = new Harness(new FixedPointLifModel(p, DT), n);
             Harness fl = new Harness(new LifCubaModel(p, DT), n)) {
            for (int k = 0; k < 10_000; k++) {
                for (int i = 0; i < n; i++) {
                    if (rnd.nextInt(20) == 0) {
                        float w = (float) (rnd.nextDouble() * 300 - 100);
                        int r = w >= 0 ? 0 : 1;
                        fx.input(r, i, w);
                        fl.input(r, i, w);
                    }
                }
                for (int i : fx.step()) {
                    fixed.get(i).add((long) k);
                }
                for (int i : fl.step()) {
                    real.get(i).add((long) k);
                }
            }
        }
        int total = 0;
        int matched = 0;
        for (int i = 0; i < n; i++) {
            total += real.get(i).size();
            for (long t : real.get(i)) {
                if (fixed.get(i).contains(t) || fixed.get(i).contains(t - 1) || fixed.get(i).contains(t + 1)) {
                    matched++;
                }
            }
            assertTrue(Math.abs(real.get(i).size() - fixed.get(i).size()) <= 1,
                    "neuron " + i + ": " + real.get(i).size() + " vs " + fixed.get(i).size() + " spikes, seed " + seed);
        }
        assertTrue(total > 1000, "spikes " + total);
        // Stated tolerance: at least 99% of the double model's spikes have a fixed-point spike within +-1 step.
        assertTrue(matched >= 0.99 * total, matched + " of " + total + " spikes matched, seed " + seed);
    }

    @Test
    void hugeInputSaturatesInsteadOfWrapping() {
        LifCubaParams p = LifCubaParams.defaults();
        try (Harness h = new Harness(new FixedPointLifModel(p, DT), 2)) {
            h.input(0, 0, 1e9f);
            h.input(1, 1, -1e9f);
            h.step();
            assertEquals(Q16.MAX, h.state.getInt("i_exc", 0));
            assertEquals(Q16.MIN, h.state.getInt("i_inh", 1));
            boolean fired = false;
            for (int k = 0; k < 5; k++) {
                fired |= h.step().contains(0);
                assertTrue(h.v(1) < p.eL(), "inhibited neuron must go down, not wrap: " + h.v(1));
            }
            assertTrue(fired, "saturated excitation must fire the neuron");
        }
    }

    @Test
    void valuesOutsideTheQ16RangeAreRejected() {
        LifCubaModelTest.assertMessage(() -> new FixedPointLifModel(LifCubaParams.defaults().withIE(40_000), DT), "iE", "40000.0");
        LifCubaModelTest.assertMessage(() -> new FixedPointLifModel(LifCubaParams.defaults().withVTh(33_000), DT), "vTh", "33000.0");
        LifCubaModelTest.assertMessage(() -> new FixedPointLifModel(LifCubaParams.defaults(), 0), "dt", "0.0");
    }

    @Test
    void membranePotentialConvertsExactly() {
        FixedPointLifModel model = new FixedPointLifModel(LifCubaParams.defaults(), DT);
        try (Harness h = new Harness(model, 1)) {
            assertEquals(-70.0, h.v(0));
            model.setMembranePotential(h.state, 0, -60.5);
            assertEquals(Q16.fromDouble(-60.5), h.state.getInt("v", 0));
            assertEquals(-60.5, h.v(0));
        }
    }
}
