package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdExModelTest {

    private static final double DT = 0.1;

    private static List<Long> isis(List<Long> spikes) {
        List<Long> isi = new ArrayList<>();
        for (int s = 1; s < spikes.size(); s++) {
            isi.add(spikes.get(s) - spikes.get(s - 1));
        }
        return isi;
    }

    @Test
    void spikeTriggeredAdaptationLengthensTheInterspikeIntervals() {
        AdExParams p = AdExParams.defaults().withAdaptation(0, 80.5).withIE(800);
        try (Harness h = new Harness(new AdExModel(p, DT), 1)) {
            List<Long> isi = isis(h.run(10_000, 0));
            assertTrue(isi.size() >= 5, "ISIs " + isi);
            for (int s = 1; s < isi.size(); s++) {
                // non-decreasing up to the one-step jitter of the time grid
                assertTrue(isi.get(s) >= isi.get(s - 1) - 1, "ISI must not shrink with b > 0: " + isi);
            }
            assertTrue(isi.getLast() > 1.5 * isi.getFirst(), "adaptation ratio: " + isi);
        }
    }

    @Test
    void subthresholdAndSpikeAdaptationTogetherAlsoAdapt() {
        AdExParams p = AdExParams.defaults().withIE(800); // a = 4 nS, b = 80.5 pA
        try (Harness h = new Harness(new AdExModel(p, DT), 1)) {
            List<Long> isi = isis(h.run(10_000, 0));
            assertTrue(isi.size() >= 3, "ISIs " + isi);
            assertTrue(isi.getLast() > 1.5 * isi.getFirst(), "adaptation ratio: " + isi);
        }
    }

    @Test
    void withoutAdaptationTheIntervalsStayConstant() {
        AdExParams p = AdExParams.defaults().withAdaptation(0, 0).withIE(800);
        try (Harness h = new Harness(new AdExModel(p, DT), 1)) {
            List<Long> isi = isis(h.run(10_000, 0));
            assertTrue(isi.size() >= 10, "ISIs " + isi);
            // every interval starts from V_reset with w = 0: identical up to the grid (one step)
            long min = isi.stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = isi.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(max - min <= 1, "ISIs " + isi);
        }
    }

    @Test
    void belowRheobaseTheMembraneSettlesAtTheAnalyticFixedPoint() {
        AdExParams p = AdExParams.defaults().withIE(300);
        // Fixed point: g_L (E_L - V) + g_L Delta_T exp((V - V_T)/Delta_T) - a (V - E_L) + I = 0 (w = a (V - E_L)).
        double lo = p.eL();
        double hi = p.vT();
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            double f = p.gL() * (p.eL() - mid) + p.gL() * p.deltaT() * Math.exp((mid - p.vT()) / p.deltaT())
                    - p.a() * (mid - p.eL()) + p.iE();
            if (f > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double vStar = 0.5 * (lo + hi);
        try (Harness h = new Harness(new AdExModel(p, DT), 1)) {
            assertTrue(h.run(40_000, 0).isEmpty(), "must stay subthreshold");
            assertEquals(vStar, h.v(0), 1e-6, "V*");
            assertEquals(p.a() * (vStar - p.eL()), h.state.getDouble("w", 0), 1e-5, "w*");
        }
    }

    /**
     * Stated accuracy of the default sub-step (0.025 ms) against a 40x finer reference at 1000 pA over 1 s
     * (about 30 spikes): same spike count, every ISI within one step, accumulated lag at most 5 steps
     * (0.5 ms). RK4 lags the finite-time blow-up of the upswing by a fraction of a sub-step per spike; the
     * bound is proportional to the sub-step (measured: 3 steps at 0.025 ms, 1 at 0.01 ms).
     */
    @Test
    void spikeTimesAgreeWithAFortyTimesFinerReference() {
        AdExParams p = AdExParams.defaults().withIE(1000);
        List<Long> coarse;
        List<Long> fine;
        try (Harness h = new Harness(new AdExModel(p, DT), 1)) {
            coarse = h.run(10_000, 0);
        }
        try (Harness h = new Harness(new AdExModel(p, DT, AdExModel.DEFAULT_MAX_SUBSTEP / 40), 1)) {
            fine = h.run(10_000, 0);
        }
        assertEquals(fine.size(), coarse.size(), coarse + " vs " + fine);
        assertTrue(coarse.size() >= 20, "spikes " + coarse);
        List<Long> isiCoarse = isis(coarse);
        List<Long> isiFine = isis(fine);
        for (int s = 0; s < isiCoarse.size(); s++) {
            assertTrue(Math.abs(isiFine.get(s) - isiCoarse.get(s)) <= 1, "ISI " + s + ": " + isiCoarse + " vs " + isiFine);
        }
        for (int s = 0; s < coarse.size(); s++) {
            long lag = coarse.get(s) - fine.get(s);
            assertTrue(lag >= -1 && lag <= 5, "spike " + s + ": " + coarse + " vs " + fine);
        }
    }

    @Test
    void refractoryClampsVAndRelaxesWExactly() {
        AdExParams p = AdExParams.defaults().withTRef(2.0).withIE(1e7);
        AdExModel model = new AdExModel(p, DT);
        assertEquals(20, model.refractorySteps());
        try (Harness h = new Harness(model, 1)) {
            assertEquals(List.of(0), h.step());
            double wInf = p.a() * (p.vReset() - p.eL());
            for (int k = 1; k <= 20; k++) {
                double w0 = h.state.getDouble("w", 0);
                assertTrue(h.step().isEmpty(), "refractory step " + k);
                assertEquals(p.vReset(), h.v(0), 0.0);
                assertEquals(wInf + (w0 - wInf) * Math.exp(-DT / p.tauW()), h.state.getDouble("w", 0), 1e-12 * Math.abs(w0));
            }
            assertEquals(List.of(0), h.step(), "fires again right after t_ref under this drive");
        }
    }

    @Test
    void conductancesDecayAnalytically() {
        AdExParams p = AdExParams.defaults();
        try (Harness h = new Harness(new AdExModel(p, DT), 1)) {
            h.input(0, 0, 3f);
            h.input(1, 0, 5f);
            for (int k = 0; k < 100; k++) {
                h.step();
                assertEquals(3 * Math.exp(-k * DT / 0.2), h.state.getDouble("g_exc", 0), 1e-12 * 3);
                assertEquals(5 * Math.exp(-k * DT / 2.0), h.state.getDouble("g_inh", 0), 1e-12 * 5);
            }
        }
    }

    @Test
    void badParametersNameTheField() {
        AdExParams d = AdExParams.defaults();
        LifCubaModelTest.assertMessage(() -> new AdExParams(281, 30, -70.6, -50.4, 0, 144, 4, 80.5, -60, 0, 0, 0, -85, 0.2, 2, 0),
                "deltaT", "0.0");
        LifCubaModelTest.assertMessage(() -> new AdExParams(281, 30, -70.6, -50.4, 2, -1, 4, 80.5, -60, 0, 0, 0, -85, 0.2, 2, 0),
                "tauW", "-1.0");
        LifCubaModelTest.assertMessage(() -> d.withVPeak(-55), "vT", "-50.4");
        LifCubaModelTest.assertMessage(() -> d.withAdaptation(Double.NaN, 1), "a", "NaN");
        LifCubaModelTest.assertMessage(() -> d.withTRef(-1), "tRef", "-1.0");
        LifCubaModelTest.assertMessage(() -> new AdExModel(d, DT, 0), "maxSubstep", "0.0");
        LifCubaModelTest.assertMessage(() -> new AdExModel(d, -DT), "dt", "-0.1");
        LifCubaModelTest.assertMessage(() -> new AdExModel(d.withVPeak(2000), DT), "(vPeak - vT) / deltaT", "1025.2");
        assertEquals(4, new AdExModel(d, DT).substeps());
        assertEquals(1, new AdExModel(d, 0.01).substeps());
    }
}
