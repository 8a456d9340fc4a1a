package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IF_cond_exp_gsfa_grr: the adaptation and relative refractory jumps, their exact decay, and adaptation. */
class LifCobaSfaRrModelTest {

    private static final double DT = 0.1;

    @Test
    void eachSpikeAddsQAndTheConductancesDecayExactly() {
        LifCobaSfaRrParams p = LifCobaSfaRrParams.defaults().withIE(1e6);
        LifCobaSfaRrModel model = new LifCobaSfaRrModel(p, DT);
        try (Harness h = new Harness(model, 1)) {
            assertEquals(List.of(0), h.step(), "fires in the first step under 1 uA");
            assertEquals(p.qSfa(), h.state.getDouble("g_sfa", 0), 0.0);
            assertEquals(p.qRr(), h.state.getDouble("g_rr", 0), 0.0);
            assertEquals(p.vReset(), h.v(0), 0.0);
            int nRef = (int) Math.round(p.tRef() / DT);
            for (int k = 1; k <= nRef; k++) {
                assertTrue(h.step().isEmpty(), "refractory step " + k);
                assertEquals(p.vReset(), h.v(0), 0.0, "clamped");
                assertEquals(p.qSfa() * Math.exp(-k * DT / p.tauSfa()), h.state.getDouble("g_sfa", 0), 1e-12 * p.qSfa());
                assertEquals(p.qRr() * Math.exp(-k * DT / p.tauRr()), h.state.getDouble("g_rr", 0), 1e-12 * p.qRr());
            }
        }
    }

    @Test
    void spikeFrequencyAdaptationLengthensTheIntervals() {
        LifCobaSfaRrParams p = LifCobaSfaRrParams.fromPyNN(Map.of("i_offset", 1.2));
        try (Harness h = new Harness(new LifCobaSfaRrModel(p, DT), 1)) {
            List<Long> spikes = h.run(10_000, 0);
            List<Long> isi = new ArrayList<>();
            for (int s = 1; s < spikes.size(); s++) {
                isi.add(spikes.get(s) - spikes.get(s - 1));
            }
            assertTrue(isi.size() >= 5, "ISIs " + isi);
            assertTrue(isi.getLast() > 1.5 * isi.getFirst(), "adaptation: " + isi);
        }
        try (Harness h = new Harness(new LifCobaSfaRrModel(p.withIncrements(0, 0), DT), 1)) {
            List<Long> spikes = h.run(10_000, 0);
            long first = spikes.get(1) - spikes.get(0);
            long last = spikes.getLast() - spikes.get(spikes.size() - 2);
            assertTrue(Math.abs(last - first) <= 1, "no adaptation without q: " + first + " vs " + last);
        }
    }

    @Test
    void badParametersNameTheField() {
        LifCobaSfaRrParams d = LifCobaSfaRrParams.defaults();
        LifCubaModelTest.assertMessage(() -> d.withIncrements(-1, 0), "qSfa", "-1.0");
        LifCubaModelTest.assertMessage(() -> d.withIncrements(0, Double.NaN), "qRr", "NaN");
        LifCubaModelTest.assertMessage(() -> d.withTRef(-0.5), "tRef", "-0.5");
    }
}
