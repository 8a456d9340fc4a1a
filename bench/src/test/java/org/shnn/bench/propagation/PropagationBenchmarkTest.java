package org.shnn.bench.propagation;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the fixture (density, order, weight range, spike sets) and that every propagation contender
 * computes the same buffer, equal to the per-target sums taken directly from the synapse list.
 */
class PropagationBenchmarkTest {

    @Test
    void fixtureHasRequestedDensityOrderAndWeights() {
        SynapseFixture f = new SynapseFixture(1000, 0.1, PropagationBenchmark.MATRIX_SEED);
        int n = f.synapseCount();
        // binomial(10^6, 0.1): sd 300, so 5 sd = 1500
        assertTrue(Math.abs(n - 100_000) < 1500, "seed " + PropagationBenchmark.MATRIX_SEED + ": " + n + " synapses");
        for (int k = 0; k < n; k++) {
            assertTrue(f.weights()[k] > 0f && f.weights()[k] <= 1f, "weight " + k + " = " + f.weights()[k]);
            if (k > 0) {
                boolean ordered = f.sources()[k] > f.sources()[k - 1]
                        || (f.sources()[k] == f.sources()[k - 1] && f.targets()[k] > f.targets()[k - 1]);
                assertTrue(ordered, "synapse " + k + " out of (source, target) order");
            }
        }
        SynapseFixture again = new SynapseFixture(1000, 0.1, PropagationBenchmark.MATRIX_SEED);
        assertArrayEquals(f.targets(), again.targets());
        assertArrayEquals(f.weights(), again.weights());
    }

    @Test
    void spikeSetsAreSortedDistinctAndInRange() {
        SynapseFixture f = new SynapseFixture(50, 0.5, 7L);
        int[][] sets = f.spikeSets(20, 4, 9L);
        assertEquals(4, sets.length);
        for (int[] set : sets) {
            assertEquals(20, set.length);
            for (int i = 0; i < set.length; i++) {
                assertTrue(set[i] >= 0 && set[i] < 50, "source " + set[i]);
                assertTrue(i == 0 || set[i] > set[i - 1], "set not strictly ascending at " + i);
            }
        }
        assertEquals(50, f.spikeSets(50, 1, 1L)[0].length);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SynapseFixture(0, 0.1, 1L));
        assertThrows(IllegalArgumentException.class, () -> new SynapseFixture(10, 0, 1L));
        assertThrows(IllegalArgumentException.class, () -> new SynapseFixture(10, 1.5, 1L));
        SynapseFixture f = new SynapseFixture(10, 0.5, 1L);
        assertThrows(IllegalArgumentException.class, () -> f.spikeSets(11, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> f.spikeSets(5, 0, 1L));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 50, 200, 1000})
    void contendersAgreeWithDirectSums(int spikes) {
        PropagationBenchmark b = new PropagationBenchmark();
        b.spikes = spikes;
        b.setUp(); // throws unless all five contenders give bit-identical buffers on every set
        try {
            SynapseFixture f = new SynapseFixture(PropagationBenchmark.N, PropagationBenchmark.DENSITY,
                    PropagationBenchmark.MATRIX_SEED);
            int[][] sets = f.spikeSets(spikes, PropagationBenchmark.SETS, PropagationBenchmark.SPIKE_SEED);
            for (int k = 0; k < sets.length; k++) {
                boolean[] fired = new boolean[PropagationBenchmark.N];
                for (int s : sets[k]) {
                    fired[s] = true;
                }
                double[] want = new double[PropagationBenchmark.N];
                for (int i = 0; i < f.synapseCount(); i++) {
                    if (fired[f.sources()[i]]) {
                        want[f.targets()[i]] += f.weights()[i];
                    }
                }
                float[] got = b.shnnCsr().toArray(JAVA_FLOAT);
                for (int j = 0; j < want.length; j++) {
                    assertEquals(want[j], got[j], 1e-4 * (1 + want[j]), "spikes " + spikes + ", set " + k + ", target " + j);
                }
            }
        } finally {
            b.tearDown();
        }
    }
}
