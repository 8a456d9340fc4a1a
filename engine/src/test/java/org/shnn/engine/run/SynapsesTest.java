package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecJson;

/**
 * Weights and delays of a projection read and set between runs (lists and dense arrays), kept by a checkpoint, and
 * {@link Simulation#reset()}: reset then run gives a fresh run's raster, keeping what was set, for 1 and 2 threads.
 */
class SynapsesTest {

    /** Projections: 0 input->exc (STDP), 1 exc->exc (constant weight and delay), 2 exc->inh (drawn delays), 3 inh->exc. */
    static final String NETWORK = """
            {
              "format": "shnn-network/1", "name": "runs", "dt": 0.1, "seed": 5,
              "populations": [
                {"label": "input", "size": 60, "cell_type": "SpikeSourcePoisson", "parameters": {"rate": 25.0}},
                {"label": "exc", "size": 64, "cell_type": "IF_cond_exp",
                 "parameters": {"cm": 0.2, "tau_m": 20.0, "v_rest": -60.0, "v_thresh": -50.0, "v_reset": -60.0,
                                "tau_refrac": 5.0, "e_rev_E": 0.0, "e_rev_I": -80.0, "tau_syn_E": 5.0, "tau_syn_I": 10.0},
                 "initial_values": {"v": {"distribution": "uniform", "low": -60.0, "high": -50.0}}},
                {"label": "inh", "size": 20, "cell_type": "IF_curr_exp",
                 "parameters": {"cm": 0.25, "tau_m": 10.0, "v_rest": -65.0, "v_thresh": -50.0, "v_reset": -65.0,
                                "tau_refrac": 2.0, "tau_syn_E": 5.0, "tau_syn_I": 5.0}}
              ],
              "projections": [
                {"label": "input->exc", "pre": "input", "post": "exc", "receptor_type": "excitatory",
                 "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.3},
                 "weight": {"distribution": "uniform", "low": 0.004, "high": 0.008}, "delay": 1.0,
                 "synapse_type": {"type": "STDPMechanism",
                   "timing_dependence": {"type": "SpikePairRule", "tau_plus": 20.0, "tau_minus": 20.0,
                                         "A_plus": 0.01, "A_minus": 0.012},
                   "weight_dependence": {"type": "AdditiveWeightDependence", "w_min": 0.0, "w_max": 0.01}}},
                {"label": "exc->exc", "pre": "exc", "post": "exc", "receptor_type": "excitatory",
                 "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.1}, "weight": 0.002, "delay": 1.5},
                {"label": "exc->inh", "pre": "exc", "post": "inh", "receptor_type": "excitatory",
                 "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.3},
                 "weight": 0.4, "delay": {"distribution": "uniform", "low": 1.0, "high": 3.0}},
                {"label": "inh->exc", "pre": "inh", "post": "exc", "receptor_type": "inhibitory",
                 "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.2}, "weight": 0.03, "delay": 1.0}
              ],
              "recorders": [{"population": "exc", "variables": ["v"], "neurons": [0, 3], "sampling_interval": 1.0}]
            }
            """;
    static final long STEPS = 400;

    @TempDir
    Path dir;

    static NetworkSpec spec() {
        return SpecJson.parse(NETWORK, "runs.json", null);
    }

    static Simulation create(int threads) {
        return Assembler.create(spec(), SimulationConfig.defaults().withThreads(threads));
    }

    static String sha(Simulation s) {
        return HexFormat.of().formatHex(s.rasterSha256());
    }

    /** Between the two halves: exc->exc weights per synapse, exc->inh delays from a dense array, input->exc set. */
    static void change(Simulation s) {
        Synapses.Table t = Synapses.table(s, 1);
        float[] w = new float[t.size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = 1.5f + (t.pre()[k] + 2 * t.post()[k]) % 5;
        }
        Synapses.setWeights(s, 1, w);
        double[][] d = Synapses.dense(s, 2, Synapses.Field.DELAY, Synapses.Multiple.LAST);
        for (double[] row : d) {
            for (int q = 0; q < row.length; q++) {
                row[q] = Double.isNaN(row[q]) ? Double.NaN : 10 + (q % 21);
            }
        }
        Synapses.setDelays(s, 2, d);
        Synapses.setWeight(s, 0, 9f); // nS (engine units)
    }

