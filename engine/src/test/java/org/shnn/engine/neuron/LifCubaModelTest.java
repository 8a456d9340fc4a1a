package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class LifCubaModelTest {

    /**
     * Tolerance of the stored double state against the closed form, relative to |V| (about 70 mV).
     * Exact integration leaves only rounding: each step adds a few ulps (~1e-16 relative) and the
     * propagator P22 &lt; 1 damps old errors, so the error stays near 1e-14 over 10^4 steps; 1e-12 leaves
     * two orders of margin while still catching any first-order (Euler-like, ~1e-3) integration error.
     */
    private static final double REL_TOL = 1e-12;

    @Test
    void constantCurrentFollowsTheClosedFormIncludingSpikeTimes() {
        double dt = 0.1;
        double current = 500.0; // pA; R I = 20 mV > V_th - E_L = 15 mV
        LifCubaParams p = LifCubaParams.defaults().withIE(current);
        // The same drive once as I_e and once as an external current.
        LifCubaModel viaIe = new LifCubaModel(p, dt);
        LifCubaModel viaExternal = new LifCubaModel(p.withIE(0), dt);
        try (Harness a = new Harness(viaIe, 1); Harness b = new Harness(viaExternal, 1)) {
            b.external(0, current);
            List<Long> expected = closedFormSpikes(p, current, dt, 10_000, viaIe.refractorySteps(), a, b);
            assertTrue(expected.size() > 50, "expected many spikes, got " + expected.size());
            // closedFormSpikes compared V at every step; the spike steps must match exactly too.
        }
    }

    /** Steps both harnesses, comparing V and spikes with the closed form at every step; returns spike steps. */
    private static List<Long> closedFormSpikes(LifCubaParams p, double current, double dt, int steps, int nRef,
                                               Harness a, Harness b) {
        double tau = p.tauM();
        double rI = current * tau / p.cM();
        double t0 = 0;        // start of the current free evolution, ms
        double v0 = p.eL();   // V at t0
        long refractoryUntil = -1;
        List<Long> spikes = new ArrayList<>();
        for (long k = 0; k < steps; k++) {
            boolean firedA = !a.step().isEmpty();
            boolean firedB = !b.step().isEmpty();
            double expected;
            boolean expectSpike = false;
            if (k <= refractoryUntil) {
                expected = p.vReset();
            } else {
                double t = (k + 1) * dt;
                double decay = Math.exp(-(t - t0) / tau);
                expected = p.eL() + (v0 - p.eL()) * decay + rI * (1 - decay);
                assertTrue(Math.abs(expected - p.vTh()) > 1e-9, "closed form too close to threshold at step " + k);
                if (expected >= p.vTh()) {
                    expectSpike = true;
                    expected = p.vReset();
                    refractoryUntil = k + nRef;
                    t0 = (k + 1 + nRef) * dt;
                    v0 = p.vReset();
                    spikes.add(k);
                }
            }
            assertEquals(expectSpike, firedA, "spike (I_e) at step " + k);
            assertEquals(expectSpike, firedB, "spike (external) at step " + k);
            assertEquals(expected, a.v(0), REL_TOL * Math.abs(expected), "V (I_e) at step " + k);
            assertEquals(expected, b.v(0), REL_TOL * Math.abs(expected), "V (external) at step " + k);
        }
        return spikes;
    }

    @Test
    void firstSpikeTimeMatchesTheAnalyticCrossing() {
        double dt = 0.1;
        LifCubaParams p = LifCubaParams.defaults().withIE(500.0);
        double tStar = -p.tauM() * Math.log(1 - (p.vTh() - p.eL()) / (500.0 * p.tauM() / p.cM()));
        try (Harness h = new Harness(new LifCubaModel(p, dt), 1)) {
            long first = h.run(1000, 0).getFirst();
            // the spike is reported at the first step whose end time (k + 1) dt is at or after t*
            assertEquals((long) Math.ceil(tStar / dt) - 1, first, "t* = " + tStar + " ms");
        }
    }

    @Test
    void singleInputPspMatchesDifferenceOfExponentials() {
        checkPsp(10.0, 2.0, 0, 100f);   // tau_m > tau_syn, excitatory
        checkPsp(10.0, 30.0, 0, 100f);  // tau_m < tau_syn
        checkPsp(20.0, 5.0, 1, -250f);  // inhibitory receptor, negative weight
    }

    @Test
    void singleInputPspMatchesTheSingularCaseWhenTauMEqualsTauSyn() {
        checkPsp(10.0, 10.0, 0, 100f);
        checkPsp(10.0, 10.0, 1, -100f);
    }

    @Test
    void nearlySingularTimeConstantsStayAccurate() {
        // tau_syn within 1e-9 of tau_m: the expm1 form must agree with the singular limit to ~1e-9 relative.
        double dt = 0.1;
        double p21Near = LifCubaModel.p21(10.0 * (1 + 1e-9), 10.0, 250.0, dt);
        double p21Limit = LifCubaModel.p21(10.0, 10.0, 250.0, dt);
        assertEquals(p21Limit, p21Near, 1e-8 * p21Limit);
        assertEquals(dt / 250.0 * Math.exp(-dt / 10.0), p21Limit, 1e-16);
    }

    private static void checkPsp(double tauM, double tauSyn, int receptor, float w) {
        double dt = 0.1;
        LifCubaParams p = LifCubaParams.defaults().withTauM(tauM).withTauSyn(tauSyn, tauSyn).withVTh(1e3);
        double c = p.cM();
        DoubleUnaryOperator psp = tauM == tauSyn
                ? s -> w / c * s * Math.exp(-s / tauM)
                : s -> w / c * (tauM * tauSyn / (tauM - tauSyn)) * (Math.exp(-s / tauM) - Math.exp(-s / tauSyn));
        double peak = 0;
        for (int k = 0; k < 3000; k++) {
            peak = Math.max(peak, Math.abs(psp.applyAsDouble(k * dt)));
        }
        assertTrue(peak > 0.05, "PSP peak " + peak + " mV is large against the tolerance");
        try (Harness h = new Harness(new LifCubaModel(p, dt), 2)) {
            h.input(receptor, 1, w); // neuron 1 gets the spike, neuron 0 stays at rest
            for (int k = 0; k < 3000; k++) {
                assertTrue(h.step().isEmpty());
                // the input lands at the end of step 0, so V after step k is PSP(k dt)
                double expected = p.eL() + psp.applyAsDouble(k * dt);
                // V is stored absolute (about -70 mV), so rounding is relative to |V|, not to the PSP height
                assertEquals(expected, h.v(1), REL_TOL * Math.abs(expected),
                        "tau_m=" + tauM + " tau_syn=" + tauSyn + " step " + k);
                assertEquals(p.eL(), h.v(0), 0.0);
            }
        }
    }

    @Test
    void refractoryPeriodLastsExactlyRoundTRefOverDtSteps() {
        for (double tRef : new double[] {0.0, 0.1, 2.0, 2.04, 5.0}) {
            double dt = 0.1;
            LifCubaParams p = LifCubaParams.defaults().withTRef(tRef).withIE(1e7); // fires as soon as it may
            LifCubaModel model = new LifCubaModel(p, dt);
            int nRef = (int) Math.round(tRef / dt);
            assertEquals(nRef, model.refractorySteps());
            try (Harness h = new Harness(model, 1)) {
                List<Long> spikes = new ArrayList<>();
                for (long k = 0; k < 200; k++) {
                    boolean fired = !h.step().isEmpty();
                    if (fired) {
                        spikes.add(k);
                    }
                    if (!spikes.isEmpty() && !fired && k - spikes.getLast() <= nRef) {
                        assertEquals(p.vReset(), h.v(0), 0.0, "clamped at step " + k + ", t_ref " + tRef);
                    }
                }
                assertEquals(0, spikes.getFirst());
                for (int s = 1; s < spikes.size(); s++) {
                    assertEquals(nRef + 1, spikes.get(s) - spikes.get(s - 1), "ISI in steps, t_ref " + tRef);
                }
            }
        }
    }

    @Test
    void inputDuringRefractorinessIsKeptInTheCurrent() {
        LifCubaParams p = LifCubaParams.defaults().withTRef(2.0);
        LifCubaModel model = new LifCubaModel(p, 0.1);
        try (Harness h = new Harness(model, 1)) {
            h.state.setInt("refractory", 0, 5);
            h.input(0, 0, 40f);
            h.step();
            assertEquals(p.vReset(), h.v(0), 0.0);
            assertEquals(40.0, h.state.getDouble("i_exc", 0), 1e-12);
            assertEquals(4, h.state.getInt("refractory", 0));
        }
    }

    @Test
    void restStateAndMetadata() {
        LifCubaModel model = new LifCubaModel(LifCubaParams.defaults(), 0.1);
        assertEquals("lif_cuba", model.name());
        assertEquals(2, model.receptorCount());
        assertEquals(0.1, model.dt());
        assertEquals("pA", model.inputUnit());
        try (Harness h = new Harness(model, 3)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(-70.0, h.v(i));
                assertEquals(0.0, h.state.getDouble("i_exc", i));
                assertEquals(0, h.state.getInt("refractory", i));
            }
            for (int k = 0; k < 100; k++) {
                assertTrue(h.step().isEmpty());
            }
            assertEquals(-70.0, h.v(2), 0.0, "rest is a fixed point");
        }
    }

    @Test
    void badParametersNameTheField() {
        LifCubaParams d = LifCubaParams.defaults();
        assertMessage(() -> d.withCM(0), "cM", "0.0");
        assertMessage(() -> d.withTauM(-1), "tauM", "-1.0");
        assertMessage(() -> d.withTauSyn(Double.NaN, 2), "tauSynExc", "NaN");
        assertMessage(() -> d.withTauSyn(2, 0), "tauSynInh", "0.0");
        assertMessage(() -> d.withTRef(-0.5), "tRef", "-0.5");
        assertMessage(() -> d.withVReset(-50), "vReset", "-50.0");
        assertMessage(() -> d.withEL(Double.POSITIVE_INFINITY), "eL", "Infinity");
        assertMessage(() -> d.withIE(Double.NaN), "iE", "NaN");
        assertMessage(() -> new LifCubaModel(d, 0), "dt", "0.0");
        assertMessage(() -> new LifCubaModel(d, -0.1), "dt", "-0.1");
        assertMessage(() -> new LifCubaModel(d.withTRef(1e300), 0.1), "tRef", "1.0E300");
    }

    static void assertMessage(Runnable r, String field, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(field + " = " + value) || e.getMessage().contains(field + " = " + value),
                "message should name " + field + " = " + value + ": " + e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
