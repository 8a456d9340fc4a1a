package org.shnn.engine.plasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.LifCubaModel;
import org.shnn.engine.neuron.LifCubaParams;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/** STDP inside the loop changes a synapse by the pair window of the recorded pre and post spike steps. */
class PlasticProjectionWindowTest {

    private static final double DT = 0.1;

    /** Pre fires at {@code preStep}; a strong driver makes post fire shortly after {@code driveStep}. */
    static double[] pairing(long preStep, long driveStep) {
        NetworkBuilder b = new NetworkBuilder("window", DT, 1);
        Population pre = b.generator("pre", new SpikeTimesGenerator(new long[] {preStep}, new int[] {0}), 1);
        Population drive = b.generator("drive", new SpikeTimesGenerator(new long[] {driveStep}, new int[] {0}), 1);
        Population post = b.population("post", new LifCubaModel(LifCubaParams.defaults(), DT), 1);
        b.connect(pre, post, 0, Connectivity.allToAll(), WeightRule.uniform(0.5, 0.5), DelayRule.constant(1));
        b.connect(drive, post, 0, Connectivity.allToAll(), WeightRule.constant(4000), DelayRule.constant(1));
        try (Arena arena = Arena.ofShared(); Simulation sim = Simulation.create(b.build(), SimulationConfig.defaults())) {
            PlasticProjection.attach(sim, 0, new PairStdp(StdpParams.defaults(), DT), arena);
            sim.runSteps(Math.max(preStep, driveStep) + 50);
            SpikeRecorder r = sim.spikes();
            long postStep = -1;
            int postId = post.firstId();
            for (long i = 0; i < r.count(); i++) {
                if (r.neuron(i) == postId) {
                    assertEquals(-1, postStep, "post fires once");
                    postStep = r.step(i);
                }
            }
            assertTrue(postStep > driveStep, "post fired after the drive: " + postStep);
            return new double[] {(postStep - preStep) * DT, sim.synapses(0).weight(0) - 0.5};
        }
    }

    @Test
    void potentiationAndDepressionFollowTheRecordedSpikeTimes() {
        StdpParams p = StdpParams.defaults();
        double[] ltp = pairing(100, 300);
        assertEquals(p.aPlus() * Math.exp(-ltp[0] / p.tauPlusMs()), ltp[1], 1e-7, "Delta t = " + ltp[0] + " ms");
        double[] ltd = pairing(400, 100);
        assertTrue(ltd[0] < 0);
        assertEquals(-p.aMinus() * Math.exp(ltd[0] / p.tauMinusMs()), ltd[1], 1e-7, "Delta t = " + ltd[0] + " ms");
    }
}
