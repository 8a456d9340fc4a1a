package org.shnn.engine.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.plasticity.WeightMonitor;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.RecorderSpec;
import org.shnn.engine.spec.Selection;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.SpecJson;

/**
 * A description's weight recorder ({@code "recorders": [{"projection": ...}]}): attached by the assembler, checked
 * against the closed form of additive pair STDP for a hand-built pair of neurons (not against the monitor itself),
 * the same for 1 and 2 threads, continued by a saved file with nothing re-attached, written back by the JSON writer,
 * and its errors named by recorder and field.
 */
class WeightRecorderTest {

    // One source ("pre") spikes at PRE_MS through a plastic synapse onto one IF_curr_delta neuron ("post"), which a
    // second source ("kick") makes fire, through a 30 mV static synapse, a step after each KICK_MS time.
    private static final double[] PRE_MS = {10.0, 60.0, 90.0};
    private static final double[] KICK_MS = {15.0, 55.0, 95.5};
    private static final double W0 = 0.5;
    private static final double W_MAX = 1.0;
    private static final double A_PLUS = 0.05;
    private static final double A_MINUS = 0.06;
    private static final double TAU_PLUS = 16.8;
    private static final double TAU_MINUS = 33.7;

    private static final String PAIR = """
            {"format": "shnn-network/1", "name": "pair", "dt": 0.1, "seed": 3,
             "populations": [
               {"label": "pre", "size": 1, "cell_type": "SpikeSourceArray", "parameters": {"spike_times": [[10.0, 60.0, 90.0]]}},
               {"label": "kick", "size": 1, "cell_type": "SpikeSourceArray", "parameters": {"spike_times": [[15.0, 55.0, 95.5]]}},
               {"label": "post", "size": 1, "cell_type": "IF_curr_delta",
                "parameters": {"v_rest": -65.0, "v_reset": -65.0, "v_thresh": -50.0, "tau_refrac": 0.1}}],
             "projections": [
               {"label": "kick->post", "pre": "kick", "post": "post", "connector": {"type": "AllToAllConnector"},
                "weight": 30.0, "delay": 0.1},
               {"label": "pre->post", "pre": "pre", "post": "post", "connector": {"type": "AllToAllConnector"},
                "weight": 0.5, "delay": 1.0,
                "synapse_type": {"type": "STDPMechanism",
                  "timing_dependence": {"type": "SpikePairRule", "tau_plus": 16.8, "tau_minus": 33.7,
                                        "A_plus": 0.05, "A_minus": 0.06},
                  "weight_dependence": {"type": "AdditiveWeightDependence", "w_min": 0.0, "w_max": 1.0}}}],
             "recorders": [
               {"population": "post", "variables": ["spikes"]},
               {"projection": "pre->post", "sampling_interval": 0.5}]}
            """;

    @TempDir
    Path dir;

    private static NetworkSpec pair() {
        return SpecJson.parse(PAIR, "pair.json", null);
    }

