package org.shnn.engine.plasticity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.run.Synapses;
import org.shnn.engine.spec.SpecJson;

/**
 * Weights of chosen synapses of an STDP projection sampled every 10 steps: the last sample equals the weights read
 * after that step, the samples change over time, are identical for 1 and 2 threads, survive a checkpoint, and
 * reset forgets them.
 */
class WeightMonitorTest {

    private static final String NETWORK = """
            {"format": "shnn-network/1", "name": "weights", "dt": 0.1, "seed": 5,
             "populations": [
               {"label": "input", "size": 60, "cell_type": "SpikeSourcePoisson", "parameters": {"rate": 25.0}},
               {"label": "exc", "size": 64, "cell_type": "IF_cond_exp", "parameters": {"tau_refrac": 2.0, "i_offset": 0.1}}],
             "projections": [
               {"label": "input->exc", "pre": "input", "post": "exc", "receptor_type": "excitatory",
                "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.3},
                "weight": {"distribution": "uniform", "low": 0.004, "high": 0.008}, "delay": 1.0,
                "synapse_type": {"type": "STDPMechanism",
                  "timing_dependence": {"type": "SpikePairRule", "tau_plus": 20.0, "tau_minus": 20.0,
                                        "A_plus": 0.01, "A_minus": 0.012},
                  "weight_dependence": {"type": "AdditiveWeightDependence", "w_min": 0.0, "w_max": 0.01}}}]}
            """;
    private static final int[] CHOSEN = {0, 5, 17, 100, 300, 555};
    private static final long STEPS = 391;

    @TempDir
    Path dir;

    private static Simulation create(int threads) {
        return Assembler.create(SpecJson.parse(NETWORK, "weights.json", null),
                SimulationConfig.defaults().withThreads(threads));
    }

    private static double[][] straight(int threads) {
        try (Simulation s = create(threads)) {
            WeightMonitor m = WeightMonitor.attach(s, 0, CHOSEN, 10);
            s.runSteps(STEPS);
            long[] steps = m.steps();
            assertEquals(40, steps.length);
            assertEquals(390, steps[39]);
            double[][] v = m.values();
            float[] now = Synapses.table(s, 0).weights();
            for (int k = 0; k < CHOSEN.length; k++) {
                assertEquals(now[CHOSEN[k]], v[39][k], "the last sample is the weight after step 390");
            }
            return v;
        }
    }

    @Test
    void samplesFollowThePlasticWeightsForOneAndTwoThreads() {
        double[][] one = straight(1);
        assertFalse(java.util.Arrays.equals(one[0], one[39]), "STDP changed the sampled weights");
        assertArrayEquals(one, straight(2));
    }

    @Test
    void samplesSurviveACheckpointAndResetForgetsThem() throws IOException {
        double[][] whole = straight(1);
        Path p = dir.resolve("weights.shnn");
        try (Simulation s = create(2)) {
            WeightMonitor.attach(s, 0, CHOSEN, 10);
            s.runSteps(200);
            Checkpoint.save(s, p);
        }
        try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults().withThreads(1))) {
            WeightMonitor m = WeightMonitor.attach(s, 0, CHOSEN, 10);
            assertEquals(20, m.steps().length, "the saved samples");
            s.runSteps(STEPS - 200);
            assertArrayEquals(whole, m.values());
            s.reset();
            assertEquals(0, m.steps().length);
            s.runSteps(STEPS);
            assertArrayEquals(whole, m.values(), "reset then run = a fresh run");
        }
    }

    @Test
    void aPositionOutsideTheProjectionIsRefused() {
        try (Simulation s = create(1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> WeightMonitor.attach(s, 0, new int[] {1 << 20}, 10));
            assertEquals(true, e.getMessage().contains("synapses[0] = 1048576"), e.getMessage());
        }
    }
}
