package org.shnn.layouts.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DelayRingLayoutTest {

    @Test
    void slotRowsAreCacheLineAligned() {
        assertEquals(16, DelayRingLayout.stride(1));
        assertEquals(4000, DelayRingLayout.stride(4000));
        assertEquals(4016, DelayRingLayout.stride(4001));
        long size = DelayRingLayout.ring(2, 3, 17).byteSize();
        assertEquals(2 * 3 * 32 * 4, size);
        assertEquals((1L * 3 + 2) * 32 * 4, DelayRingLayout.rowOffset(1, 2, 3, 17));
        assertEquals(0, DelayRingLayout.rowOffset(1, 2, 3, 17) % 64);
    }

    @Test
    void rejectsDegenerateRings() {
        assertThrows(IllegalArgumentException.class, () -> DelayRingLayout.ring(0, 3, 10));
        assertThrows(IllegalArgumentException.class, () -> DelayRingLayout.ring(1, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> DelayRingLayout.stride(-1));
    }
}