    /**
     * Additive all-to-all pair STDP in PyNN's convention (amplitudes relative to w_max; Song, Miller &amp; Abbott
     * 2000; Morrison et al. 2008, eq. 3 with the traces summed over all earlier spikes): at each post spike
     * {@code w += A+ w_max sum_pre exp(-(t_post - t_pre) / tau+)}, at each pre spike
     * {@code w -= A- w_max sum_post exp(-(t_pre - t_post) / tau-)}, over the spikes strictly earlier; the weight at
     * step {@code s} counts every spike at steps {@code <= s}.
     */
    private static double closedForm(long step, long[] preSteps, long[] postSteps, double dt) {
        double w = W0;
        List<long[]> events = new ArrayList<>(); // {step, 0 = pre / 1 = post}
        for (long p : preSteps) {
            events.add(new long[] {p, 0});
        }
        for (long p : postSteps) {
            events.add(new long[] {p, 1});
        }
        events.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] e : events) {
            if (e[0] > step) {
                break;
            }
            double sum = 0;
            for (long o : e[1] == 0 ? postSteps : preSteps) {
                if (o < e[0]) {
                    sum += Math.exp(-(e[0] - o) * dt / (e[1] == 0 ? TAU_MINUS : TAU_PLUS));
                }
            }
            w += e[1] == 0 ? -A_MINUS * W_MAX * sum : A_PLUS * W_MAX * sum;
            w = Math.min(W_MAX, Math.max(0, w));
        }
        return w;
    }

    private static long[] postSteps(Simulation sim) {
        SpikeRecorder r = sim.spikes();
        int post = sim.network().population("post").firstId();
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < r.count(); i++) {
            if (r.neuron(i) == post) {
                out.add(r.step(i));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void samplesFollowTheClosedFormOfPairStdpForOneAndTwoThreads() {
        NetworkSpec spec = pair();
        double[][] first = null;
        for (int threads = 1; threads <= 2; threads++) {
            try (Simulation sim = Assembler.create(spec, SimulationConfig.defaults().withThreads(threads))) {
                sim.runSteps(1200);
                WeightMonitor m = Assembler.weightMonitor(spec, sim, 1);
                long[] post = postSteps(sim);
                assertEquals(3, post.length, "one post spike per kick");
                long[] pre = new long[PRE_MS.length];
                for (int k = 0; k < pre.length; k++) {
                    pre[k] = Math.round(PRE_MS[k] / 0.1);
                    assertTrue(post[k] > Math.round(KICK_MS[k] / 0.1) && post[k] <= Math.round(KICK_MS[k] / 0.1) + 2,
                            "post spike " + post[k] + " follows kick " + KICK_MS[k]);
                }
                long[] steps = m.steps();
                double[][] w = m.values();
                assertEquals(240, steps.length, "every 0.5 ms = 5 steps over 1200 steps");
                double scale = Assembler.weightScale(spec, 1); // mV onto IF_curr_delta: 1
                boolean changed = false;
                for (int s = 0; s < steps.length; s++) {
                    assertEquals(5L * s, steps[s]);
                    double expected = closedForm(steps[s], pre, post, 0.1);
                    // weights are floats: 1e-6 of w_max covers their rounding over a few updates
                    assertEquals(expected, w[s][0] / scale, 1e-6, "sample " + s + " (step " + steps[s] + ")");
                    changed |= Math.abs(expected - W0) > 0.01;
                }
                assertTrue(changed, "the pair changed the weight");
                assertArrayEquals(new int[] {0}, m.synapses());
                assertArrayEquals(new int[] {0}, m.pre());
                assertArrayEquals(new int[] {0}, m.post());
                if (first == null) {
                    first = w;
                } else {
                    assertArrayEquals(first, w, "1 and 2 threads");
                }
            }
        }
    }

    /** A larger plastic projection, all synapses recorded: saved mid-run, reopened with nothing re-attached. */
    private static final String MANY = """
            {"format": "shnn-network/1", "name": "many", "dt": 0.1, "seed": 9,
             "populations": [
               {"label": "input", "size": 40, "cell_type": "SpikeSourcePoisson", "parameters": {"rate": 30.0}},
               {"label": "exc", "size": 32, "cell_type": "IF_cond_exp", "parameters": {"tau_refrac": 2.0, "i_offset": 0.1}}],
             "projections": [
               {"label": "in", "pre": "input", "post": "exc", "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.3},
                "weight": {"distribution": "uniform", "low": 0.004, "high": 0.008}, "delay": 1.0,
                "synapse_type": {"type": "STDPMechanism",
                  "timing_dependence": {"type": "SpikePairRule", "tau_plus": 20.0, "tau_minus": 20.0,
                                        "A_plus": 0.01, "A_minus": 0.012},
                  "weight_dependence": {"type": "MultiplicativeWeightDependence", "w_min": 0.0, "w_max": 0.01}}}],
             "recorders": [{"projection": "in", "variables": ["weight"], "synapses": "all", "sampling_interval": 2.0}]}
            """;

    @Test
    void aSavedFileContinuesTheSamplesWithNothingReattached() throws IOException {
        NetworkSpec spec = SpecJson.parse(MANY, "many.json", null);
        double[][] whole;
        long[] wholeSteps;
        try (Simulation sim = Assembler.create(spec, SimulationConfig.defaults())) {
            sim.runSteps(1000);
            WeightMonitor m = Assembler.weightMonitor(spec, sim, 0);
            whole = m.values();
            wholeSteps = m.steps();
            assertEquals(sim.synapseCount(), m.synapses().length, "\"all\": every synapse");
            assertEquals(50, wholeSteps.length);
        }
        Path file = dir.resolve("many.shnn");
        try (Simulation sim = Assembler.create(spec, SimulationConfig.defaults().withThreads(2))) {
            sim.runSteps(400);
            Checkpoint.save(sim, file);
        }
        try (Simulation sim = Checkpoint.open(file, SimulationConfig.defaults())) {
            NetworkSpec stored = sim.network().spec();
            assertEquals(spec, stored);
            assertEquals(20, Assembler.weightMonitor(stored, sim, 0).steps().length, "the saved samples");
            sim.runSteps(600);
            WeightMonitor m = Assembler.weightMonitor(stored, sim, 0);
            assertArrayEquals(wholeSteps, m.steps());
            assertArrayEquals(whole, m.values(), "saved and resumed = straight");
            sim.reset();
            sim.runSteps(1000);
            assertArrayEquals(whole, Assembler.weightMonitor(stored, sim, 0).values(), "reset then run = a fresh run");
        }
    }

    @Test
    void theJsonFormRoundTrips() {
        NetworkSpec spec = pair();
        assertEquals(RecorderSpec.weights("pre->post", Selection.ALL, 0.5), spec.recorders().get(1));
        assertEquals(spec, SpecJson.parse(SpecJson.write(spec), "again.json", null));
        NetworkSpec chosen = spec.withRecorders(List.of(RecorderSpec.weights("pre->post", new Selection.Ids(new int[] {0}),
                1.0), RecorderSpec.weights("kick->post", new Selection.Range(0, 1), 0.1)));
        assertEquals(chosen, SpecJson.parse(SpecJson.write(chosen), "again.json", null));
        assertTrue(SpecJson.write(chosen).contains("\"synapses\""), SpecJson.write(chosen));
    }

    private static String error(String from, String to) {
        String text = PAIR.replace(from, to);
        assertTrue(!text.equals(PAIR), from);
        SpecException e = assertThrows(SpecException.class, () -> {
            NetworkSpec s = SpecJson.parse(text, "pair.json", null);
            try {
                Assembler.create(s, SimulationConfig.defaults()).close();
            } catch (SpecException x) {
                throw SpecJson.locate("pair.json", s, x);
            }
        });
        return e.getMessage();
    }

    @Test
    void badWeightRecordersAreNamedByRecorderAndField() {
        String rec = "{\"projection\": \"pre->post\", \"sampling_interval\": 0.5}";
        assertEquals("pair.json: recorders[1].projection: expected the label of a projection (kick->post, pre->post) "
                + "but found 'pre->pots'", error("\"projection\": \"pre->post\"", "\"projection\": \"pre->pots\""));
        assertTrue(error(rec, "{\"projection\": \"pre->post\", \"synapses\": [0, 1]}").startsWith(
                "pair.json: recorders[1].synapses[1]: expected an index in [0, 1) but found 1"), error(rec,
                "{\"projection\": \"pre->post\", \"synapses\": [0, 1]}"));
        assertTrue(error(rec, "{\"projection\": \"pre->post\", \"synapses\": {\"start\": 0, \"stop\": 3}}")
                .startsWith("pair.json: recorders[1].synapses: expected a range within [0, 1)"));
        assertEquals("pair.json: recorders[1].variables: expected [\"weight\"] (what a projection recorder samples) but "
                + "found [v]", error(rec, "{\"projection\": \"pre->post\", \"variables\": [\"v\"]}"));
        assertEquals("pair.json: recorders[1].sampling_interval: expected a whole number of steps of dt = 0.1 ms but "
                + "found 0.25 ms", error("\"sampling_interval\": 0.5", "\"sampling_interval\": 0.25"));
        assertTrue(error(rec, "{\"projection\": \"pre->post\", \"population\": \"post\"}").startsWith(
                "pair.json: recorders[1].population: unknown key"), error(rec,
                "{\"projection\": \"pre->post\", \"population\": \"post\"}"));
        assertEquals("pair.json: recorders: expected one weight recorder per projection (its samples are "
                + "saved under the projection; put the synapses in one recorder) but found two of 'pre->post'",
                error(rec, rec + ", " + rec));
    }

    @Test
    void aPopulationRecorderIsNotAWeightRecorder() {
        NetworkSpec spec = pair();
        try (Simulation sim = Assembler.create(spec, SimulationConfig.defaults())) {
            SpecException e = assertThrows(SpecException.class, () -> Assembler.weightMonitor(spec, sim, 0));
            assertTrue(e.getMessage().contains("expected a projection recorder"), e.getMessage());
            e = assertThrows(SpecException.class, () -> Assembler.recorded(spec, 1, "weight"));
            assertTrue(e.getMessage().contains("expected a population recorder"), e.getMessage());
        }
    }
}
