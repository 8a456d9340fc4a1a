package org.shnn.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import java.lang.foreign.ValueLayout;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecJson;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * A checkpoint stores the network's description: {@code Checkpoint.open(path)} continues a network of two neuron
 * models, a Poisson source, a spike array, a current source, pair STDP, nearest-spike multiplicative triplet STDP,
 * Tsodyks-Markram synapses, homeostasis, hyperedges and per-neuron parameters (all four shapes, per-pair weights) with nothing passed and nothing re-attached, and the raster, the spike
 * counts per population, the synaptic events, every projection's weights and the recorded {@code v} (whole
 * history, samples before the save included) equal a straight run's, for 1 and 2 threads.
 */
class SelfDescribingCheckpointTest {

    private static final String NETWORK = """
            {
              "format": "shnn-network/1", "name": "everything", "dt": 0.1, "seed": 11,
              "populations": [
                {"label": "input", "size": 100, "cell_type": "SpikeSourcePoisson", "parameters": {"rate": 20.0}},
                {"label": "cue", "size": 10, "cell_type": "SpikeSourceArray",
                 "parameters": {"spike_times": [[5.0, 12.5, 30.0, 47.0]]}},
                {"label": "exc", "size": 80, "cell_type": "IF_cond_exp",
                 "parameters": {"cm": 0.2, "tau_m": 20.0, "v_rest": -60.0, "v_thresh": -50.0, "v_reset": -60.0,
                                "tau_refrac": 5.0, "e_rev_E": 0.0, "e_rev_I": -80.0, "tau_syn_E": 5.0, "tau_syn_I": 10.0},
                 "initial_values": {"v": {"distribution": "uniform", "low": -60.0, "high": -50.0}}},
                {"label": "inh", "size": 20, "cell_type": "IF_curr_exp",
                 "parameters": {"cm": 0.25, "tau_m": {"distribution": "uniform", "low": 8.0, "high": 12.0}, "v_rest": -65.0, "v_thresh": -50.0, "v_reset": -65.0,
                                "tau_refrac": 2.0, "tau_syn_E": 5.0, "tau_syn_I": 5.0}}
              ],
              "projections": [
                {"label": "input->exc", "pre": "input", "post": "exc", "receptor_type": "excitatory",
                 "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.2},
                 "weight": {"distribution": "uniform", "low": 0.002, "high": 0.006}, "delay": 1.0,
                 "synapse_type": {"type": "STDPMechanism",
                   "timing_dependence": {"type": "SpikePairRule", "tau_plus": 20.0, "tau_minus": 20.0,
                                         "A_plus": 0.01, "A_minus": 0.012},
                   "weight_dependence": {"type": "AdditiveWeightDependence", "w_min": 0.0, "w_max": 0.01}}},
                {"label": "cue->exc", "pre": "cue", "post": "exc", "receptor_type": "excitatory",
                 "connector": {"type": "AllToAllConnector"}, "weight": 0.003, "delay": 2.0},
                {"label": "exc->inh", "pre": "exc", "post": "inh", "receptor_type": "excitatory",
                 "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.3},
                 "weight": 0.3, "delay": 1.0,
                 "homeostasis": {"target_rate": 10.0, "window": 10.0, "factor": 0.1, "min_scale": 0.5,
                                 "max_scale": 2.0, "w_min": 0.0, "w_max": 1.0}},
                {"label": "inh->exc", "pre": "inh", "post": "exc", "receptor_type": "inhibitory",
                 "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.2},
                 "weight": 0.02, "delay": 1.5},
                {"label": "exc->exc", "pre": "exc", "post": "exc", "receptor_type": "excitatory",
                 "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.1, "allow_self_connections": false},
                 "weight": {"distribution": "uniform", "low": 0.001, "high": 0.004}, "delay": 1.0,
                 "synapse_type": {"type": "STDPMechanism",
                   "timing_dependence": {"type": "TripletRule", "preset": "visual_cortex_nearest_full"},
                   "weight_dependence": {"type": "MultiplicativeWeightDependence", "w_min": 0.0, "w_max": 0.01}}},
                {"label": "inh->inh", "pre": "inh", "post": "inh", "receptor_type": "inhibitory",
                 "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.3},
                 "weight": -0.05, "delay": 1.0,
                 "synapse_type": {"type": "TsodyksMarkramSynapse", "U": 0.5, "tau_rec": 100.0, "tau_facil": 50.0}}
              ],
              "current_sources": [
                {"label": "pulse", "population": "exc", "neurons": {"start": 0, "stop": 20},
                 "type": "StepCurrentSource", "times": [10.0, 35.0], "amplitudes": [0.2, 0.0]}
              ],
              "recorders": [
                {"population": "exc", "variables": ["spikes", "v"], "neurons": [0, 1, 50], "sampling_interval": 1.0}
              ],
              "hyperedges": [
                {"label": "assemblies", "pre": "exc", "post": "inh", "receptor_type": "excitatory",
                 "edges": [
                   {"type": "many_to_one", "sources": [0, 1, 2, 3, 4, 5, 6, 7], "targets": [0], "min_spikes": 2,
                    "window": 5.0, "delay": 1.0, "weight": 0.5},
                   {"type": "many_to_many", "sources": [10, 11, 12, 13], "targets": [1, 2], "min_spikes": 2,
                    "window": 3.0, "delay": 2.0, "weights": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]},
                   {"type": "one_to_many", "sources": [20], "targets": [3, 4, 5], "min_spikes": 1, "window": 0.0,
                    "delay": 1.0, "weight": 0.2}]},
                {"label": "groups", "pre": "exc", "post": "exc",
                 "edges": [{"type": "all_to_all", "members": [30, 31, 32, 33], "min_spikes": 2, "window": 2.0,
                            "delay": 1.5, "weight": 0.002}]}
              ]
            }
            """;
    private static final long STEPS = 600;