    @Test
    void tableAndDenseAgreeAndNaNMarksAbsentPairs() {
        try (Simulation s = create(1)) {
            Synapses.Table t = Synapses.table(s, 2);
            double[][] w = Synapses.dense(s, 2, Synapses.Field.WEIGHT, Synapses.Multiple.SUM);
            double[][] d = Synapses.dense(s, 2, Synapses.Field.DELAY, Synapses.Multiple.LAST);
            assertEquals(64, w.length);
            assertEquals(20, w[0].length);
            long present = 0;
            for (double[] row : w) {
                for (double v : row) {
                    present += Double.isNaN(v) ? 0 : 1;
                }
            }
            assertEquals(t.size(), present, "no multapses: one finite entry per synapse");
            assertTrue(t.size() > 200 && t.size() < 64 * 20 - 200, "about 30 % of the pairs");
            for (int k = 0; k < t.size(); k++) {
                assertEquals(400f, t.weights()[k], 1e-3f, "0.4 nA in pA");
                assertEquals(t.delays()[k], d[t.pre()[k]][t.post()[k]]);
                assertTrue(t.delays()[k] >= 10 && t.delays()[k] <= 30, "uniform 1-3 ms");
                if (k > 0 && t.pre()[k] == t.pre()[k - 1]) {
                    assertTrue(t.post()[k] > t.post()[k - 1], "sorted by target within a row");
                }
            }
        }
    }

    @Test
    void setValuesReadBackChangeTheRunAndAreIdenticalForOneAndTwoThreads() {
        String unchanged;
        String[] changed = new String[2];
        try (Simulation s = create(1)) {
            s.runSteps(STEPS);
            unchanged = sha(s);
        }
        for (int threads = 1; threads <= 2; threads++) {
            try (Simulation s = create(threads)) {
                s.runSteps(STEPS / 2);
                assertFalse(s.synapses(1).hasWeightArray(), "exc->exc starts with one constant weight");
                change(s);
                assertTrue(s.synapses(1).hasWeightArray() && s.synapses(2).hasDelayArray());
                Synapses.Table t = Synapses.table(s, 1);
                for (int k = 0; k < t.size(); k++) {
                    assertEquals(1.5f + (t.pre()[k] + 2 * t.post()[k]) % 5, t.weights()[k]);
                }
                Synapses.Table d = Synapses.table(s, 2);
                for (int k = 0; k < d.size(); k++) {
                    assertEquals(10 + d.post()[k] % 21, d.delays()[k]);
                }
                for (float w : Synapses.table(s, 0).weights()) {
                    assertEquals(9f, w);
                }
                s.runSteps(STEPS - STEPS / 2);
                changed[threads - 1] = sha(s);
            }
        }
        assertNotEquals(unchanged, changed[0], "the set values change the run");
        assertEquals(changed[0], changed[1], "1 and 2 threads");
    }

