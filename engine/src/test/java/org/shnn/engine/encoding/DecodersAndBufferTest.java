package org.shnn.engine.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodersAndBufferTest {

    @Test
    void rateDecoderCountsOnlyInsideTheHalfOpenWindow() {
        RateDecoder dec = new RateDecoder(2, 10, 20, 0.5);
        dec.spike(9, 0);
        dec.spike(10, 0);
        dec.spike(19, 0);
        dec.spike(20, 0);
        dec.spike(15, 1);
        assertEquals(2, dec.count(0));
        assertEquals(2 * 1000.0 / 5, dec.rateHz(0), 1e-12);
        assertEquals(1, dec.count(1));
        dec.clear();
        assertEquals(0, dec.count(0));
        assertThrows(IndexOutOfBoundsException.class, () -> dec.spike(12, 2));
        assertThrows(IllegalArgumentException.class, () -> new RateDecoder(1, 5, 5, 0.1));
    }

    @Test
    void firstSpikeDecoderKeepsTheEarliestAndOrdersByIt() {
        FirstSpikeDecoder dec = new FirstSpikeDecoder(4, 100, 0.1);
        dec.spike(130, 2);
        dec.spike(99, 1);
        dec.spike(120, 2);
        dec.spike(120, 0);
        assertEquals(2.0, dec.latencyMs(0), 1e-12);
        assertEquals(120, dec.firstStep(2));
        assertTrue(Double.isNaN(dec.latencyMs(1)));
        assertArrayEquals(new int[] {0, 2}, dec.rankOrder());
    }

    @Test
    void phaseDecoderAveragesCircularly() {
        PhaseDecoder dec = new PhaseDecoder(1, 10, 1, 0); // 100 steps per cycle
        dec.spike(98, 0); // phase -0.02 cycles
        dec.spike(102, 0); // +0.02 cycles
        assertEquals(0, Math.min(dec.phase(0), 2 * Math.PI - dec.phase(0)), 1e-12);
        PhaseDecoder d2 = new PhaseDecoder(1, 10, 1, 0);
        d2.spike(25, 0);
        d2.spike(325, 0);
        assertEquals(Math.PI / 2, d2.phase(0), 1e-12);
    }

    @Test
    void bufferStoresSpikeRecordsOffHeapAndReplaysThem() {
        try (Arena arena = Arena.ofConfined()) {
            SpikeTrainBuffer buf = SpikeTrainBuffer.allocate(arena, 3);
            new RankOrderEncoder(0, 1, 1).encode(new double[] {1, 3, 2}, 7, buf);
            assertEquals(3, buf.size());
            assertEquals(48, buf.segment().byteSize());
            assertEquals(7, buf.step(0));
            assertEquals(1, buf.neuron(0));
            List<String> seen = new ArrayList<>();
            buf.forEach((s, n) -> seen.add(s + ":" + n));
            assertEquals(List.of("7:1", "8:2", "9:0"), seen);
            assertThrows(IllegalStateException.class, () -> buf.spike(10, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> buf.step(3));
            buf.clear();
            assertEquals(0, buf.size());
            assertThrows(IllegalArgumentException.class, () -> SpikeTrainBuffer.allocate(arena, 0));
        }
    }

    @Test
    void valueRangeClampsAndRejectsNaN() {
        ValueRange r = new ValueRange(2, 4);
        assertEquals(0.5, r.normalize(3), 0);
        assertEquals(0, r.normalize(-7), 0);
        assertEquals(1, r.normalize(9), 0);
        assertEquals(3, r.denormalize(0.5), 0);
        assertThrows(IllegalArgumentException.class, () -> r.normalize(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ValueRange(1, 1));
    }
}
