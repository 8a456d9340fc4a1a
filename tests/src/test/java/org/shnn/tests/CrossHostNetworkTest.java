package org.shnn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.CurrentSourceSpec;
import org.shnn.engine.spec.Distribution;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.ProjectionSpec;
import org.shnn.engine.spec.RecorderSpec;
import org.shnn.engine.spec.Selection;
import org.shnn.engine.spec.SpecJson;
import org.shnn.engine.spec.Value;

/**
 * The network of {@code examples/networks/cross-host.json} written in Java with the description's records: it
 * is the same description the file holds (equal records), and it runs to the same raster for 1 and 2 threads.
 * {@code scripts/test-native} checks that the C ({@code examples/c/own_network.c}) and Python
 * ({@code examples/python/own_network.py}) descriptions of it give the CLI's raster of the file, and this test
 * prints the raster it gets, so that all four hosts are tied to one value.
 */
class CrossHostNetworkTest {

    /** The file, from the tests module's directory (Surefire's working directory). */
    static final Path FILE = Path.of("..", "examples", "networks", "cross-host.json");

    /** The cross-host network as Java code. */
    static NetworkSpec javaSpec() {
        Map<String, Value> cell = new LinkedHashMap<>();
        String[] names = {"cm", "tau_m", "v_rest", "v_thresh", "v_reset", "tau_refrac", "e_rev_E", "e_rev_I", "tau_syn_E",
            "tau_syn_I", "i_offset"};
        double[] values = {0.2, 20.0, -60.0, -50.0, -60.0, 5.0, 0.0, -80.0, 5.0, 10.0, 0.2};
        for (int i = 0; i < names.length; i++) {
            cell.put(names[i], Value.of(values[i]));
        }
        Value v0 = Value.of(new Distribution.Normal(-55.0, 5.0));
        List<PopulationSpec> pops = List.of(
                new PopulationSpec("exc", 400, CellType.IF_COND_EXP, cell).initialize("v", v0),
                new PopulationSpec("inh", 100, CellType.IF_COND_EXP, cell).initialize("v", v0),
                new PopulationSpec("noise", 50, CellType.SPIKE_SOURCE_POISSON, Map.of("rate", Value.of(20.0))));
        Connector p = new Connector.FixedProbability(0.05, true);
        List<ProjectionSpec> projs = new ArrayList<>();
        projs.add(new ProjectionSpec("exc", "exc", "excitatory", p, Value.of(0.004), Value.of(0.2)));
        projs.add(new ProjectionSpec("exc", "inh", "excitatory", p, Value.of(0.004), Value.of(0.2)));
        projs.add(new ProjectionSpec("inh", "exc", "inhibitory", p, Value.of(0.05), Value.of(0.2)));
        projs.add(new ProjectionSpec("inh", "inh", "inhibitory", p, Value.of(0.05), Value.of(0.2)));
        double[] pre = new double[200];
        double[] post = new double[200];
        double[] w = new double[200];
        for (int k = 0; k < 200; k++) {
            pre[k] = k % 50;
            post[k] = (k * 37) % 400;
            w[k] = 0.002 + 0.0001 * (k % 10);
        }
        projs.add(new ProjectionSpec("noise", "exc", "excitatory", new Connector.FromList(new ArrayRef.Inline(pre),
                new ArrayRef.Inline(post), new ArrayRef.Inline(w), null), Value.of(0.0), Value.of(1.0)));
        int[] first10 = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        CurrentSourceSpec pulse = new CurrentSourceSpec("pulse", "exc", new Selection.Ids(first10),
                new CurrentSourceSpec.Dc(0.1, 50.0, 150.0));
        RecorderSpec rec = new RecorderSpec("exc", List.of("v"), new Selection.Ids(new int[] {0, 1, 2}), 1.0);
        return new NetworkSpec("cross-host", 0.1, 7, pops, projs, List.of(), List.of(pulse), List.of(rec));
    }

    @Test
    void javaCodeDescribesWhatTheFileHolds() throws Exception {
        assertEquals(SpecJson.read(FILE), javaSpec());
    }

    @Test
    void oneAndTwoThreadsGiveTheSameRaster() {
        byte[] one = run(1);
        byte[] two = run(2);
        assertArrayEquals(one, two);
        System.out.println("cross-host network, 300 ms: raster sha256 " + HexFormat.of().formatHex(one));
    }

    private static byte[] run(int threads) {
        try (Simulation sim = Assembler.create(javaSpec(), SimulationConfig.defaults().withThreads(threads))) {
            sim.run(300);
            assertTrue(sim.spikeCount() > 1000, "a network that fires: " + sim.spikeCount() + " spikes");
            assertEquals(300, sim.stateMonitor(0).sampleCount());
            return sim.rasterSha256();
        }
    }
}
