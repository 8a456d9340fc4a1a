package org.shnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.Dtype;
import org.shnn.codec.npy.NpyArray;
import org.shnn.codec.npy.NpzFile;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.plasticity.WeightMonitor;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecJson;

/**
 * {@code --record-out}: a network file's recorders (state variables and a projection's weights) written as .npz and
 * .csv, checked against the engine's monitors.
 */
class RecordOutTest {

    private static final Path PLASTIC = Path.of("..", "examples", "networks", "plastic.json");
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long STEPS = 500; // 50 ms at the file's dt of 0.1 ms

    @TempDir
    Path dir;



    /**
     * What the engine's monitors give for the same run: [recorder 2 (exc v), recorder 3 (inh v), recorder 4 (weights
     * of input->exc)][sample][neuron or synapse], mV and uS.
     */
    private static double[][][] reference(NetworkSpec spec, long[][] stepsOut, int[][] neuronsOut) {
        try (Simulation sim = Assembler.create(spec, SimulationConfig.defaults())) {
            sim.runSteps(STEPS);
            double[][][] out = new double[3][][];
            WeightMonitor w = Assembler.weightMonitor(spec, sim, 4);
            stepsOut[2] = w.steps();
            neuronsOut[2] = w.synapses();
            out[2] = w.values();
            for (double[] sample : out[2]) {
                for (int k = 0; k < sample.length; k++) {
                    sample[k] *= 1.0 / Assembler.weightScale(spec, 0); // as the export converts
                }
            }
            for (int r = 2; r <= 3; r++) {
                Assembler.Recorded where = Assembler.recorded(spec, r, "v");
                StateMonitor m = sim.stateMonitor(where.monitor());
                int n = m.spec().neurons().length;
                stepsOut[r - 2] = m.steps();
                neuronsOut[r - 2] = m.spec().neurons().clone();
                out[r - 2] = new double[stepsOut[r - 2].length][n];
                for (int k = 0; k < n; k++) {
                    double[] v = m.values(k);
                    for (int s = 0; s < v.length; s++) {
                        out[r - 2][s][k] = v[s] * where.toPyNN();
                    }
                }
            }
            return out;
        }
    }

