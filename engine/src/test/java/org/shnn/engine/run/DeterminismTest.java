package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.InitialValue;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.LifDeltaModel;
import org.shnn.engine.neuron.LifDeltaParams;

/**
 * The same seed gives a bit-identical spike raster for 1, 2, 3 and 4 threads and for repeated runs;
 * different seeds differ. COBA for 200 ms (2000 steps); a small Brunel network exercises Poisson
 * input and fixed in-degree generation the same way; a network with per-synapse delays exercises phases of
 * several steps (threads exchange spikes once per shortest delay) against one thread's step-by-step run.
 */
class DeterminismTest {

    private static final long SEED = 12345L;

    private static byte[] raster(Network n, int threads, long steps) {
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(threads))) {
            s.runSteps(steps / 2);
            s.runSteps(steps - steps / 2); // split runs must not change anything either
            assertTrue(s.spikeCount() > 1000, "network should be active: " + s.spikeCount() + " spikes");
            return s.rasterSha256();
        }
    }

    @Test
    void cobaRasterIsIdenticalForOneToFourThreads() {
        Network n = BuiltinNetworks.coba(4000, SEED);
        byte[] reference = raster(n, 1, 2000);
        for (int t = 2; t <= 4; t++) {
            assertArrayEquals(reference, raster(n, t, 2000), "threads " + t + " vs 1, seed " + SEED + ", reference "
                    + HexFormat.of().formatHex(reference));
        }
        assertArrayEquals(reference, raster(n, 1, 2000), "second run with the same seed " + SEED);
        assertFalse(Arrays.equals(reference, raster(n.withSeed(SEED + 1), 1, 2000)), "seeds " + SEED + " and " + (SEED + 1));
        try (Simulation s = Simulation.create(n.withSeed(SEED + 1), SimulationConfig.defaults().withSeed(SEED).withDt(0.1))) {
            s.runSteps(2000);
            assertArrayEquals(reference, s.rasterSha256(), "config seed overrides the network's");
            assertEquals(SEED, s.network().seed());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Simulation.create(n, SimulationConfig.defaults().withDt(0.05)), "dt mismatch");
    }

    @Test
    void brunelWithPoissonInputIsIdenticalAcrossThreads() {
        Network n = BuiltinNetworks.brunel(1000, SEED, BrunelRegime.AI);
        byte[] reference = raster(n, 1, 500);
        assertArrayEquals(reference, raster(n, 3, 500), "threads 3 vs 1, seed " + SEED);
    }

    @Test
    void varyingDelaysExchangeOncePerShortestDelayWithIdenticalRasters() {
        double dt = 0.1;
        LifDeltaParams p = LifDeltaParams.brunel2000();
        LifDeltaModel model = new LifDeltaModel(p, dt);
        NetworkBuilder b = new NetworkBuilder("varying-delays", dt, SEED);
        Population exc = b.population("exc", model, 800);
        Population inh = b.population("inh", model, 200);
        for (Population target : new Population[] {exc, inh}) {
            b.initialize(target, "v", new InitialValue.Uniform(p.eL(), p.vTh()));
            b.connect(exc, target, 0, Connectivity.fixedInDegree(80), WeightRule.constant(0.1), DelayRule.uniformSteps(3, 20));
            b.connect(inh, target, 1, Connectivity.fixedInDegree(20), WeightRule.constant(-0.5), DelayRule.uniformSteps(4, 12));
            b.poissonInput(target, 0, 80, 250, 0.1);
        }
        Network n = b.build();
        byte[] reference = raster(n, 1, 1000);
        for (int t = 2; t <= 4; t++) {
            assertArrayEquals(reference, raster(n, t, 1000), "threads " + t + " vs 1, seed " + SEED);
        }
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(3))) {
            assertEquals(3, s.stepsPerPhase(), "the shortest delay, 3 steps");
            s.addHook(context -> { });
            assertEquals(1, s.stepsPerPhase(), "with a hook, every step");
        }
    }

    /**
     * Generators firing in most steps with a 10-step delay: a range emits several times as many spikes per
     * phase as it has neurons, so the spike exchange grows its buffers inside the run.
     */
    @Test
    void busyPhasesGrowTheExchangeWithIdenticalRasters() {
        double dt = 0.1;
        LifDeltaParams p = LifDeltaParams.brunel2000();
        LifDeltaModel model = new LifDeltaModel(p, dt);
        NetworkBuilder b = new NetworkBuilder("busy-phases", dt, SEED);
        Population drive = b.generator("drive", PoissonGenerator.uniform(600, 8000), 600);
        Population cells = b.population("cells", model, 400);
        b.initialize(cells, "v", new InitialValue.Uniform(p.eL(), p.vTh()));
        b.connect(drive, cells, 0, Connectivity.fixedInDegree(20), WeightRule.constant(0.02), DelayRule.constant(10));
        b.connect(cells, cells, 1, Connectivity.fixedInDegree(20), WeightRule.constant(-0.1), DelayRule.constant(12));
        Network n = b.build();
        byte[] reference = raster(n, 1, 400);
        for (int t = 2; t <= 3; t++) {
            assertArrayEquals(reference, raster(n, t, 400), "threads " + t + " vs 1, seed " + SEED);
        }
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            assertEquals(10, s.stepsPerPhase(), "the shortest delay, 10 steps");
        }
    }
}
