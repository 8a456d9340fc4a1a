package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** IF_cond_alpha and EIF_cond_alpha_isfa_ista: the alpha conductance against its closed form. */
class LifCobaAlphaModelTest {

    private static final double DT = 0.1;

    /** g(t) = w (t / tau) exp(1 - t / tau) after an input at the end of step 0 (t = k dt after step k); rounding only. */
    private static void assertAlpha(Harness h, double wExc, double tauExc, double wInh, double tauInh) {
        h.input(0, 0, (float) wExc);
        h.input(1, 0, (float) wInh);
        long peakStep = -1;
        double peak = 0;
        for (long k = 0; k <= 300; k++) {
            h.step();
            double t = k * DT;
            double ge = h.state.getDouble("g_exc", 0);
            assertEquals(wExc * t / tauExc * Math.exp(1 - t / tauExc), ge, 1e-12 * wExc, "g_exc at " + t);
            assertEquals(wInh * t / tauInh * Math.exp(1 - t / tauInh), h.state.getDouble("g_inh", 0), 1e-12 * wInh,
                    "g_inh at " + t);
            if (ge > peak) {
                peak = ge;
                peakStep = k;
            }
        }
        assertEquals(Math.round(tauExc / DT), peakStep, "peak at tau_syn");
        assertEquals(wExc, peak, 1e-12 * wExc, "peak = weight");
    }

    @Test
    void lifConductanceIsTheAlphaFunction() {
        LifCobaParams p = LifCobaParams.defaults().withTauSyn(1.5, 4.0);
        try (Harness h = new Harness(new LifCobaAlphaModel(p, DT), 1)) {
            assertAlpha(h, 6, 1.5, 9, 4.0);
            assertTrue(h.v(0) < p.eL() + 1e-9 && h.v(0) > p.eInh(), "v between the reversal potentials: " + h.v(0));
        }
    }

    @Test
    void adexConductanceIsTheAlphaFunction() {
        AdExParams p = AdExParams.defaults().withTauSyn(2.0, 5.0);
        try (Harness h = new Harness(new AdExAlphaModel(p, DT), 1)) {
            assertAlpha(h, 3, 2.0, 5, 5.0);
        }
    }

    /** Without input the membrane relaxes to E_L + I / g_L exactly as the LIF closed form (conductances 0). */
    @Test
    void constantCurrentRelaxesAsTheClosedForm() {
        LifCobaParams p = LifCobaParams.fromPyNNAlpha(Map.of("i_offset", 0.5, "v_thresh", 0.0));
        LifCobaAlphaModel model = new LifCobaAlphaModel(p, DT);
        try (Harness h = new Harness(model, 1)) {
            double vInf = p.eL() + p.iE() / p.gL();
            for (long k = 0; k < 1000; k++) {
                h.step();
                double t = (k + 1) * DT;
                assertEquals(vInf + (p.eL() - vInf) * Math.exp(-t / p.tauM()), h.v(0), 1e-10, "t = " + t);
            }
        }
    }
}
