package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IF_curr_alpha against its closed forms: the alpha PSC (peak time and amplitude) and the PSP. */
class LifCubaAlphaModelTest {

    private static final double DT = 0.1;

    /**
     * The PSC of one input of weight w: I(t) = w (t / tau) exp(1 - t / tau), peak w at t = tau. The input arrives
     * at the end of step 0, so after step k, t = k dt. Exact integration leaves rounding only: 1e-12 relative.
     */
    @Test
    void pscIsTheAlphaFunctionWithPeakWAtTauSyn() {
        LifCubaParams p = LifCubaParams.defaults().withTauSyn(2.0, 0.5);
        try (Harness h = new Harness(new LifCubaAlphaModel(p, DT), 1)) {
            h.input(0, 0, 100f);
            h.input(1, 0, -40f);
            double bestI = 0;
            long bestK = -1;
            for (long k = 0; k <= 200; k++) {
                h.step();
                double t = k * DT;
                double ie = h.state.getDouble("i_exc", 0);
                double ii = h.state.getDouble("i_inh", 0);
                assertEquals(100 * t / 2.0 * Math.exp(1 - t / 2.0), ie, 1e-12 * 100, "i_exc at t = " + t);
                assertEquals(-40 * t / 0.5 * Math.exp(1 - t / 0.5), ii, 1e-12 * 40, "i_inh at t = " + t);
                if (ie > bestI) {
                    bestI = ie;
                    bestK = k;
                }
            }
            assertEquals(20, bestK, "peak at tau_syn = 2 ms = 20 steps");
            assertEquals(100, bestI, 1e-12 * 100, "peak amplitude = weight");
        }
    }

    /**
     * The PSP of one input: V(t) - E_L = (w e / tau_s) / C_m [(e^{-t/tau_m} - e^{-t/tau_s}) / a^2 - t e^{-t/tau_s} / a],
     * a = 1/tau_s - 1/tau_m, written e^{-t/tau_m} (1 - e^{-at}(1 + at)) / a^2 with expm1 so that tau_s = 9.99 ms
     * next to tau_m = 10 ms (a t down to 1e-5) loses at most 1e-10 relative, and (w e / tau_s) / C_m t^2 / 2 e^{-t/tau}
     * when tau_m == tau_s; closed forms with Math, independent of the model's series. Checked over 60 ms at
     * 1e-10 mV (rounding only).
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.5, 2.0, 9.99, 10.0, 30.0})
    void pspFollowsTheClosedFormIncludingTauSynEqualToTauM(double tauS) {
        LifCubaParams p = LifCubaParams.defaults().withTauSyn(tauS, tauS).withVTh(100);
        double w = 150;
        double tauM = p.tauM();
        double a = 1 / tauS - 1 / tauM;
        double y0 = w * Math.E / tauS / p.cM();
        try (Harness h = new Harness(new LifCubaAlphaModel(p, DT), 1)) {
            h.input(0, 0, (float) w);
            h.step();
            double peak = 0;
            for (long k = 1; k <= 600; k++) {
                h.step();
                double t = k * DT;
                double expected = tauS == tauM
                        ? y0 * t * t / 2 * Math.exp(-t / tauM)
                        : y0 * Math.exp(-t / tauM) * (-Math.expm1(-a * t) - a * t * Math.exp(-a * t)) / (a * a);
                assertEquals(expected, h.v(0) - p.eL(), 1e-10, "PSP at t = " + t + ", tau_syn " + tauS);
                peak = Math.max(peak, expected);
            }
            assertTrue(peak > 0.1, "PSP too small to test: " + peak);
        }
    }

    /** Constant current from rest: V(t) = E_L + R I (1 - e^{-t/tau_m}); with threshold, NEST's reset and refractoriness. */
    @Test
    void constantCurrentChargesTheMembraneAndFiresRegularly() {
        LifCubaParams p = LifCubaParams.defaults().withIE(400); // R I = 16 mV > 15 mV
        LifCubaAlphaModel model = new LifCubaAlphaModel(p, DT);
        assertEquals(20, model.refractorySteps());
        try (Harness h = new Harness(model, 1)) {
            long first = -1;
            for (long k = 0; k < 1000 && first < 0; k++) {
                double t = (k + 1) * DT;
                double expected = p.eL() + 16 * (1 - Math.exp(-t / p.tauM()));
                if (!h.step().isEmpty()) {
                    first = k;
                    assertTrue(expected >= p.vTh(), "fired at " + t + " with closed form " + expected);
                    assertEquals(p.vReset(), h.v(0));
                } else {
                    assertEquals(expected, h.v(0), 1e-10, "t = " + t);
                }
            }
            // t* = -tau_m ln(1 - 15/16) = 27.73 ms: crossing in step 277
            assertEquals(277, first);
            List<Long> next = h.run(400, 0);
            // after the spike step: 20 clamped steps, then the same 277-step climb from V_reset = E_L
            assertEquals(first + 21 + 277, next.getFirst());
        }
    }

    @Test
    void propagatorSeriesAndClosedFormsAgreeAtTheirBorder() {
        // x = h a at |x| = 0.5 from either side: the two branches must agree to rounding
        double h = 1.0;
        for (double x : new double[] {0.4999999, 0.5, -0.4999999, -0.5}) {
            double tauM = 10;
            double tauS = 1 / (x / h + 1 / tauM);
            double viaModel = LifCubaAlphaModel.p31(tauS, tauM, 250, h);
            double closed = ((Math.exp(-h / tauM) - Math.exp(-h / tauS)) / (x * x) - h * Math.exp(-h / tauS) / x) / 250;
            assertEquals(closed, viaModel, 1e-13 * Math.abs(closed), "p31 at x = " + x);
            double p32 = (Math.exp(-h / tauM) - Math.exp(-h / tauS)) / x / 250;
            assertEquals(p32, LifCubaAlphaModel.p32(tauS, tauM, 250, h), 1e-13 * Math.abs(p32), "p32 at x = " + x);
        }
    }
}
