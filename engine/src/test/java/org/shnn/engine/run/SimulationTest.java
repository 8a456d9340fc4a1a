package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.input.CurrentSource;
import org.shnn.engine.input.CurrentWaveform;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.record.StateMonitorSpec;
import org.shnn.memory.ring.SpikeRecord;
import org.shnn.memory.ring.SpscRing;

class SimulationTest {

    private static final double DT = 0.1;
    private static final long SEED = 77L;

    @Test
    void warmUpLeavesStateClockAndResultsUntouched() {
        Network net = org.shnn.engine.assembly.BuiltinNetworks.coba(400, SEED, DT);
        byte[] first;
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults())) {
            s.runSteps(300);
            first = s.rasterSha256();
        }
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults())) {
            Map<String, byte[]> before = new HashMap<>();
            s.stateSectionMap().forEach((name, seg) -> before.put(name, seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
            double forced = KernelWarmUp.run(net, 1, false, false, true, true); // a whole warm-up, even if an earlier test did one
            assertTrue(forced > 0, "warm-up took " + forced + " s");
            // the warm-up that create started ahead may outlast the forced one (its step-path phase waits for C2):
            // let it end, so that what follows sees a JVM with nothing left to warm
            KernelWarmUp.run(net, 1, false, true);
            double seconds = s.warmUp();
            assertEquals(0.0, seconds, "this JVM has warmed up these models: nothing left to do");
            assertEquals(seconds, s.warmUp(), "a second call does nothing and reports the first");
            assertEquals(0, s.currentStep());
            s.stateSectionMap().forEach((name, seg) ->
                    assertArrayEquals(before.get(name), seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), "section " + name));
            s.runSteps(300);
            assertTrue(s.spikeCount() > 0, "the network fires");
            assertArrayEquals(first, s.rasterSha256(), "same raster as the simulation run before the forced warm-up");
        }
    }

    @Test
    void aSpikeArrivesExactlyDelayStepsLater() {
        for (int threads = 1; threads <= 3; threads++) {
            NetworkBuilder b = new NetworkBuilder("delay", DT, SEED);
            Population gen = b.generator("gen", new SpikeTimesGenerator(new long[] {5, 5}, new int[] {0, 1}), 2);
            Population probe = b.population("probe", new ProbeModel(DT, -1), 40);
            b.connect(gen, probe, 0, Connectivity.explicit(new int[] {0}, new int[] {1}, null, null), WeightRule.constant(2.5),
                    DelayRule.constant(7));
            b.connect(gen, probe, 0, Connectivity.explicit(new int[] {1, 1}, new int[] {30, 3}, new float[] {1f, 4f},
                    new int[] {3, 9}), WeightRule.constant(0), DelayRule.constant(1));
            b.connect(gen, probe, 1, Connectivity.explicit(new int[] {0}, new int[] {20}, null, null), WeightRule.constant(-1),
                    DelayRule.constant(2));
            try (Simulation s = Simulation.create(b.build(), SimulationConfig.defaults().withThreads(threads))) {
                s.runSteps(30);
                PopulationState st = s.populationState(1);
                assertEquals(12.0, st.getDouble("arrival", 1), "spike at step 5 + delay 7, threads " + threads);
                assertEquals(2.5, st.getDouble("sum0", 1));
                assertEquals(8.0, st.getDouble("arrival", 30), "per-synapse delay 3");
                assertEquals(14.0, st.getDouble("arrival", 3), "per-synapse delay 9");
                assertEquals(4.0, st.getDouble("sum0", 3));
                assertEquals(-1.0, st.getDouble("sum1", 20), "receptor 1");
                assertEquals(0.0, st.getDouble("sum0", 20));
                assertEquals(-1.0, st.getDouble("arrival", 0), "no input to neuron 0");
                assertEquals(2, s.spikeCount());
                assertEquals(5, s.spikes().step(0));
                assertEquals(0, s.spikes().neuron(0));
                assertEquals(1, s.spikes().neuron(1));
            }
        }
    }

    @Test
    void recurrentSpikesAreDeliveredAcrossThreadRanges() {
        NetworkBuilder b = new NetworkBuilder("chain", DT, SEED);
        Population p = b.population("p", new ProbeModel(DT, -1), 100);
        b.connect(p, p, 0, Connectivity.allToAll(), WeightRule.constant(1), DelayRule.constant(4), false);
        try (Simulation s = Simulation.create(b.build(), SimulationConfig.defaults().withThreads(3))) {
            s.populationState(0).setDouble("fire_at", 99, 2);
            s.runSteps(10);
            for (int i = 0; i < 99; i++) {
                assertEquals(6.0, s.populationState(0).getDouble("arrival", i), "neuron " + i);
            }
            assertEquals(-1.0, s.populationState(0).getDouble("arrival", 99), "no autapse");
        }
    }

    @Test
    void poissonGeneratorRate() {
        NetworkBuilder b = new NetworkBuilder("poisson", DT, SEED);
        b.generator("gen", PoissonGenerator.uniform(1000, 20.0), 1000);
        byte[] sha;
        try (Simulation s = Simulation.create(b.build(), SimulationConfig.defaults().withThreads(2))) {
            s.run(1000);
            // expected 20000 spikes, sd ~ 141
            assertEquals(20000, s.spikeCount(), 700, "seed " + SEED);
            sha = s.rasterSha256();
        }
        try (Simulation s = Simulation.create(b.build(), SimulationConfig.defaults().withThreads(3))) {
            s.run(1000);
            assertArrayEquals(sha, s.rasterSha256(), "generator trains independent of the thread count");
        }
    }

    @Test
    void poissonInputMeanDrive() {
        NetworkBuilder b = new NetworkBuilder("drive", DT, SEED);
        Population p = b.population("p", new ProbeModel(DT, -1), 200);
        b.poissonInput(p, 0, 100, 10.0, 0.5);
        try (Simulation s = Simulation.create(b.build(), SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(2000);
            double total = 0;
            for (int i = 0; i < 200; i++) {
                total += s.populationState(0).getDouble("sum0", i);
            }
            // counts ~ Poisson(200 * 2000 * 0.1 = 40000), sd 200 -> weight sum 20000, sd 100
            assertEquals(20000, total, 500, "seed " + SEED);
        }
    }

    @Test
    void stepCurrentsReachExternal() {
        NetworkBuilder b = new NetworkBuilder("current", DT, SEED);
        Population p = b.population("p", new ProbeModel(DT, -1), 40);
        b.current(CurrentSource.range(0, 1, 33, new CurrentWaveform.Step(new double[] {0, 10 * DT}, new double[] {5, -2})));
        b.constantCurrent(p, 1.5);
        try (Simulation s = Simulation.create(b.build(), SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(5);
            assertEquals(6.5, s.populationState(0).getDouble("ext", 1));
            assertEquals(6.5, s.populationState(0).getDouble("ext", 32));
            assertEquals(1.5, s.populationState(0).getDouble("ext", 0));
            s.runSteps(10);
            assertEquals(-0.5, s.populationState(0).getDouble("ext", 20));
            assertEquals(1.5, s.populationState(0).getDouble("ext", 33));
        }
    }

    @Test
    void workerFailureSurfacesWithoutHanging() {
        NetworkBuilder b = new NetworkBuilder("fail", DT, SEED);
        b.population("p", new ProbeModel(DT, 3), 64);
        Network n = b.build();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(3))) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.runSteps(10));
                assertTrue(e.getMessage().contains("probe failure at step 3") || e.getCause().getMessage().contains("step 3"),
                        e.getMessage());
                assertThrows(IllegalStateException.class, () -> s.runSteps(1), "a failed simulation refuses to continue");
            }
        });
    }

    @Test
    void aFailedStepPoisonsSaveRunAndResultReads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        NetworkBuilder b = new NetworkBuilder("fail", DT, SEED);
        b.population("p", new ProbeModel(DT, 3), 64);
        try (Simulation s = Simulation.create(b.build(), SimulationConfig.defaults().withThreads(2))) {
            assertThrows(IllegalStateException.class, () -> s.runSteps(10));
            java.nio.file.Path file = dir.resolve("half.shnn");
            List<org.junit.jupiter.api.function.Executable> refused = List.of(() -> org.shnn.engine.checkpoint.Checkpoint.save(s, file), () -> s.runSteps(1),
                    () -> s.run(1), s::spikes, s::rasterSha256, s::spikeCount, s::populationSpikeCounts,
                    s::synapticEvents, () -> s.populationState(0), s::stateSections, s::stateSectionMap);
            for (org.junit.jupiter.api.function.Executable e : refused) {
                IllegalStateException x = assertThrows(IllegalStateException.class, e);
                assertTrue(x.getMessage().contains("failed between steps 0 and 10") && x.getMessage().contains("half-stepped"),
                        x.getMessage());
                assertTrue(x.getCause().getMessage().contains("probe failure at step 3"), x.getCause().getMessage());
            }
            assertTrue(java.nio.file.Files.notExists(file), "no half-stepped checkpoint written");
            assertEquals(0, s.currentStep(), "the clock stays at the last completed run");
        }
    }

    @Test
    void durationsPastTheBoundAreRefusedAtOnce() {
        Network n = org.shnn.engine.assembly.BuiltinNetworks.coba(400, SEED);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
                for (double ms : new double[] {1e300, Double.MAX_VALUE, (Simulation.MAX_STEPS + 1.0) * n.dt()}) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.run(ms));
                    assertTrue(e.getMessage().contains("Simulation.MAX_STEPS"), e.getMessage());
                }
                assertThrows(IllegalArgumentException.class, () -> s.runSteps(Long.MAX_VALUE));
                assertThrows(IllegalArgumentException.class, () -> s.runSteps(Simulation.MAX_STEPS + 1));
                s.runSteps(5);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> s.runSteps(Simulation.MAX_STEPS - 4));
                assertTrue(e.getMessage().contains("at step 5"), e.getMessage());
                assertEquals(5, s.currentStep(), "a refused run changes nothing");
                s.run(0.5);
                assertEquals(10, s.currentStep());
            }
        });
    }

    @Test
    void synapticEventsCountEverySynapseOfEverySpikeForAnyThreadCount() {
        Network n = org.shnn.engine.assembly.BuiltinNetworks.coba(800, SEED);
        for (int threads = 1; threads <= 2; threads++) {
            try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(threads))) {
                s.runSteps(500);
                long[] expected = {0};
                int ne = n.populations().get(0).count();
                s.spikes().forEach((step, neuron) -> {
                    // exc rows are projections 0 (exc->exc) and 1 (exc->inh); inh rows 2 and 3
                    int first = neuron < ne ? 0 : 2;
                    int row = neuron < ne ? neuron : neuron - ne;
                    expected[0] += s.synapses(first).rowLength(row) + s.synapses(first + 1).rowLength(row);
                });
                assertTrue(expected[0] > 1000, "network active: " + expected[0] + " events, seed " + SEED);
                assertEquals(expected[0], s.synapticEvents(), threads + " threads, seed " + SEED);
            }
        }
    }

    @Test
    void restoreFromSectionsContinuesIdentically() {
        Network n = org.shnn.engine.assembly.BuiltinNetworks.coba(800, SEED);
        try (Simulation a = Simulation.create(n, SimulationConfig.defaults()); Arena copy = Arena.ofShared()) {
            a.runSteps(300);
            Map<String, MemorySegment> saved = new HashMap<>();
            for (NamedSegment s : a.stateSections()) {
                MemorySegment c = copy.allocate(s.segment().byteSize(), 64);
                c.copyFrom(s.segment());
                saved.put(s.name(), c);
            }
            assertTrue(saved.containsKey("clock"));
            assertTrue(saved.containsKey("population/exc/state"));
            assertTrue(saved.containsKey("population/inh/ring"));
            assertTrue(saved.containsKey("projection/3/targets"));
            try (Simulation b = Simulation.restore(n, SimulationConfig.defaults().withThreads(2), saved::get)) {
                assertEquals(300, b.currentStep());
                a.runSteps(700);
                b.runSteps(700);
                List<long[]> tailA = new ArrayList<>();
                a.spikes().forEach((step, neuron) -> {
                    if (step >= 300) {
                        tailA.add(new long[] {step, neuron});
                    }
                });
                List<long[]> tailB = new ArrayList<>();
                b.spikes().forEach((step, neuron) -> tailB.add(new long[] {step, neuron}));
                assertTrue(tailA.size() > 100, "network active: " + tailA.size() + " spikes");
                assertEquals(tailA.size(), tailB.size());
                for (int i = 0; i < tailA.size(); i++) {
                    assertArrayEquals(tailA.get(i), tailB.get(i), "spike " + i);
                }
            }
            saved.remove("population/exc/state");
            assertThrows(IllegalArgumentException.class, () -> Simulation.restore(n, SimulationConfig.defaults(), saved::get));
        }
    }

    /** Copies of every state section of a simulation built from {@code n} (per-synapse delays in projection 0). */
    private static Map<String, MemorySegment> sections(Network n, Arena arena) {
        Map<String, MemorySegment> saved = new HashMap<>();
        try (Simulation a = Simulation.create(n, SimulationConfig.defaults())) {
            for (NamedSegment s : a.stateSections()) {
                saved.put(s.name(), arena.allocate(s.segment().byteSize(), 64).copyFrom(s.segment()));
            }
        }
        return saved;
    }

    @Test
    void restoreValidatesEveryCsrValueAndTheClockNamingSectionIndexAndValue() {
        NetworkBuilder b = new NetworkBuilder("csr", DT, SEED);
        Population p = b.population("p", new ProbeModel(DT, -1), 100);
        b.connect(p, p, 0, Connectivity.fixedProbability(0.2), WeightRule.constant(0.5), DelayRule.uniformSteps(1, 9));
        Network n = b.build();
        record Damage(String section, long offset, java.lang.foreign.ValueLayout layout, Object value, String expected) {
        }
        long row1 = 8; // rowOffsets[1]
        List<Damage> damages = List.of(
                new Damage("projection/0/targets", 0, java.lang.foreign.ValueLayout.JAVA_INT, -1, "targets[0]"),
                new Damage("projection/0/targets", 0, java.lang.foreign.ValueLayout.JAVA_INT, 100, "targets[0]"),
                new Damage("projection/0/rowOffsets", row1, java.lang.foreign.ValueLayout.JAVA_LONG, 3L, "rowOffsets[1]"),
                new Damage("projection/0/rowOffsets", 0, java.lang.foreign.ValueLayout.JAVA_LONG, 16L, "rowOffsets[0]"),
                new Damage("projection/0/delays", 0, java.lang.foreign.ValueLayout.JAVA_BYTE, (byte) 0, "delays[0]"),
                new Damage("projection/0/delays", 0, java.lang.foreign.ValueLayout.JAVA_BYTE, (byte) 10, "delays[0]"),
                new Damage("clock", 0, java.lang.foreign.ValueLayout.JAVA_LONG, -2147483648L, "clock"),
                new Damage("clock", 0, java.lang.foreign.ValueLayout.JAVA_LONG, Simulation.MAX_STEPS + 1, "clock"));
        for (Damage d : damages) {
            try (Arena arena = Arena.ofConfined()) {
                Map<String, MemorySegment> saved = sections(n, arena);
                assertTrue(saved.containsKey("projection/0/delays"), "per-synapse delays stored");
                MemorySegment target = saved.get(d.section());
                switch (d.value()) {
                    case Integer v -> target.set(java.lang.foreign.ValueLayout.JAVA_INT, d.offset(), v);
                    case Long v -> target.set(java.lang.foreign.ValueLayout.JAVA_LONG, d.offset(), v);
                    case Byte v -> target.set(java.lang.foreign.ValueLayout.JAVA_BYTE, d.offset(), v);
                    default -> throw new AssertionError(d);
                }
                for (int threads = 1; threads <= 4; threads++) {
                    SimulationConfig c = SimulationConfig.defaults().withThreads(threads);
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> Simulation.restore(n, c, saved::get), d.toString());
                    assertTrue(e.getMessage().contains(d.expected()), d + ": " + e.getMessage());
                }
            }
        }
    }

    @Test
    void spikesStreamIntoARing() {
        NetworkBuilder b = new NetworkBuilder("stream", DT, SEED);
        b.generator("gen", PoissonGenerator.uniform(100, 50.0), 100);
        try (Arena arena = Arena.ofShared()) {
            SpscRing ring = SpscRing.create(arena.allocate(SpscRing.requiredBytes(1 << 12, SpikeRecord.SIZE), 64), 1 << 12,
                    SpikeRecord.SIZE);
            try (Simulation s = Simulation.create(b.build(), SimulationConfig.defaults().withSpikeStream(ring, null))) {
                s.runSteps(1000);
                long n = s.spikeCount();
                assertTrue(n > 100 && n < 4096, "spikes " + n);
                MemorySegment out = arena.allocate(n * SpikeRecord.SIZE, 64);
                assertEquals(n, ring.drain(out, 0, (int) n));
                MemorySegment rec = arena.allocate(n * SpikeRecord.SIZE, 64);
                s.spikes().copyTo(rec, 0);
                assertEquals(-1, out.mismatch(rec));
            }
        }
    }

    @Test
    void stateMonitorSamplesChosenNeuronsAcrossRunsAndThreads() {
        NetworkBuilder b = new NetworkBuilder("monitor", DT, SEED);
        b.population("p", new ProbeModel(DT, -1), 100);
        SimulationConfig c = SimulationConfig.defaults().withThreads(3)
                .withStateMonitor(new StateMonitorSpec("p", "steps", new int[] {99, 0, 50, 50}, 3));
        try (Simulation s = Simulation.create(b.build(), c)) {
            // every third step from 0 for 3 neurons: 4 samples in steps [0, 10), then 2 in [10, 18); 8 bytes each
            assertEquals(4 * 3 * 8, s.recordingBytes(10));
            s.runSteps(10);
            assertEquals(2 * 3 * 8, s.recordingBytes(8));
            assertEquals(0, s.recordingBytes(2), "steps 10 and 11 hold no sampling step");
            s.runSteps(8);
            StateMonitor m = s.stateMonitor(0);
            assertArrayEquals(new int[] {0, 50, 99}, m.spec().neurons());
            assertArrayEquals(new long[] {0, 3, 6, 9, 12, 15}, m.steps());
            for (int k = 0; k < 3; k++) {
                // the probe's step counter after step t is t + 1
                assertArrayEquals(new double[] {1, 4, 7, 10, 13, 16}, m.values(k), "neuron " + m.spec().neurons()[k]);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> m.values(3));
        }
        assertThrows(IllegalArgumentException.class, () -> Simulation.create(b.build(),
                SimulationConfig.defaults().withStateMonitor(new StateMonitorSpec("p", "nope", new int[] {1}, 1))));
        assertThrows(IllegalArgumentException.class, () -> Simulation.create(b.build(),
                SimulationConfig.defaults().withStateMonitor(new StateMonitorSpec("p", "steps", new int[] {100}, 1))));
    }

    @Test
    void spikesStreamIntoAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        NetworkBuilder b = new NetworkBuilder("file", DT, SEED);
        b.generator("gen", PoissonGenerator.uniform(300, 40.0), 300);
        java.nio.file.Path file = dir.resolve("spikes.bin");
        long n;
        byte[] expected;
        try (Simulation s = Simulation.create(b.build(), SimulationConfig.defaults().withSpikeFile(file))) {
            s.runSteps(500);
            s.runSteps(500);
            n = s.spikeCount();
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate((int) n * 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            s.spikes().forEach((step, neuron) -> bb.putLong(step).putInt(neuron).putInt(0));
            expected = bb.array();
            assertEquals(n * 16, java.nio.file.Files.size(file), "flushed at the end of each run");
        }
        assertTrue(n > 500, "spikes " + n);
        assertArrayEquals(expected, java.nio.file.Files.readAllBytes(file));
    }

    @Test
    void closedSimulationRejectsCalls() {
        NetworkBuilder b = new NetworkBuilder("closed", DT, SEED);
        b.population("p", new ProbeModel(DT, -1), 4);
        Simulation s = Simulation.create(b.build(), SimulationConfig.defaults().withRecordSpikes(false));
        assertThrows(IllegalStateException.class, s::spikes, "recording off");
        assertThrows(IllegalArgumentException.class, () -> s.runSteps(-1));
        assertThrows(IllegalArgumentException.class, () -> s.run(Double.NaN));
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.runSteps(1));
    }
}
