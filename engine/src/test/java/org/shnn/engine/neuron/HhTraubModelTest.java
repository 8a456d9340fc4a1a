package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HH_cond_exp: rest state, rate-function limits, the spike rule and its dead time. */
class HhTraubModelTest {

    private static final double DT = 0.1;

    @Test
    void restStartsEachGateAtItsSteadyState() {
        HhTraubParams p = HhTraubParams.defaults();
        HhTraubModel model = new HhTraubModel(p, DT);
        try (Harness h = new Harness(model, 1)) {
            double u = p.eL() - p.vT(); // 3 mV
            double am = 0.32 * (13 - u) / (Math.exp((13 - u) / 4) - 1);
            double bm = 0.28 * (u - 40) / (Math.exp((u - 40) / 5) - 1);
            double an = 0.032 * (15 - u) / (Math.exp((15 - u) / 5) - 1);
            double bn = 0.5 * Math.exp((10 - u) / 40);
            double ah = 0.128 * Math.exp((17 - u) / 18);
            double bh = 4 / (1 + Math.exp((40 - u) / 5));
            assertEquals(p.eL(), h.v(0));
            assertEquals(am / (am + bm), h.state.getDouble("m", 0), 1e-14);
            assertEquals(ah / (ah + bh), h.state.getDouble("h", 0), 1e-14);
            assertEquals(an / (an + bn), h.state.getDouble("n", 0), 1e-14);
        }
    }

    @Test
    void rateSingularitiesTakeTheirLimit() {
        assertEquals(1.0, HhTraubModel.efun(0.0));
        for (double x : new double[] {1e-9, -1e-7, 1e-4, -3e-3, 0.0099999, 0.01, -0.01, 0.5, -7.0, 30.0}) {
            double exact = x / Math.expm1(x);
            assertEquals(exact, HhTraubModel.efun(x), 1e-13 * exact, "x = " + x);
        }
    }

    @Test
    void spikesAreReportedOncePerActionPotentialAndNotInTheDeadTime() {
        HhTraubParams p = HhTraubParams.fromPyNN(Map.of("i_offset", 0.5));
        try (Harness h = new Harness(new HhTraubModel(p, DT), 1)) {
            List<Long> spikes = h.run(2000, 0);
            assertTrue(spikes.size() >= 5, "regular firing at 0.5 nA: " + spikes);
            for (int s = 1; s < spikes.size(); s++) {
                assertTrue(spikes.get(s) - spikes.get(s - 1) > 20, "one spike per action potential (> t_ref): " + spikes);
            }
        }
    }

    @Test
    void badParametersNameTheField() {
        LifCubaModelTest.assertMessage(() -> HhTraubParams.fromPyNN(Map.of("cm", 0.0)), "cM", "0.0");
        LifCubaModelTest.assertMessage(() -> new HhTraubModel(HhTraubParams.defaults(), DT, -1), "maxSubstep", "-1.0");
        assertEquals(10, new HhTraubModel(HhTraubParams.defaults(), DT).substeps());
    }
}
