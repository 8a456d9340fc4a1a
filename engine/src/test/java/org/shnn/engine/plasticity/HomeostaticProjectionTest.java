package org.shnn.engine.plasticity;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
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

/** Homeostatic scaling inside the loop pulls an over-driven population towards 5 Hz, identically on 1 and 2 threads. */
class HomeostaticProjectionTest {

    private static final long SEED = 515L;
    private static final double DT = 0.1;

    static Network network() {
        NetworkBuilder b = new NetworkBuilder("homeostasis", DT, SEED);
        Population in = b.generator("in", PoissonGenerator.uniform(20, 20), 20);
        Population e = b.population("e", new LifCubaModel(LifCubaParams.defaults(), DT), 64);
        b.connect(in, e, 0, new Connectivity.AllToAll(), new WeightRule.Uniform(700f, 900f), new DelayRule.Constant(10));
        return b.build();
    }

    /** Returns {rate over the first window, rate over the last three windows (Hz)} and the final weights. */
    static Object[] run(int threads, int windows) {
        HomeostaticScaling h = new HomeostaticScaling(new HomeostasisParams(5, 1000, 0.1, 0.5, 1.25, 0, 100_000), DT);
        try (Arena arena = Arena.ofShared();
             Simulation sim = Simulation.create(network(), SimulationConfig.defaults().withThreads(threads).withRecordSpikes(false))) {
            HomeostaticProjection.attach(sim, 0, h, arena);
            long[] counts = new long[windows];
            for (int w = 0; w < counts.length; w++) {
                long before = sim.populationSpikeCounts()[1];
                sim.runSteps(h.windowSteps());
                counts[w] = sim.populationSpikeCounts()[1] - before;
            }
            double first = counts[0] / 64.0;
            double last = (counts[windows - 3] + counts[windows - 2] + counts[windows - 1]) / (3 * 64.0);
            return new Object[] {first, last, sim.synapses(0).weights().toArray(JAVA_FLOAT)};
        }
    }

    @Test
    void rateMovesToTheTargetAndWeightsAreIdenticalOnOneAndTwoThreads() {
        Object[] one = run(1, 20);
        double first = (double) one[0];
        double last = (double) one[1];
        assertTrue(first > 15, "starts well above 5 Hz: " + first + " Hz, seed " + SEED);
        assertTrue(Math.abs(last - 5) < 0.3 * Math.abs(first - 5), "first " + first + " Hz, last " + last + " Hz, seed " + SEED);
        Object[] shortOne = run(1, 3);
        Object[] shortTwo = run(2, 3);
        assertArrayEquals((float[]) shortOne[2], (float[]) shortTwo[2], "weights after 3 windows, 2 threads vs 1, seed " + SEED);
    }
}
