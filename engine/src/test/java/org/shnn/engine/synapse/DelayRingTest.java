package org.shnn.engine.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

class DelayRingTest {

    @Test
    void addsReadsAndClearsPerReceptorAndSlot() {
        try (Arena a = Arena.ofConfined()) {
            DelayRing ring = DelayRing.allocate(a, 2, 4, 20);
            assertEquals(3, ring.slotOf(7));
            ring.add(1, 3, 19, 0.5f);
            ring.add(1, 3, 19, 0.25f);
            ring.add(0, 3, 19, 2f);
            assertEquals(0.75f, ring.get(1, 3, 19));
            assertEquals(2f, ring.get(0, 3, 19));
            assertEquals(0f, ring.get(1, 2, 19));
            assertEquals(0.75f, ring.row(1, 3).get(java.lang.foreign.ValueLayout.JAVA_FLOAT, 19 * 4));
            ring.clear(1, 3, 10, 20);
            assertEquals(0f, ring.get(1, 3, 19));
            assertEquals(2f, ring.get(0, 3, 19));
            assertEquals(0, ring.row(1, 1).address() % 64, "slot rows are cache-line aligned");
        }
    }

    @Test
    void wrapChecksSize() {
        try (Arena a = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> DelayRing.wrap(a.allocate(64), 2, 4, 20));
        }
    }
}
