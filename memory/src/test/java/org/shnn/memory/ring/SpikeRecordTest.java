package org.shnn.memory.ring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpikeRecordTest {

    @Test
    void layoutIsSixteenBytesWithNamedFields() {
        assertEquals(16, SpikeRecord.SIZE);
        assertEquals(0, SpikeRecord.LAYOUT.byteOffset(groupElement("timeStep")));
        assertEquals(8, SpikeRecord.LAYOUT.byteOffset(groupElement("neuronId")));
        assertEquals(12, SpikeRecord.LAYOUT.byteOffset(groupElement("spare")));
    }

    @Test
    void writeThenReadRoundTripsRandomValues() {
        long seed = RingTestSupport.SEED;
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(64 * SpikeRecord.SIZE, 8);
            long[] steps = new long[64];
            int[] ids = new int[64];
            int[] spares = new int[64];
            for (int i = 0; i < 64; i++) {
                steps[i] = random.nextLong();
                ids[i] = random.nextInt();
                spares[i] = random.nextInt();
                SpikeRecord.write(segment, (long) i * SpikeRecord.SIZE, steps[i], ids[i], spares[i]);
            }
            for (int i = 0; i < 64; i++) {
                long offset = (long) i * SpikeRecord.SIZE;
                assertEquals(steps[i], SpikeRecord.timeStep(segment, offset), "seed " + seed);
                assertEquals(ids[i], SpikeRecord.neuronId(segment, offset), "seed " + seed);
                assertEquals(spares[i], SpikeRecord.spare(segment, offset), "seed " + seed);
            }
            SpikeRecord.write(segment, 0, 7, 9);
            assertEquals(0, SpikeRecord.spare(segment, 0), "the short write clears spare");
        }
    }
}
