package org.shnn.engine.plasticity;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.hyper.Coincidence;
import org.shnn.engine.hyper.HyperedgeProjection;
import org.shnn.engine.hyper.HypergraphBuilder;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.LifCubaModel;
import org.shnn.engine.neuron.LifCubaParams;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * STDP on two projections and hyperedges running inside the multi-threaded loop: weights, spike rasters and
 * hyperedge activations are bit-identical for 1 and 2 threads.
 */
class PlasticSimulationTest {

    private static final long SEED = 4711L;
    private static final double DT = 0.1;

    static Network network() {
        NetworkBuilder b = new NetworkBuilder("plastic", DT, SEED);
        Population in = b.generator("in", PoissonGenerator.uniform(200, 20), 200);
        Population e = b.population("e", new LifCubaModel(LifCubaParams.defaults(), DT), 600);
        b.connect(in, e, 0, new Connectivity.FixedProbability(0.25), new WeightRule.Uniform(150f, 250f),
                new DelayRule.UniformSteps(5, 20));
        b.connect(e, e, 0, new Connectivity.FixedProbability(0.05), new WeightRule.Uniform(5f, 25f),
                new DelayRule.Constant(15), false);
        return b.build();
    }

    record Result(float[] weights0, float[] weights1, byte[] raster, long spikes, long activations) {
    }

    static Result run(int threads, long steps) {
        Network n = network();
        try (Arena arena = Arena.ofShared();
             Simulation sim = Simulation.create(n, SimulationConfig.defaults().withThreads(threads))) {
            HyperedgeProjection hyper = attachAll(sim, arena);
            sim.runSteps(steps / 2);
            sim.runSteps(steps - steps / 2);
            return new Result(weights(sim, 0), weights(sim, 1), sim.rasterSha256(), sim.spikeCount(), hyper.activations());
        }
    }

    /** STDP on both projections and 50 hyperedges from the input to the excitatory population. */
    static HyperedgeProjection attachAll(Simulation sim, Arena arena) {
        {
            PlasticProjection.attach(sim, 0, new PairStdp(StdpParams.defaults().withBounds(0, 300)
                    .with(WeightDependence.MULTIPLICATIVE), DT), arena);
            PlasticProjection.attach(sim, 1, new TripletStdp(TripletParams.visualCortexMinimal(0, 60), DT), arena);
            SplittableRandom r = new SplittableRandom(SEED);
            HypergraphBuilder hb = new HypergraphBuilder(200, 600);
            for (int k = 0; k < 50; k++) {
                int[] src = r.ints(0, 200).distinct().limit(4).toArray();
                int[] tgt = r.ints(0, 600).distinct().limit(20).toArray();
                hb.manyToMany(src, tgt, new Coincidence(2, 3, r.nextInt(1, 15) * DT, 0), 150f);
            }
            return HyperedgeProjection.attach(sim, 0, 1, hb.build(arena, DT), arena);
        }
    }

    @Test
    void aRunResumedFromACheckpointWithTracesIsBitIdentical(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Result straight = run(1, 1000);
        Network n = network();
        java.nio.file.Path file = dir.resolve("resume.shnn");
        try (Arena arena = Arena.ofShared(); Simulation sim = Simulation.create(n, SimulationConfig.defaults())) {
            attachAll(sim, arena);
            sim.runSteps(500);
            Checkpoint.save(sim, file);
        }
        try (Arena arena = Arena.ofShared();
             Simulation sim = Checkpoint.open(file, n, SimulationConfig.defaults().withThreads(2))) {
            attachAll(sim, arena);
            sim.runSteps(500);
            String msg = "resumed at 500 of 1000 steps on 2 threads, seed " + SEED;
            assertArrayEquals(straight.weights0(), weights(sim, 0), msg);
            assertArrayEquals(straight.weights1(), weights(sim, 1), msg);
            assertArrayEquals(straight.raster(), sim.rasterSha256(), msg);
        }
    }

    static float[] weights(Simulation sim, int projection) {
        return sim.synapses(projection).weights().toArray(JAVA_FLOAT);
    }

    @Test
    void plasticWeightsRasterAndHyperedgesAreBitIdenticalForOneAndTwoThreads() {
        Result one = run(1, 2000);
        assertTrue(one.spikes() > 2000, "network should be active: " + one.spikes() + " spikes");
        assertTrue(one.activations() > 10, "hyperedges should fire: " + one.activations());
        float[] initial0;
        float[] initial1;
        try (Simulation fresh = Simulation.create(network(), SimulationConfig.defaults())) {
            initial0 = weights(fresh, 0);
            initial1 = weights(fresh, 1);
        }
        int changed0 = 0;
        for (int i = 0; i < initial0.length; i++) {
            changed0 += Float.compare(initial0[i], one.weights0()[i]) != 0 ? 1 : 0;
        }
        int changed1 = 0;
        for (int i = 0; i < initial1.length; i++) {
            changed1 += Float.compare(initial1[i], one.weights1()[i]) != 0 ? 1 : 0;
        }
        assertTrue(changed0 > initial0.length / 4 && changed1 > initial1.length / 10,
                "STDP should change weights: " + changed0 + " / " + initial0.length + ", " + changed1 + " / " + initial1.length);
        for (int threads = 2; threads <= 2; threads++) {
            Result other = run(threads, 2000);
            String msg = threads + " threads vs 1, seed " + SEED + ", raster " + HexFormat.of().formatHex(one.raster());
            assertArrayEquals(one.weights0(), other.weights0(), msg);
            assertArrayEquals(one.weights1(), other.weights1(), msg);
            assertArrayEquals(one.raster(), other.raster(), msg);
            assertEquals(one.activations(), other.activations(), msg);
        }
    }

    @Test
    void plasticWeightsAreCheckpointedWithTheProjection(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Network n = network();
        java.nio.file.Path file = dir.resolve("plastic.shnn");
        float[] live;
        float[] initial;
        try (Arena arena = Arena.ofShared(); Simulation sim = Simulation.create(n, SimulationConfig.defaults())) {
            initial = weights(sim, 1);
            PlasticProjection.attach(sim, 1, new PairStdp(StdpParams.defaults().withBounds(0, 60), DT), arena);
            sim.runSteps(500);
            live = weights(sim, 1);
            Checkpoint.save(sim, file);
        }
        assertTrue(!java.util.Arrays.equals(initial, live), "STDP changed the E->E weights, seed " + SEED);
        try (Simulation resumed = Checkpoint.open(file, n, SimulationConfig.defaults())) {
            assertArrayEquals(live, weights(resumed, 1), "weights after open, seed " + SEED);
            assertEquals(500, resumed.currentStep());
        }
    }

    @Test
    void constantWeightProjectionsAndMismatchedRulesAreRejected() {
        NetworkBuilder b = new NetworkBuilder("static", DT, SEED);
        Population in = b.generator("in", PoissonGenerator.uniform(10, 5), 10);
        Population e = b.population("e", new LifCubaModel(LifCubaParams.defaults(), DT), 10);
        b.connect(in, e, 0, new Connectivity.AllToAll(), new WeightRule.Constant(1f), new DelayRule.Constant(1));
        try (Arena arena = Arena.ofConfined(); Simulation sim = Simulation.create(b.build(), SimulationConfig.defaults())) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> PlasticProjection.attach(sim, 0, new PairStdp(StdpParams.defaults(), DT), arena));
            assertTrue(ex.getMessage().contains("constant weight"), ex.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> PlasticProjection.attach(sim, 0, new PairStdp(StdpParams.defaults(), 0.05), arena));
        }
    }
}