    @TempDir
    Path dir;

    private record Outcome(byte[] raster, long[] counts, long events, long[] sampleSteps, double[][] v, float[][] weights) {
    }

    private static NetworkSpec spec() {
        return SpecJson.parse(NETWORK, "everything.json", null);
    }

    private static Outcome outcome(Simulation s) {
        StateMonitor v = s.stateMonitor(Assembler.recorded(s.network().spec(), 0, "v").monitor());
        double[][] values = new double[v.spec().neurons().length][];
        for (int k = 0; k < values.length; k++) {
            values[k] = v.values(k);
        }
        float[][] weights = new float[s.network().projections().size()][];
        for (int i = 0; i < weights.length; i++) {
            CsrMatrix m = s.synapses(i);
            weights[i] = m.hasWeightArray() ? m.weights().toArray(ValueLayout.JAVA_FLOAT) : new float[] {m.constantWeight()};
        }
        return new Outcome(s.rasterSha256(), s.populationSpikeCounts(), s.synapticEvents(), v.steps(), values, weights);
    }

    @Test
    void aSavedNetworkOfEveryFeatureResumesWithNothingPassedForOneAndTwoThreads() throws IOException {
        Outcome straight;
        try (Simulation s = Assembler.create(spec(), SimulationConfig.defaults())) {
            s.runSteps(STEPS);
            straight = outcome(s);
        }
        for (int before = 1; before <= 2; before++) {
            for (int after = 1; after <= 2; after++) {
                Path p = dir.resolve("everything-" + before + "-" + after + ".shnn");
                try (Simulation s = Assembler.create(spec(), SimulationConfig.defaults().withThreads(before))) {
                    s.runSteps(STEPS / 2);
                    Checkpoint.save(s, p);
                }
                try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults().withThreads(after))) {
                    assertEquals(STEPS / 2, s.currentStep());
                    assertTrue(s.network().spec() != null, "the network comes from the stored description");
                    s.runSteps(STEPS - STEPS / 2);
                    Outcome resumed = outcome(s);
                    String at = before + " -> " + after + " threads";
                    assertEquals(HexFormat.of().formatHex(straight.raster()), HexFormat.of().formatHex(resumed.raster()), at);
                    assertArrayEquals(straight.counts(), resumed.counts(), "spikes per population, " + at);
                    assertEquals(straight.events(), resumed.events(), "synaptic events, " + at);
                    assertArrayEquals(straight.sampleSteps(), resumed.sampleSteps(), "v sampled over the whole run, " + at);
                    for (int k = 0; k < straight.v().length; k++) {
                        assertArrayEquals(straight.v()[k], resumed.v()[k], "v of recorded neuron " + k + ", " + at);
                    }
                    for (int i = 0; i < straight.weights().length; i++) {
                        assertArrayEquals(straight.weights()[i], resumed.weights()[i], "weights of projection " + i + ", " + at);
                    }
                }
            }
        }
        assertTrue(straight.counts()[2] > 0 && straight.counts()[3] > 0, "exc and inh fire");
        assertEquals(STEPS / 10, straight.sampleSteps().length, "v every 1 ms");
        try (Simulation s = Assembler.create(spec().withHyperedges(java.util.List.of()), SimulationConfig.defaults())) {
            s.runSteps(STEPS);
            assertTrue(s.populationSpikeCounts()[3] != straight.counts()[3], "the hyperedges drive inh: "
                    + s.populationSpikeCounts()[3] + " spikes without them, " + straight.counts()[3] + " with");
        }
    }

    @Test
    void aDifferentDescriptionIsRefusedNamingTheField() throws IOException {
        Path p = dir.resolve("everything.shnn");
        try (Simulation s = Assembler.create(spec(), SimulationConfig.defaults())) {
            s.runSteps(10);
            Checkpoint.save(s, p);
        }
        NetworkSpec changed = SpecJson.parse(NETWORK.replace("\"p_connect\": 0.3", "\"p_connect\": 0.31"),
                "changed.json", null);
        CodecException e = assertThrows(CodecException.class,
                () -> Checkpoint.open(p, Assembler.network(changed), SimulationConfig.defaults()));
        assertEquals("p_connect", e.field(), e.getMessage());
    }
}
