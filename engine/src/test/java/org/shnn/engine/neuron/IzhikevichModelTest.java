package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.shnn.engine.neuron.IzhikevichParams.Preset;

/** The presets' signatures under the paper's step current I = 10, at dt = 0.1 ms and at the paper's 1 ms. */
class IzhikevichModelTest {

    private static final double I = 10;

    /** Spike times in ms over 1 s. */
    private static List<Double> spikeTimes(Preset preset, double dt) {
        try (Harness h = new Harness(new IzhikevichModel(preset.params().withIE(I), dt), 1)) {
            List<Double> t = new ArrayList<>();
            for (long k : h.run(Math.round(1000 / dt), 0)) {
                t.add((k + 1) * dt);
            }
            return t;
        }
    }

    private static List<Double> isis(List<Double> t) {
        List<Double> isi = new ArrayList<>();
        for (int s = 1; s < t.size(); s++) {
            isi.add(t.get(s) - t.get(s - 1));
        }
        return isi;
    }

    private static double rate(List<Double> t, double fromMs, double toMs) {
        return t.stream().filter(x -> x > fromMs && x <= toMs).count() / ((toMs - fromMs) / 1000);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1.0})
    void regularSpikingAdapts(double dt) {
        List<Double> isi = isis(spikeTimes(Preset.RS, dt));
        assertTrue(isi.size() >= 10, "RS ISIs " + isi);
        for (int s = 1; s < isi.size(); s++) {
            assertTrue(isi.get(s) >= isi.get(s - 1) - dt - 1e-9, "RS ISIs must not shrink: " + isi);
        }
        assertTrue(isi.getLast() >= 1.5 * isi.getFirst(), "RS adaptation: " + isi);
        assertTrue(isi.stream().allMatch(x -> x > 15), "RS fires single spikes, no bursts: " + isi);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1.0})
    void fastSpikingFiresFastWithoutSustainedAdaptation(double dt) {
        List<Double> fs = spikeTimes(Preset.FS, dt);
        List<Double> rs = spikeTimes(Preset.RS, dt);
        double fsRate = rate(fs, 500, 1000);
        assertTrue(fsRate > 80, "FS steady rate " + fsRate + " Hz");
        assertTrue(fsRate > 3 * rate(rs, 500, 1000), "FS vs RS rate: " + fsRate + " vs " + rate(rs, 500, 1000));
        // its rate settles within the first 3 spikes and then stays put: same rate in the 2nd and 4th quarter
        List<Double> isi = isis(fs);
        List<Double> steady = isi.subList(3, isi.size());
        double min = steady.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = steady.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(max - min <= 2 * dt + 1e-9, "FS ISIs after the 3rd spike vary by the grid only: " + isi);
        assertEquals(rate(fs, 250, 500), rate(fs, 750, 1000), 0.05 * fsRate, "no slow adaptation");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1.0})
    void chatteringFiresRepeatedBursts(double dt) {
        List<Double> isi = isis(spikeTimes(Preset.CH, dt));
        int bursts = 0;
        int inBurst = 1;
        for (double x : isi) {
            assertTrue(x < 10 || x > 30, "CH ISIs are bimodal (intra-burst < 10 ms, inter-burst > 30 ms): " + isi);
            if (x > 30) {
                assertTrue(inBurst >= 3, "each burst has at least 3 spikes: " + isi);
                bursts++;
                inBurst = 1;
            } else {
                inBurst++;
            }
        }
        assertTrue(bursts >= 10, "CH bursts: " + bursts + " " + isi);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1.0})
    void intrinsicallyBurstingBurstsFirstThenFiresTonically(double dt) {
        List<Double> isi = isis(spikeTimes(Preset.IB, dt));
        assertTrue(isi.get(0) < 10 && isi.get(1) < 10, "IB starts with a burst of 3 spikes: " + isi);
        List<Double> rest = isi.subList(2, isi.size());
        assertTrue(rest.size() >= 10, "IB continues firing: " + isi);
        assertTrue(rest.stream().allMatch(x -> x > 25), "IB is tonic (single spikes) after the burst: " + isi);
    }

    @Test
    void atOneMillisecondItIsThePapersSchemeUpToTheFirstSpike() {
        // Izhikevich (2003), appendix: v advanced in two 0.5 ms half steps, then u with the new v.
        IzhikevichParams p = Preset.RS.params().withIE(I);
        double v = -65;
        double u = p.b() * v;
        try (Harness h = new Harness(new IzhikevichModel(p, 1.0), 1)) {
            for (int t = 0; t < 1000; t++) {
                v = v + 0.5 * (0.04 * v * v + 5 * v + 140 - u + I);
                v = v + 0.5 * (0.04 * v * v + 5 * v + 140 - u + I);
                u = u + p.a() * (p.b() * v - u);
                boolean fired = !h.step().isEmpty();
                if (v >= 30) {
                    assertTrue(fired, "spike in the crossing step " + t);
                    return;
                }
                assertTrue(!fired, "no spike at step " + t);
                // same scheme; the model evaluates the quadratic in Horner form, so allow rounding only
                assertEquals(v, h.v(0), 1e-12 * Math.abs(v), "v at step " + t);
                assertEquals(u, h.state.getDouble("u", 0), 1e-12 * Math.abs(u), "u at step " + t);
            }
        }
        throw new AssertionError("RS must fire within 1 s at I = 10");
    }

    @Test
    void voltageInputJumpsAndSubsteps() {
        IzhikevichModel model = new IzhikevichModel(Preset.RS.params(), 0.1);
        assertEquals(1, model.substeps());
        assertEquals(2, new IzhikevichModel(Preset.RS.params(), 1.0).substeps());
        assertEquals("mV", model.inputUnit());
        try (Harness h = new Harness(model, 2)) {
            assertEquals(-65.0, h.v(0));
            assertEquals(-13.0, h.state.getDouble("u", 0));
            h.input(0, 1, 3f);
            h.input(1, 1, -1f);
            h.step();
            assertEquals(2.0, h.v(1) - h.v(0), 1e-12, "net jump of +3 - 1 mV");
            h.input(0, 1, 200f);
            assertEquals(List.of(1), h.step(), "a jump over v_peak fires");
            assertEquals(-65.0, h.v(1), 0.0, "reset to c");
        }
    }

    @Test
    void badParametersNameTheField() {
        LifCubaModelTest.assertMessage(() -> new IzhikevichParams(0, 0.2, -65, 8, 30, -65, 0), "a", "0.0");
        LifCubaModelTest.assertMessage(() -> new IzhikevichParams(0.02, Double.NaN, -65, 8, 30, -65, 0), "b", "NaN");
        LifCubaModelTest.assertMessage(() -> new IzhikevichParams(0.02, 0.2, 40, 8, 30, -65, 0), "c", "40.0");
        LifCubaModelTest.assertMessage(() -> new IzhikevichParams(0.02, 0.2, -65, Double.POSITIVE_INFINITY, 30, -65, 0), "d", "Infinity");
        LifCubaModelTest.assertMessage(() -> new IzhikevichModel(Preset.FS.params(), 0), "dt", "0.0");
        LifCubaModelTest.assertMessage(() -> new IzhikevichModel(Preset.FS.params(), 5000), "dt", "5000.0");
    }
}