    @Test
    void npzAndCsvHoldTheMonitoredVoltagesInMillivolts() throws IOException {
        NetworkSpec spec = SpecJson.read(PLASTIC);
        long[][] steps = new long[3][];
        int[][] neurons = new int[3][];
        double[][][] ref = reference(spec, steps, neurons);
        assertArrayEquals(new int[] {0, 1, 50}, neurons[0]);
        assertArrayEquals(new int[] {0, 1}, neurons[1]);
        assertArrayEquals(java.util.stream.IntStream.range(0, 20).toArray(), neurons[2]);
        assertEquals(50, steps[0].length); // every 1 ms over 50 ms
        assertEquals(100, steps[1].length); // every 0.5 ms
        assertEquals(50, steps[2].length);
        String[] names = {"2_exc_v", "3_inh_v", "4_input->exc_weight"};
        double[] intervals = {1.0, 0.5, 1.0};

        Path npz = dir.resolve("out").resolve("rec.npz"); // a missing directory is created
        CliResult r = CliResult.run("--duration", "0.05", "--record-out", npz.toString(), PLASTIC.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        try (NpzFile f = NpzFile.open(npz)) {
            Set<String> expected = Set.of(names[0], names[0] + "_times_ms", names[0] + "_neurons", names[1],
                    names[1] + "_times_ms", names[1] + "_neurons", names[2], names[2] + "_times_ms",
                    names[2] + "_synapses", names[2] + "_pre", names[2] + "_post");
            assertEquals(expected, f.names());
            try (Simulation sim = Assembler.create(spec, SimulationConfig.defaults())) {
                var table = org.shnn.engine.run.Synapses.table(sim, 0); // list order: the recorded synapses' ends
                for (int k = 0; k < 20; k++) {
                    assertEquals(table.pre()[k], f.array(names[2] + "_pre").data().getAtIndex(I32, k));
                    assertEquals(table.post()[k], f.array(names[2] + "_post").data().getAtIndex(I32, k));
                }
            }
            for (int i = 0; i < 3; i++) {
                boolean weights = i == 2;
                NpyArray v = f.array(names[i]);
                NpyArray t = f.array(names[i] + "_times_ms");
                NpyArray ids = f.array(names[i] + (weights ? "_synapses" : "_neurons"));
                assertEquals(Dtype.FLOAT64, v.dtype());
                assertEquals(Dtype.INT32, ids.dtype());
                int n = neurons[i].length;
                int samples = steps[i].length;
                assertArrayEquals(new long[] {samples, n}, v.shape());
                assertArrayEquals(new long[] {samples}, t.shape());
                assertArrayEquals(new long[] {n}, ids.shape());
                for (int k = 0; k < n; k++) {
                    assertEquals(neurons[i][k], ids.data().getAtIndex(I32, k));
                }
                boolean moved = false;
                for (int s = 0; s < samples; s++) {
                    double time = t.data().getAtIndex(F64, s);
                    assertEquals(s * intervals[i], time, 1e-9, names[i] + " sample " + s);
                    for (int k = 0; k < n; k++) {
                        double mv = v.data().getAtIndex(F64, (long) s * n + k);
                        assertTrue(weights ? mv >= 0 && mv <= 0.01 : Double.isFinite(mv) && mv >= -90 && mv <= -40,
                                names[i] + " " + mv + (weights ? " uS" : " mV"));
                        assertEquals(ref[i][s][k], mv, 0.0, names[i] + " sample " + s + " neuron " + k);
                        moved |= mv != v.data().getAtIndex(F64, k);
                    }
                }
                // the first 20 synapses need not change in 50 ms (WeightRecorderTest checks the changes themselves)
                assertTrue(moved || weights, names[i] + " never changes");
            }
        }

        Path csv = dir.resolve("rec.csv");
        r = CliResult.run("--duration", "0.05", "--record-out", csv.toString(), PLASTIC.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("recorder,population,variable,neuron,time_ms,value", lines.get(0));
        assertEquals(1 + 50 * 3 + 100 * 2 + 50 * 20, lines.size());
        int at = 1;
        for (int i = 0; i < 3; i++) {
            for (int s = 0; s < steps[i].length; s++) {
                for (int k = 0; k < neurons[i].length; k++) {
                    String[] c = lines.get(at++).split(",");
                    assertEquals(List.of(String.valueOf(i + 2), new String[] {"exc", "inh", "input->exc"}[i],
                            i == 2 ? "weight" : "v", String.valueOf(neurons[i][k])), List.of(c[0], c[1], c[2], c[3]));
                    assertEquals(s * intervals[i], Double.parseDouble(c[4]), 1e-9);
                    assertEquals(ref[i][s][k], Double.parseDouble(c[5]), 0.0);
                }
            }
        }
    }

    /**
     * {@code --record-out} with {@code --resume}: plastic.json saved at 25 ms and resumed for 25 ms writes the samples
     * of the whole 50 ms (those before the save come from the checkpoint), the straight run's file line for line; the
     * checkpoint of a built-in network (its description records nothing) is refused before the run, naming it.
     */
    @Test
    void aResumedRunWritesTheSamplesOfTheWholeRun() throws IOException {
        Path straight = dir.resolve("straight.csv");
        CliResult r = CliResult.run("--duration", "0.05", "--record-out", straight.toString(), PLASTIC.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Path saved = dir.resolve("half.shnn");
        r = CliResult.run("--duration", "0.025", "--save", saved.toString(), PLASTIC.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Path resumed = dir.resolve("resumed.csv");
        r = CliResult.run("--resume", saved.toString(), "--duration", "0.025", "--record-out", resumed.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> want = Files.readAllLines(straight);
        assertEquals(1 + 50 * 3 + 100 * 2 + 50 * 20, want.size(), "the straight run's samples of 50 ms");
        assertEquals(want, Files.readAllLines(resumed), "the resumed run's samples");

        Path coba = dir.resolve("coba.shnn");
        r = CliResult.run("--model", "coba", "--neurons", "400", "--duration", "0.01", "--save", coba.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Path none = dir.resolve("coba.csv");
        r = CliResult.run("--resume", coba.toString(), "--duration", "0.01", "--record-out", none.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--resume " + coba) && r.err().contains("records no state variable or weight"), r.err());
        assertFalse(r.out().contains("spikes"), r.out()); // nothing was run
        assertFalse(Files.exists(none));
    }

    @Test
    void badRecordOutPathsAreRefusedBeforeTheRun() throws IOException {
        CliResult r = CliResult.run("--record-out", dir.resolve("rec.txt").toString(), PLASTIC.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rec.txt") && r.err().contains(".npz or .csv"), r.err());

        Path blocker = Files.writeString(dir.resolve("file"), "x");
        r = CliResult.run("--record-out", blocker.resolve("rec.npz").toString(), PLASTIC.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --record-out " + blocker.resolve("rec.npz")), r.err());
        assertFalse(r.out().contains("spikes"), r.out()); // nothing was run

        Path isDir = Files.createDirectory(dir.resolve("d.csv"));
        r = CliResult.run("--record-out", isDir.toString(), PLASTIC.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is a directory"), r.err());

        r = CliResult.run("--record-out", dir.resolve("rec.npz").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("network file"), r.err());
        assertFalse(Files.exists(dir.resolve("rec.npz")));

        // a network file without recorders of state or weights: refused before the run (it wrote a header-only file)
        Path live = Path.of("..", "examples", "networks", "live.json");
        r = CliResult.run("--duration", "0.01", "--record-out", dir.resolve("none.csv").toString(), live.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--record-out " + dir.resolve("none.csv") + ": network 'live' of " + live
                + " records no state variable or weight"), r.err());
        assertFalse(r.out().contains("spikes"), r.out()); // nothing was run
        assertFalse(Files.exists(dir.resolve("none.csv")));
    }
}
