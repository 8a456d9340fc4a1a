package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LifDeltaModelTest {

    /** Exact integration leaves only rounding (a few ulps per step, damped by P33 &lt; 1); see LifCubaModelTest. */
    private static final double REL_TOL = 1e-12;

    @Test
    void constantCurrentFollowsTheClosedFormIncludingSpikeTimes() {
        double dt = 0.1;
        double current = 400.0; // pA; R I = 10 ms / 250 pF * 400 pA = 16 mV > V_th - E_L = 15 mV
        LifDeltaParams p = LifDeltaParams.defaults().withIE(current);
        LifDeltaModel viaIe = new LifDeltaModel(p, dt);
        LifDeltaModel viaExternal = new LifDeltaModel(p.withIE(0), dt);
        try (Harness a = new Harness(viaIe, 1); Harness b = new Harness(viaExternal, 1)) {
            b.external(0, current);
            double rI = current * p.tauM() / p.cM();
            double t0 = 0;
            double v0 = p.eL();
            long refractoryUntil = -1;
            int spikes = 0;
            for (long k = 0; k < 10_000; k++) {
                boolean firedA = !a.step().isEmpty();
                boolean firedB = !b.step().isEmpty();
                double expected;
                boolean expectSpike = false;
                if (k <= refractoryUntil) {
                    expected = p.vReset();
                } else {
                    double decay = Math.exp(-((k + 1) * dt - t0) / p.tauM());
                    expected = p.eL() + (v0 - p.eL()) * decay + rI * (1 - decay);
                    assertTrue(Math.abs(expected - p.vTh()) > 1e-9, "closed form too close to threshold at step " + k);
                    if (expected >= p.vTh()) {
                        expectSpike = true;
                        expected = p.vReset();
                        refractoryUntil = k + viaIe.refractorySteps();
                        t0 = (k + 1 + viaIe.refractorySteps()) * dt;
                        v0 = p.vReset();
                        spikes++;
                    }
                }
                assertEquals(expectSpike, firedA, "spike (I_e) at step " + k);
                assertEquals(expectSpike, firedB, "spike (external) at step " + k);
                assertEquals(expected, a.v(0), REL_TOL * Math.abs(expected), "V (I_e) at step " + k);
                assertEquals(expected, b.v(0), REL_TOL * Math.abs(expected), "V (external) at step " + k);
            }
            assertTrue(spikes > 20, "expected regular firing, got " + spikes + " spikes");
        }
    }

    @Test
    void aDeltaInputIsAnExactVoltageJumpThatDecaysWithTauM() {
        LifDeltaParams p = LifDeltaParams.brunel2000();
        LifDeltaModel model = new LifDeltaModel(p, 0.1);
        try (Harness h = new Harness(model, 2)) {
            h.step();
            assertEquals(0.0, h.v(0), 0.0);
            h.input(0, 0, 0.5f);
            h.input(1, 1, -0.25f);
            h.step();
            // the jump acts in the step it arrives in, unscaled (NEST iaf_psc_delta)
            assertEquals(0.5, h.v(0), 0.0);
            assertEquals(-0.25, h.v(1), 0.0);
            for (int n = 1; n <= 200; n++) {
                h.step();
                double expected = 0.5 * Math.exp(-n * 0.1 / p.tauM());
                assertEquals(expected, h.v(0), REL_TOL * expected, "after " + n + " steps");
                assertEquals(-0.5 * expected, h.v(1), REL_TOL * expected, "after " + n + " steps");
            }
            // a jump across threshold fires in the same step
            h.input(0, 0, 25f);
            assertEquals(List.of(0), h.step());
            assertEquals(p.vReset(), h.v(0), 0.0);
        }
    }

    @Test
    void inputDuringRefractorinessIsDiscarded() {
        LifDeltaParams p = LifDeltaParams.brunel2000(); // t_ref 2 ms = 20 steps
        LifDeltaModel model = new LifDeltaModel(p, 0.1);
        assertEquals(20, model.refractorySteps());
        try (Harness h = new Harness(model, 1)) {
            h.input(0, 0, 21f);
            assertEquals(List.of(0), h.step());
            for (int k = 0; k < 20; k++) {
                h.input(0, 0, 30f); // would fire at once if integrated
                h.input(1, 0, -5f);
                assertEquals(List.of(), h.step(), "refractory step " + k);
                assertEquals(p.vReset(), h.v(0), 0.0, "clamped at V_reset in refractory step " + k);
            }
            // free again: the first step decays from V_reset and takes this step's jump
            h.input(0, 0, 1f);
            h.step();
            assertEquals(p.vReset() * Math.exp(-0.1 / p.tauM()) + 1.0, h.v(0), 1e-12);
        }
    }

    @Test
    void parametersAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new LifDeltaParams(250, 0, 0, 20, 10, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifDeltaParams(250, 20, 0, 20, 20, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifDeltaParams(250, 20, 0, 20, 10, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifDeltaModel(LifDeltaParams.defaults(), 0));
        assertEquals("mV", new LifDeltaModel(LifDeltaParams.defaults(), 0.1).inputUnit());
    }
}
