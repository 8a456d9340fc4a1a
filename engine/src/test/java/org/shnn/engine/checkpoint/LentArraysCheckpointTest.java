package org.shnn.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.Dtype;
import org.shnn.codec.ShnnFile;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.assembly.Parameters;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.run.StateDescriptor;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecJson;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * A description holding arrays a host lent (NumPy arrays, C arrays: a per-neuron parameter, initial values, and
 * an STDP projection's list of synapses with per-synapse weights and delays) is saved with them: the file opens
 * with nothing passed after the host's memory is gone, continues bit-identically (raster, weights) for 1 and 2
 * threads, and answers the lent parameter; an array lent for the build only makes the file be saved without a
 * description, saying why.
 */
class LentArraysCheckpointTest {

    private static final String NETWORK = """
            {"format": "shnn-network/1", "name": "lent", "dt": 0.1, "seed": 5,
             "populations": [
               {"label": "input", "size": 50, "cell_type": "SpikeSourcePoisson", "parameters": {"rate": 30.0}},
               {"label": "exc", "size": 40, "cell_type": "IF_cond_exp",
                "parameters": {"tau_m": {"lent": "tau_m"}, "v_thresh": -50.0, "v_rest": -60.0, "v_reset": -60.0},
                "initial_values": {"v": {"lent": "v"}}}],
             "projections": [
               {"label": "input->exc", "pre": "input", "post": "exc", "receptor_type": "excitatory",
                "connector": {"type": "FromListConnector", "pre": {"lent": "pre"}, "post": {"lent": "post"}},
                "weight": {"lent": "w"}, "delay": {"lent": "d"},
                "synapse_type": {"type": "STDPMechanism",
                  "timing_dependence": {"type": "SpikePairRule", "tau_plus": 20.0, "tau_minus": 20.0,
                                        "A_plus": 0.001, "A_minus": 0.0012},
                  "weight_dependence": {"type": "AdditiveWeightDependence", "w_min": 0.0, "w_max": 0.02}}}],
             "recorders": [{"population": "exc", "variables": ["spikes"]}]}
            """;
    private static final int SYNAPSES = 600;
    private static final long STEPS = 1000;

    @TempDir
    Path dir;

    /** The host's arrays, in {@code arena}: int32 indices, float64 values, as a host lends them. */
    private static NetworkSpec spec(Arena arena) {
        double[] tauM = new double[40];
        double[] v = new double[40];
        for (int i = 0; i < 40; i++) {
            tauM[i] = 10.0 + i * 0.5;
            v[i] = -60.0 + (i % 10);
        }
        int[] pre = new int[SYNAPSES];
        int[] post = new int[SYNAPSES];
        double[] w = new double[SYNAPSES];
        double[] d = new double[SYNAPSES];
        for (int k = 0; k < SYNAPSES; k++) {
            pre[k] = (k * 7) % 50;
            post[k] = (k * 13) % 40;
            w[k] = 0.004 + 0.00001 * k;
            d[k] = 1.0 + (k % 4) * 0.5;
        }
        Map<String, ArrayRef> lent = Map.of("tau_m", lend(arena, tauM), "v", lend(arena, v), "w", lend(arena, w),
                "d", lend(arena, d),
                "pre", new ArrayRef.Lent(arena.allocateFrom(ValueLayout.JAVA_INT, pre), Dtype.INT32),
                "post", new ArrayRef.Lent(arena.allocateFrom(ValueLayout.JAVA_INT, post), Dtype.INT32));
        return SpecJson.parse(NETWORK, "lent.json", null, lent);
    }

    private static ArrayRef lend(Arena arena, double[] values) {
        return new ArrayRef.Lent(arena.allocateFrom(ValueLayout.JAVA_DOUBLE, values), Dtype.FLOAT64);
    }

    private static String raster(Simulation s) {
        return HexFormat.of().formatHex(s.rasterSha256());
    }

    private static float[] weights(Simulation s) {
        CsrMatrix m = s.synapses(0);
        return m.weights().toArray(ValueLayout.JAVA_FLOAT);
    }

    @Test
    void lentArraysAreStoredAndTheFileContinuesAfterTheHostFreedThem() throws IOException {
        String straight;
        float[] straightWeights;
        try (Arena host = Arena.ofConfined(); Simulation s = Assembler.create(spec(host), SimulationConfig.defaults())) {
            s.runSteps(STEPS);
            straight = raster(s);
            straightWeights = weights(s);
            assertTrue(s.populationSpikeCounts()[1] > 0, "exc fires");
        }
        for (int threads = 1; threads <= 2; threads++) {
            Path p = dir.resolve("lent-" + threads + ".shnn");
            try (Arena host = Arena.ofShared()) {
                try (Simulation s = Assembler.create(spec(host), SimulationConfig.defaults().withThreads(threads))) {
                    s.runSteps(STEPS / 2);
                    Checkpoint.save(s, p);
                }
            } // the host frees its arrays
            try (ShnnFile f = ShnnFile.open(p)) {
                assertEquals("stored", f.metadata().get("network.spec").orElseThrow());
                assertEquals(6, f.sections().stream().filter(x -> x.name().startsWith(StateDescriptor.SPEC + "/")).count(),
                        "one section per lent array");
            }
            try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults().withThreads(3 - threads))) {
                double[] tauM = Parameters.values(s, "exc", "tau_m");
                assertEquals(10.0, tauM[0]);
                assertEquals(29.5, tauM[39]);
                s.runSteps(STEPS - STEPS / 2);
                String at = threads + " -> " + (3 - threads) + " threads";
                assertEquals(straight, raster(s), "raster, " + at);
                assertArrayEquals(straightWeights, weights(s), "STDP weights, " + at);
                Path again = dir.resolve("again-" + threads + ".shnn"); // the opened file's arrays are stored again
                Checkpoint.save(s, again);
                try (Simulation t = Checkpoint.open(again)) {
                    assertEquals(STEPS, t.currentStep());
                    assertEquals(straight, raster(t));
                }
            }
        }
    }

    @Test
    void anArrayLentForTheBuildOnlyLeavesTheFileWithoutADescriptionSayingWhy() throws IOException {
        Path p = dir.resolve("build-only.shnn");
        Simulation s;
        try (Arena build = Arena.ofConfined()) {
            s = Assembler.create(spec(build), SimulationConfig.defaults());
        }
        try (s) {
            s.runSteps(10);
            Checkpoint.save(s, p);
        }
        try (ShnnFile f = ShnnFile.open(p)) {
            String why = f.metadata().get("network.spec").orElseThrow();
            assertTrue(why.startsWith("none: ") && why.contains("lent for the build only"), why);
            assertTrue(f.find(StateDescriptor.specArray(0)).isEmpty());
        }
        CodecException e = assertThrows(CodecException.class, () -> Checkpoint.open(p).close());
        assertTrue(e.getMessage().contains("saved without a description: none: ") && e.getMessage().contains(
                "lent for the build only"), e.getMessage());
    }

    @Test
    void aDamagedStoredArrayIsNamedBeforeAnyNeuronIsBuiltFromIt() throws IOException {
        Path p = dir.resolve("lent.shnn");
        try (Arena host = Arena.ofConfined(); Simulation s = Assembler.create(spec(host), SimulationConfig.defaults())) {
            Checkpoint.save(s, p);
        }
        long offset;
        try (ShnnFile f = ShnnFile.open(p)) {
            offset = f.find(StateDescriptor.specArray(0)).orElseThrow().offset(); // tau_m, the first array written
        }
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            c.read(b, offset + 3);
            b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
            c.write(b, offset + 3);
        }
        CodecException e = assertThrows(CodecException.class, () -> Checkpoint.open(p).close());
        assertEquals(StateDescriptor.specArray(0), e.section(), e.getMessage());
    }
}
