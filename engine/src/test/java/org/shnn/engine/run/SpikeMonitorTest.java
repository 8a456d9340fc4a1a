package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.record.SpikeMonitorSpec;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.record.SpikeSelection;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.RecorderSpec;
import org.shnn.engine.spec.Selection;

/**
 * Spike monitors ({@link SimulationConfig#spikeMonitors()}, a description's recorders of {@code spikes}): the recorder
 * keeps exactly the spikes of the chosen neurons, in the order and at the steps of a run that keeps every spike, for
 * any thread count; the dynamics and the counters do not change; a checkpoint resumes with the same choice; a
 * description without a recorder of spikes keeps every neuron's, one of no neuron keeps none.
 */
class SpikeMonitorTest {

    /** Populations of {@link SynapsesTest#NETWORK}: input [0, 60), exc [60, 124), inh [124, 144). */
    private static final int EXC = 60;
    private static final int INH = 124;
    private static final int[] CHOSEN_EXC = {0, 3, 17, 40, 63};

    @TempDir
    Path dir;

    /** The network of {@link SynapsesTest} with {@code recorders} instead of its own. */
    private static NetworkSpec spec(List<RecorderSpec> recorders) {
        return SynapsesTest.spec().withRecorders(recorders);
    }

    /** (step, neuron) of every recorded spike, as one long each. */
    private static long[] raster(Simulation s) {
        SpikeRecorder r = s.spikes();
        long[] out = new long[(int) r.count()];
        int[] k = {0};
        r.forEach((step, neuron) -> out[k[0]++] = step << 32 | neuron);
        return out;
    }

    private static long[] filter(long[] raster, IntPredicate neuron) {
        List<Long> kept = new ArrayList<>();
        for (long x : raster) {
            if (neuron.test((int) x)) {
                kept.add(x);
            }
        }
        return kept.stream().mapToLong(Long::longValue).toArray();
    }

    private static boolean chosen(int g) {
        return g >= INH || g >= EXC && java.util.Arrays.binarySearch(CHOSEN_EXC, g - EXC) >= 0;
    }

    @Test
    void monitorsKeepTheChosenNeuronsSpikesAndNothingElseChanges() {
        long[] all;
        long[] counts;
        try (Simulation s = Assembler.create(spec(List.of()), SimulationConfig.defaults())) {
            s.runSteps(SynapsesTest.STEPS);
            all = raster(s);
            counts = s.populationSpikeCounts();
            assertEquals(60, s.recordedNeurons(0), "no monitor: every neuron");
        }
        long[] expected = filter(all, SpikeMonitorTest::chosen);
        assertTrue(expected.length > 20 && expected.length < all.length / 2, expected.length + " of " + all.length
                + " spikes chosen: the test needs spikes on both sides of the choice");
        assertTrue(filter(expected, g -> g < INH).length > 0, "some chosen exc neuron spiked");
        for (int threads : new int[] {1, 3}) {
            SimulationConfig c = SimulationConfig.defaults().withThreads(threads)
                    .withSpikeMonitor(new SpikeMonitorSpec("exc", CHOSEN_EXC)).withSpikeMonitor(SpikeMonitorSpec.all("inh"));
            try (Simulation s = Assembler.create(spec(List.of()), c)) {
                s.runSteps(SynapsesTest.STEPS);
                assertArrayEquals(expected, raster(s), threads + " threads");
                assertArrayEquals(counts, s.populationSpikeCounts(), "the counters count every spike");
                assertEquals(0, s.recordedNeurons(0));
                assertEquals(CHOSEN_EXC.length, s.recordedNeurons(1));
                assertEquals(20, s.recordedNeurons(2));
            }
        }
    }

    @Test
    void aDescriptionsRecordersChooseAndACheckpointKeepsTheChoice() throws IOException {
        NetworkSpec chosen = spec(List.of(new RecorderSpec("exc", List.of("spikes", "v"), new Selection.Ids(CHOSEN_EXC), 1.0),
                new RecorderSpec("inh", List.of("spikes"), Selection.ALL, 0.1)));
        long[] straight;
        try (Simulation s = Assembler.create(spec(List.of()), SimulationConfig.defaults())) {
            s.runSteps(SynapsesTest.STEPS);
            straight = filter(raster(s), SpikeMonitorTest::chosen);
        }
        Path p = dir.resolve("chosen.shnn");
        try (Simulation s = Assembler.create(chosen, SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(SynapsesTest.STEPS / 2);
            Checkpoint.save(s, p);
        }
        try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults())) {
            s.runSteps(SynapsesTest.STEPS - s.currentStep());
            assertArrayEquals(straight, raster(s), "the saved half and the resumed half, of the chosen neurons");
        }
    }

    @Test
    void aFileThatKeptEverySpikeResumesWithTheChosenNeuronsHistory() throws IOException {
        long[] straight;
        try (Simulation s = Assembler.create(spec(List.of()), SimulationConfig.defaults())) {
            s.runSteps(SynapsesTest.STEPS);
            straight = filter(raster(s), SpikeMonitorTest::chosen);
        }
        Path p = dir.resolve("every.shnn");
        try (Simulation s = Assembler.create(spec(List.of()), SimulationConfig.defaults())) {
            s.runSteps(SynapsesTest.STEPS / 2);
            Checkpoint.save(s, p);
        }
        SimulationConfig chosen = SimulationConfig.defaults().withSpikeMonitor(new SpikeMonitorSpec("exc", CHOSEN_EXC))
                .withSpikeMonitor(SpikeMonitorSpec.all("inh"));
        try (Simulation s = Checkpoint.open(p, chosen)) {
            SpikeSelection c = s.spikeSelection();
            assertTrue(c.containsId(INH) && c.containsId(EXC + 3) && !c.containsId(EXC + 4) && !c.containsId(0)
                    && !c.containsId(EXC - 1) && c.containsId(INH + 19));
            s.runSteps(SynapsesTest.STEPS - s.currentStep());
            assertArrayEquals(straight, raster(s), "the saved spikes of the chosen neurons, then theirs");
        }
    }

    @Test
    void aRecorderOfNoNeuronsSpikesKeepsNone() {
        NetworkSpec none = spec(List.of(new RecorderSpec("exc", List.of("spikes"), new Selection.Ids(new int[0]), 0.1)));
        try (Simulation s = Assembler.create(none, SimulationConfig.defaults())) {
            s.runSteps(SynapsesTest.STEPS);
            assertTrue(s.spikeCount() > 0);
            assertEquals(0, s.spikes().count());
            assertEquals(0, s.recordedNeurons(1));
        }
    }

    @Test
    void aMonitorOfAnUnknownPopulationOrNeuronIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Assembler.create(spec(List.of()),
                SimulationConfig.defaults().withThreads(2).withSpikeMonitor(SpikeMonitorSpec.all("nope"))));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Assembler.create(spec(List.of()),
                SimulationConfig.defaults().withSpikeMonitor(new SpikeMonitorSpec("inh", new int[] {3, 20}))));
        assertEquals("spike monitor of population 'inh': neuron index 20 outside [0, 20)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SpikeMonitorSpec("inh", new int[] {-1, 2}));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
}