    @Test
    void setValuesAreSavedAndResumeBitIdentically() throws IOException {
        String straight;
        try (Simulation s = create(2)) {
            s.runSteps(STEPS / 2);
            change(s);
            s.runSteps(STEPS - STEPS / 2);
            straight = sha(s);
        }
        for (int split = 0; split < 2; split++) {
            Path p = dir.resolve("set-" + split + ".shnn");
            try (Simulation s = create(1)) {
                s.runSteps(STEPS / 2);
                change(s);
                if (split == 1) {
                    s.runSteps(10);
                }
                Checkpoint.save(s, p);
            }
            try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults().withThreads(2))) {
                assertEquals(10 + Synapses.table(s, 2).post()[0] % 21, Synapses.table(s, 2).delays()[0]);
                s.runSteps(STEPS - s.currentStep());
                assertEquals(straight, sha(s), "resumed after the set, split " + split);
                // a set on a matrix mapped from the file copies it first; the file is not changed
                Synapses.setWeight(s, 3, 50f);
                assertEquals(50f, Synapses.table(s, 3).weights()[0]);
            }
        }
    }

    @Test
    void badValuesAreRefusedNamingProjectionIndexAndBoundsAndChangeNothing() {
        try (Simulation s = create(1)) {
            int n = Synapses.table(s, 2).size();
            int[] d = new int[n];
            java.util.Arrays.fill(d, 20);
            d[7] = 9;
            var e = assertThrows(IllegalArgumentException.class, () -> Synapses.setDelays(s, 2, d));
            assertTrue(e.getMessage().contains("projection 'exc->inh'") && e.getMessage().contains("delays[7] = 9")
                    && e.getMessage().contains("[10, 30]"), e.getMessage());
            d[7] = 31;
            assertThrows(IllegalArgumentException.class, () -> Synapses.setDelays(s, 2, d));
            assertFalse(Synapses.table(s, 2).delays()[0] == 20 && Synapses.table(s, 2).delays()[1] == 20,
                    "nothing was changed");
            var len = assertThrows(IllegalArgumentException.class, () -> Synapses.setWeights(s, 1, new float[3]));
            assertTrue(len.getMessage().contains("projection 'exc->exc'") && len.getMessage().contains("3 values"),
                    len.getMessage());
            float[] w = new float[Synapses.table(s, 1).size()];
            w[2] = Float.NaN;
            var nan = assertThrows(IllegalArgumentException.class, () -> Synapses.setWeights(s, 1, w));
            assertTrue(nan.getMessage().contains("weights[2] = NaN"), nan.getMessage());
            double[][] dense = Synapses.dense(s, 1, Synapses.Field.WEIGHT, Synapses.Multiple.SUM);
            Synapses.Table t = Synapses.table(s, 1);
            dense[t.pre()[0]][t.post()[0]] = Double.NaN;
            var hole = assertThrows(IllegalArgumentException.class, () -> Synapses.setWeights(s, 1, dense));
            assertTrue(hole.getMessage().contains("weight[" + t.pre()[0] + "][" + t.post()[0] + "] = NaN at a synapse"),
                    hole.getMessage());
            var missing = assertThrows(IllegalArgumentException.class,
                    () -> Synapses.set(s, 1, new int[] {0}, new int[] {absent(t)}, new float[] {1f}, null));
            assertTrue(missing.getMessage().contains("has no synapse"), missing.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Synapses.table(s, 4));
            assertFalse(s.synapses(1).hasWeightArray(), "refused sets left the constant weight");
        }
    }

    private static int absent(Synapses.Table t) {
        java.util.Set<Integer> row0 = new java.util.HashSet<>();
        for (int k = 0; k < t.size() && t.pre()[k] == 0; k++) {
            row0.add(t.post()[k]);
        }
        int q = 0;
        while (row0.contains(q)) {
            q++;
        }
        return q;
    }

    @Test
    void setByListChangesOnlyTheListedPairs() {
        try (Simulation s = create(1)) {
            Synapses.Table before = Synapses.table(s, 2);
            Synapses.set(s, 2, new int[] {before.pre()[5]}, new int[] {before.post()[5]}, new float[] {123f},
                    new int[] {25});
            Synapses.Table after = Synapses.table(s, 2);
            for (int k = 0; k < after.size(); k++) {
                assertEquals(k == 5 ? 123f : before.weights()[k], after.weights()[k]);
                assertEquals(k == 5 ? 25 : before.delays()[k], after.delays()[k]);
            }
        }
    }

    @Test
    void resetThenRunEqualsAFreshRunForOneAndTwoThreads() {
        for (int threads = 1; threads <= 2; threads++) {
            String fresh;
            long[] counts;
            long events;
            double[] v;
            float[] stdp0;
            try (Simulation s = create(threads)) {
                stdp0 = Synapses.table(s, 0).weights();
                s.runSteps(STEPS);
                fresh = sha(s);
                counts = s.populationSpikeCounts();
                events = s.synapticEvents();
                v = s.stateMonitor(0).values(1);
                assertFalse(java.util.Arrays.equals(stdp0, Synapses.table(s, 0).weights()), "STDP changed weights");
                for (int round = 0; round < 2; round++) {
                    s.reset();
                    assertEquals(0, s.currentStep());
                    assertEquals(0, s.spikes().count());
                    assertEquals(0, s.stateMonitor(0).sampleCount());
                    assertArrayEquals(stdp0, Synapses.table(s, 0).weights(), "STDP weights back to t = 0");
                    s.runSteps(STEPS / 3);
                    s.runSteps(STEPS - STEPS / 3);
                    assertEquals(fresh, sha(s), threads + " threads, reset " + round);
                    assertArrayEquals(counts, s.populationSpikeCounts());
                    assertEquals(events, s.synapticEvents());
                    assertArrayEquals(v, s.stateMonitor(0).values(1));
                }
            }
            assertTrue(counts[1] > 0 && counts[2] > 0, "exc and inh fire");
        }
    }

    @Test
    void resetKeepsSetWeightsAndDelaysAsPyNNDoes() {
        String setFromStart;
        try (Simulation s = create(2)) {
            change(s);
            s.runSteps(STEPS);
            setFromStart = sha(s);
        }
        try (Simulation s = create(2)) {
            s.runSteps(STEPS);
            change(s); // the STDP projection's set weights become its weights at t = 0
            s.runSteps(50);
            s.reset();
            s.runSteps(STEPS);
            assertEquals(setFromStart, sha(s));
        }
    }

    @Test
    void aSimulationResumedFromACheckpointResetsToTheDescriptionsStart() throws IOException {
        String fresh;
        try (Simulation s = create(1)) {
            s.runSteps(STEPS);
            fresh = sha(s);
        }
        Path p = dir.resolve("mid.shnn");
        try (Simulation s = create(1)) {
            s.runSteps(STEPS / 2);
            Checkpoint.save(s, p);
        }
        try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(7);
            s.reset();
            s.runSteps(STEPS);
            assertEquals(fresh, sha(s), "STDP weights built again from the description, counters from 0");
        }
    }
}
