package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;

/**
 * {@link SimulationConfig#withThreadsUpTo}: a network whose phases hold too little work runs on fewer threads
 * than allowed, a large one on as many as allowed, an exact count is kept whatever the size, and the raster
 * is the same either way.
 */
class ThreadChoiceTest {

    private static final SimulationConfig UP_TO_2 = SimulationConfig.defaults().withThreadsUpTo(2);

    @Test
    void threadsFollowTheWorkPerPhase() {
        long w = Simulation.MIN_WORK_PER_THREAD;
        assertEquals(1, StepLoop.threadsFor(UP_TO_2, 4_000, 1), "COBA 4k: one step per phase");
        assertEquals(1, StepLoop.threadsFor(UP_TO_2, 2 * w - 1, 1), "just under two threads' share");
        assertEquals(2, StepLoop.threadsFor(UP_TO_2, 2 * w, 1), "two full shares");
        assertEquals(2, StepLoop.threadsFor(UP_TO_2, 12_500, 15), "Brunel: 15 steps per phase");
        assertEquals(2, StepLoop.threadsFor(UP_TO_2, 1_000_000, 1), "never more than allowed");
        assertEquals(3, StepLoop.threadsFor(SimulationConfig.defaults().withThreadsUpTo(8), 3 * w + 1, 1));
        assertEquals(1, StepLoop.threadsFor(UP_TO_2, 0, 1), "an empty network still has one thread");
        assertEquals(2, StepLoop.threadsFor(SimulationConfig.defaults().withThreads(2), 100, 1), "exact count kept");
        assertTrue(UP_TO_2.withSeed(7).withRecordSpikes(true).threadsUpTo(), "the other withers keep the ceiling");
        assertEquals(false, UP_TO_2.withThreads(2).threadsUpTo());
    }

    @Test
    void smallNetworkRunsOnOneThreadWithTheSameRaster() {
        Network n = BuiltinNetworks.coba(1_000, 99L);
        byte[] up;
        try (Simulation s = Simulation.create(n, UP_TO_2)) {
            assertEquals(1, s.threads());
            s.runSteps(500);
            assertTrue(s.spikeCount() > 100, "network should be active: " + s.spikeCount());
            up = s.rasterSha256();
        }
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            assertEquals(2, s.threads());
            s.runSteps(500);
            assertArrayEquals(up, s.rasterSha256());
        }
    }
}
