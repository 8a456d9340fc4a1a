package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.input.PoissonRates;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;

/**
 * Spike sources: Poisson trains with windows and rate changes (PyNN {@code SpikeSourcePoisson}, NEST
 * {@code inhomogeneous_poisson_generator}) and spike arrays whose times are replaced between runs (PyNN
 * {@code set(spike_times=...)}), for any thread count and across a save and restore.
 */
class SpikeSourceTest {

    private static final double DT = 0.1;
    private static final long SEED = 31L;

    @Test
    void ratesFollowWindowsAndChangesOnTheStepGrid() {
        PoissonGenerator g = new PoissonGenerator(new double[] {100, 200, 300}, new double[] {0, 1.0, 2.0},
                new double[] {Double.POSITIVE_INFINITY, 2.0, 0.5}, new double[] {1.5, 5.0},
                new double[][] {{50}, {10, 20, 30}});
        PoissonRates r = new PoissonRates(g, DT);
        double[][] expected = { // per step 0..60: neuron 0, 1, 2 rates in Hz (0 outside the window)
            {100, 0, 0}, {100, 200, 0}, {50, 50, 0}, {50, 50, 50}, {50, 0, 0}, {10, 0, 0}};
        long[] at = {0, 10, 15, 20, 30, 50};
        for (int k = 0; k < at.length; k++) {
            r.update(at[k], 0, 3);
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[k][i] * DT * 1e-3, r.probability(i), 1e-18, "step " + at[k] + " neuron " + i);
            }
        }
        for (long s : new long[] {0, 10, 15, 20, 25, 30, 50}) {
            assertTrue(r.changesAt(s), "step " + s);
        }
        assertFalse(r.changesAt(7));
        assertThrows(IllegalArgumentException.class, () -> new PoissonRates(PoissonGenerator.uniform(2, 20_000), DT));
        assertThrows(IllegalArgumentException.class, () -> new PoissonRates(PoissonGenerator.uniform(2, 5)
                .withChanges(new double[] {1.0, 1.01}, new double[][] {{1}, {2}}), DT));
        assertThrows(IllegalArgumentException.class, () -> PoissonGenerator.uniform(2, 5)
                .withChanges(new double[] {1.0}, new double[][] {{1, 2, 3}}));
    }

    /** Spike counts per neuron of generator population 0 in steps [from, to). */
    private static long[] counts(Simulation s, int neurons, long from, long to) {
        long[] c = new long[neurons];
        s.spikes().forEach((step, neuron) -> {
            if (step >= from && step < to) {
                c[neuron]++;
            }
        });
        return c;
    }

    private static List<long[]> raster(Simulation s) {
        List<long[]> out = new ArrayList<>();
        s.spikes().forEach((step, neuron) -> out.add(new long[] {step, neuron}));
        return out;
    }

    @Test
    void scheduledPoissonTrainsHaveTheirRatesAndDoNotDependOnThreads() {
        int n = 2000;
        // PyNN window [20, 220) ms; rate 10 Hz, 40 Hz from 100 ms, 0 Hz from 150 ms, 80 Hz (neurons alike) from 180 ms
        PoissonGenerator g = PoissonGenerator.window(n, 10, 20, 200).withChanges(new double[] {100, 150, 180},
                new double[][] {{40}, {0}, {80}});
        NetworkBuilder b = new NetworkBuilder("poisson", DT, SEED);
        b.generator("g", g, n);
        Network net = b.build();
        List<long[]> one;
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults())) {
            s.runSteps(1234);
            s.runSteps(3000 - 1234);
            one = raster(s);
            long[][] windows = {{0, 200}, {200, 1000}, {1000, 1500}, {1500, 1800}, {1800, 2200}, {2200, 3000}};
            double[] rates = {0, 10, 40, 0, 80, 0};
            for (int w = 0; w < windows.length; w++) {
                long total = 0;
                for (long c : counts(s, n, windows[w][0], windows[w][1])) {
                    total += c;
                }
                double mean = n * rates[w] * (windows[w][1] - windows[w][0]) * DT * 1e-3;
                // Poisson count: sd = sqrt(mean); 5 sd (and exactly 0 where the rate is 0)
                assertEquals(mean, total, 5 * Math.sqrt(mean) + 1e-9, "window " + w + " rate " + rates[w] + " Hz");
            }
        }
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults().withThreads(3))) {
            s.runSteps(3000);
            List<long[]> three = raster(s);
            assertEquals(one.size(), three.size());
            for (int k = 0; k < one.size(); k++) {
                assertArrayEquals(one.get(k), three.get(k), "spike " + k + ": 1 vs 3 threads");
            }
        }
    }

    @Test
    void spikeArraysAreReplacedBetweenRunsAndSavedWithTheState(@TempDir Path dir) throws IOException {
        NetworkBuilder b = new NetworkBuilder("array", DT, SEED);
        b.generator("src", new SpikeTimesGenerator(new long[] {5, 10, 300}, new int[] {0, 1, 2}), 40);
        b.population("p", new ProbeModel(DT, -1), 16);
        Network net = b.build();
        SpikeTimesGenerator replacement = new SpikeTimesGenerator(new long[] {50, 60, 60, 150, 400}, new int[] {3, 4, 39, 5, 6});
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults().withThreads(2)); Arena copy = Arena.ofShared()) {
            s.runSteps(55);
            s.setSpikeTimes(0, replacement);
            assertThrows(IllegalArgumentException.class, () -> s.setSpikeTimes(0,
                    new SpikeTimesGenerator(new long[] {1}, new int[] {40})));
            assertThrows(IllegalArgumentException.class, () -> s.setSpikeTimes(1, replacement));
            s.runSteps(100);
            // before the replacement: the old times; after: the new ones from step 55 on (50 is past)
            List<long[]> r = raster(s);
            long[][] expected = {{5, 0}, {10, 1}, {60, 4}, {60, 39}, {150, 5}};
            assertEquals(expected.length, r.size());
            for (int k = 0; k < expected.length; k++) {
                assertArrayEquals(expected[k], r.get(k));
            }
            Map<String, MemorySegment> saved = new HashMap<>();
            for (NamedSegment ns : s.stateSections()) {
                MemorySegment c = copy.allocate(ns.segment().byteSize(), 64);
                c.copyFrom(ns.segment());
                saved.put(ns.name(), c);
            }
            assertTrue(saved.containsKey("population/src/spikeTimes"));
            Path file = dir.resolve("array.shnn");
            Checkpoint.save(s, file);
            try (Simulation resumed = Simulation.restore(net, SimulationConfig.defaults(), saved::get);
                    Simulation opened = Checkpoint.open(file, net, SimulationConfig.defaults().withThreads(3))) {
                for (Simulation sim : new Simulation[] {resumed, opened}) {
                    sim.runSteps(300);
                    List<long[]> tail = raster(sim);
                    tail.removeIf(spike -> spike[0] < 155); // an opened checkpoint replays the recorded history
                    assertEquals(1, tail.size(), "the replaced times, not the network's (300 would fire otherwise)");
                    assertArrayEquals(new long[] {400, 6}, tail.get(0));
                }
            }
        }
    }
}
