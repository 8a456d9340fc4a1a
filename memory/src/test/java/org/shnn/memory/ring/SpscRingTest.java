package org.shnn.memory.ring;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.shnn.memory.ring.RingTestSupport.offerSpike;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpscRingTest extends RecordRingContract {

    @Override
    RecordRing create(Arena arena, int capacity, int recordSize) {
        return RingTestSupport.spsc(arena, capacity, recordSize);
    }

    @Override
    RecordRing wrap(MemorySegment segment) {
        return SpscRing.wrap(segment);
    }

    @Test
    void commitMustMatchTheOutstandingClaim() {
        try (Arena arena = Arena.ofConfined()) {
            SpscRing ring = RingTestSupport.spsc(arena, 8, SpikeRecord.SIZE);
            long position = ring.tryClaim(4);
            assertMessage(assertThrows(IllegalStateException.class, () -> ring.commit(position + 1, 1)),
                    "position 1", "tail 0");
            ring.commit(position, 4);
            assertMessage(assertThrows(IllegalStateException.class, () -> ring.commit(position, 1)),
                    "position 0", "tail 4");
        }
    }

    @Test
    void aSecondClaimBeforeCommitReplacesTheFirst() {
        try (Arena arena = Arena.ofConfined()) {
            SpscRing ring = RingTestSupport.spsc(arena, 8, SpikeRecord.SIZE);
            assertEquals(0, ring.tryClaim(6));
            assertEquals(0, ring.tryClaim(3), "one producer: the claim reserves nothing shared");
            ring.commit(0, 3);
            assertEquals(3, ring.size());
            assertEquals(RecordRing.NO_CAPACITY, ring.tryClaim(6), "5 slots are left");
        }
    }

    @Test
    void commitCannotPassTheRoomTheConsumerFreed() {
        try (Arena arena = Arena.ofConfined()) {
            SpscRing ring = RingTestSupport.spsc(arena, 4, SpikeRecord.SIZE);
            for (int i = 0; i < 3; i++) {
                assertTrue(offerSpike(ring, i, i));
            }
            long position = ring.tryClaim(1);
            assertMessage(assertThrows(IllegalStateException.class, () -> ring.commit(position, 2)),
                    "commit of 2 records at position 3", "ends at position 4");
            ring.commit(position, 1);
            assertEquals(4, ring.size());
        }
    }

    @Test
    void theConsumerReadsOnlyTheRunWordsItNeedsAndNeverTheTail() {
        try (Arena arena = Arena.ofConfined()) {
            SpscRing ring = RingTestSupport.spsc(arena, 8, SpikeRecord.SIZE);
            MemorySegment header = ring.segment();
            for (int i = 0; i < 4; i++) {
                assertTrue(offerSpike(ring, i, i)); // four runs of one record
            }
            header.set(JAVA_LONG, RingDescriptor.TAIL_OFFSET, 0L); // hide the tail: the consumer must not need it
            assertTrue(ring.poll((s, o) -> { }));
            assertEquals(1L, header.get(JAVA_LONG, RingDescriptor.TAIL_CACHE_OFFSET),
                    "one record wanted: one run word read");
            List<Long> steps = new ArrayList<>();
            assertEquals(3, ring.drain((s, o) -> steps.add(SpikeRecord.timeStep(s, o)), 8));
            assertEquals(List.of(1L, 2L, 3L), steps, "found through the words of positions 1, 2 and 3");
            assertEquals(4L, header.get(JAVA_LONG, RingDescriptor.TAIL_CACHE_OFFSET));
            header.set(JAVA_LONG, RingDescriptor.TAIL_OFFSET, 4L);
            long position = ring.tryClaim(3);
            for (int i = 0; i < 3; i++) {
                SpikeRecord.write(header, ring.recordOffset(position + i), 10 + i, i);
            }
            ring.commit(position, 3); // one run: one word, in the cache line of position 4's record
            assertEquals(ring.recordOffset(position) - Long.BYTES, wordOffsetOf(ring, position));
            assertEquals(7L, header.get(JAVA_LONG, wordOffsetOf(ring, position)));
            assertEquals(4L, header.get(JAVA_LONG, RingDescriptor.TAIL_CACHE_OFFSET),
                    "the producer never writes the consumer's cache");
            assertEquals(1, ring.drain((s, o) -> { }, 1));
            assertEquals(7L, header.get(JAVA_LONG, RingDescriptor.TAIL_CACHE_OFFSET), "the whole run is known");
            assertEquals(2, ring.drain((s, o) -> { }, 8), "the rest of the run, without another word");
        }
    }

    private static long wordOffsetOf(SpscRing ring, long position) {
        return ring.commitWordOffset(position);
    }
}
