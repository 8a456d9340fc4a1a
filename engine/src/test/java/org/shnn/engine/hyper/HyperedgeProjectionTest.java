package org.shnn.engine.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.shnn.engine.input.SpikeTimesGenerator;
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

/** A hyperedge inside the simulation loop delivers into the target's synaptic current exactly at step t + delay. */
class HyperedgeProjectionTest {

    private static final double DT = 0.1;

    static Network network(long[] steps, int[] neurons) {
        NetworkBuilder b = new NetworkBuilder("hyper", DT, 1);
        Population in = b.generator("in", new SpikeTimesGenerator(steps, neurons), 3);
        Population out = b.population("out", new LifCubaModel(LifCubaParams.defaults(), DT), 40);
        // a silent projection only to make the delay rings 20 steps deep
        b.connect(in, out, 0, new Connectivity.AllToAll(), new WeightRule.Constant(0f), new DelayRule.Constant(20));
        return b.build();
    }

    @Test
    void coincidenceOfTwoSourcesArrivesAfterTheDelayOnEveryThreadCount() {
        for (int threads = 1; threads <= 2; threads++) {
            try (Arena arena = Arena.ofShared();
                 Simulation sim = Simulation.create(network(new long[] {10, 15}, new int[] {0, 2}),
                         SimulationConfig.defaults().withThreads(threads))) {
                HypergraphBuilder hb = new HypergraphBuilder(3, 40);
                hb.manyToMany(new int[] {0, 2}, new int[] {3, 35}, new Coincidence(2, 0.5, 1.0, 0), 100f); // W 5, delay 10
                hb.manyToOne(new int[] {0, 1}, 7, new Coincidence(2, 0.5, 1.0, 0), 100f); // source 1 never fires
                HyperedgeProjection hyper = HyperedgeProjection.attach(sim, 0, 1, hb.build(arena, DT), arena);
                sim.runSteps(25); // steps 0..24: activation at 15, arrival at 25 not yet integrated
                assertEquals(0.0, sim.populationState(1).getDouble("i_exc", 3), 0, "threads " + threads);
                sim.runSteps(1);
                assertEquals(100.0, sim.populationState(1).getDouble("i_exc", 3), 1e-9, "threads " + threads);
                assertEquals(100.0, sim.populationState(1).getDouble("i_exc", 35), 1e-9, "threads " + threads);
                assertEquals(0.0, sim.populationState(1).getDouble("i_exc", 7), 0, "threads " + threads);
                assertEquals(1, hyper.activations());
                assertEquals(15, hyper.state(threads - 1).lastActivation(0));
            }
        }
    }

    @Test
    void delaysBeyondTheRingAndMismatchedSpacesAreRejected() {
        try (Arena arena = Arena.ofConfined();
             Simulation sim = Simulation.create(network(new long[] {1}, new int[] {0}), SimulationConfig.defaults())) {
            HypergraphBuilder far = new HypergraphBuilder(3, 40);
            far.oneToMany(0, new int[] {1}, Coincidence.any(2.5), 1f);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> HyperedgeProjection.attach(sim, 0, 1, far.build(arena, DT), arena));
            assertTrue(ex.getMessage().contains("25 steps"), ex.getMessage());
            HypergraphBuilder wrong = new HypergraphBuilder(4, 40);
            wrong.oneToMany(0, new int[] {1}, Coincidence.any(1), 1f);
            assertThrows(IllegalArgumentException.class, () -> HyperedgeProjection.attach(sim, 0, 1, wrong.build(arena, DT), arena));
            HypergraphBuilder receptor = new HypergraphBuilder(3, 40);
            receptor.oneToMany(0, new int[] {1}, new Coincidence(1, 1, 1, 2), 1f);
            assertThrows(IllegalArgumentException.class, () -> HyperedgeProjection.attach(sim, 0, 1, receptor.build(arena, DT), arena));
        }
    }
}
