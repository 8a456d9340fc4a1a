package org.shnn.engine.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InputsTest {

    @Test
    void spikeTimesAreSortedDeduplicatedAndSearchable() {
        SpikeTimesGenerator g = new SpikeTimesGenerator(new long[] {5, 1, 5, 5}, new int[] {3, 2, 1, 3});
        assertArrayEquals(new long[] {1, 5, 5}, g.steps());
        assertArrayEquals(new int[] {2, 1, 3}, g.neurons());
        assertEquals(1, g.lowerBound(5, 0));
        assertEquals(2, g.lowerBound(5, 2));
        assertEquals(3, g.lowerBound(6, 0));
        assertEquals(3, g.maxNeuron());
        SpikeTimesGenerator ms = SpikeTimesGenerator.ofMillis(new double[] {0.26}, new int[] {0}, 0.1);
        assertEquals(3, ms.steps()[0]);
        assertThrows(IllegalArgumentException.class, () -> new SpikeTimesGenerator(new long[] {-1}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new SpikeTimesGenerator(new long[] {1}, new int[0]));
    }

    @Test
    void poissonParametersValidated() {
        assertEquals(0.2, new PoissonInput(0, 0, 100, 20, 1f).meanPerStep(0.1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new PoissonInput(0, 0, 0, 20, 1f));
        assertThrows(IllegalArgumentException.class, () -> new PoissonInput(0, 0, 1, -1, 1f));
        assertThrows(IllegalArgumentException.class, () -> new PoissonGenerator(new double[] {1, Double.NaN}));
        assertEquals(3, PoissonGenerator.uniform(3, 5).ratesHz().length);
    }
}
