package org.shnn.memory.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MpscRingTest extends RecordRingContract {

    @Override
    RecordRing create(Arena arena, int capacity, int recordSize) {
        return RingTestSupport.mpsc(arena, capacity, recordSize);
    }

    @Override
    RecordRing wrap(MemorySegment segment) {
        return MpscRing.wrap(segment);
    }

    @Test
    void aLaterCommitWaitsForTheEarlierClaim() {
        try (Arena arena = Arena.ofConfined()) {
            MpscRing ring = RingTestSupport.mpsc(arena, 8, SpikeRecord.SIZE);
            long first = ring.tryClaim(2);
            long second = ring.tryClaim(1);
            assertEquals(0, first);
            assertEquals(2, second);
            SpikeRecord.write(ring.segment(), ring.recordOffset(second), 30, 3);
            ring.commit(second, 1);
            assertFalse(ring.poll((s, o) -> { }), "position 0 is claimed but not committed");
            assertEquals(3, ring.size(), "claimed records count in the size");
            SpikeRecord.write(ring.segment(), ring.recordOffset(first), 10, 1);
            SpikeRecord.write(ring.segment(), ring.recordOffset(first + 1), 20, 2);
            ring.commit(first, 1);
            List<Long> steps = new ArrayList<>();
            assertEquals(1, ring.drain((s, o) -> steps.add(SpikeRecord.timeStep(s, o)), 8),
                    "only position 0 is committed in a row");
            ring.commit(first + 1, 1);
            assertEquals(2, ring.drain((s, o) -> steps.add(SpikeRecord.timeStep(s, o)), 8));
            assertEquals(List.of(10L, 20L, 30L), steps);
        }
    }

    @Test
    void commitWordsFromAnEarlierLapAreNotMistakenForCommits() {
        try (Arena arena = Arena.ofConfined()) {
            MpscRing ring = RingTestSupport.mpsc(arena, 4, SpikeRecord.SIZE);
            for (int lap = 0; lap < 3; lap++) {
                for (int i = 0; i < 4; i++) {
                    assertTrue(RingTestSupport.offerSpike(ring, lap * 4L + i, i));
                }
                assertEquals(RecordRing.NO_CAPACITY, ring.tryClaim(1), "full on lap " + lap);
                assertEquals(4, ring.drain((s, o) -> { }, 8));
            }
            long position = ring.tryClaim(1);
            assertEquals(12, position);
            assertFalse(ring.poll((s, o) -> { }), "slot 0 still holds lap 2's commit word 9");
            ring.commit(position, 1);
            assertTrue(ring.poll((s, o) -> { }));
        }
    }

    @Test
    void aDrainThatStopsInsideARunResumesThereWithoutReadingAWord() {
        try (Arena arena = Arena.ofConfined()) {
            MpscRing ring = RingTestSupport.mpsc(arena, 8, SpikeRecord.SIZE);
            long position = ring.tryClaim(5);
            for (int i = 0; i < 5; i++) {
                SpikeRecord.write(ring.segment(), ring.recordOffset(position + i), 10 + i, i);
            }
            ring.commit(position, 5); // one run: only the word of position 0 is written
            List<Long> steps = new ArrayList<>();
            RecordHandler collect = (s, o) -> steps.add(SpikeRecord.timeStep(s, o));
            assertEquals(2, ring.drain(collect, 2));
            MemorySegment batch = arena.allocate(2L * SpikeRecord.SIZE, 8);
            assertEquals(2, ring.drain(batch, 0, 2), "positions 2 and 3 lie inside the run");
            steps.add(SpikeRecord.timeStep(batch, 0));
            steps.add(SpikeRecord.timeStep(batch, SpikeRecord.SIZE));
            assertTrue(ring.poll(collect));
            assertFalse(ring.poll(collect), "the run is used up; position 5 is not claimed");
            assertEquals(List.of(10L, 11L, 12L, 13L, 14L), steps);
        }
    }

    @Test
    void piecesOfAClaimCommittedOutOfOrderAreReleasedInOrder() {
        try (Arena arena = Arena.ofConfined()) {
            MpscRing ring = RingTestSupport.mpsc(arena, 8, SpikeRecord.SIZE);
            long position = ring.tryClaim(5);
            for (int i = 0; i < 5; i++) {
                SpikeRecord.write(ring.segment(), ring.recordOffset(position + i), i, i);
            }
            ring.commit(position + 2, 3);
            assertEquals(0, ring.drain((s, o) -> { }, 8), "the first piece is not committed");
            ring.commit(position, 2);
            List<Long> steps = new ArrayList<>();
            assertEquals(5, ring.drain((s, o) -> steps.add(SpikeRecord.timeStep(s, o)), 8));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), steps);
        }
    }

    @Test
    void aCommitWordClaimingMoreThanTheCapacityIsReportedNotFollowed() {
        try (Arena arena = Arena.ofConfined()) {
            MpscRing ring = RingTestSupport.mpsc(arena, 8, SpikeRecord.SIZE);
            long wordOffset = RingDescriptor.commitWordsOffset(8, SpikeRecord.SIZE);
            ring.segment().set(ValueLayout.JAVA_LONG, wordOffset, 9L);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ring.drain((s, o) -> { }, 8));
            assertTrue(e.getMessage().contains("position 0") && e.getMessage().contains("ends at 9")
                    && e.getMessage().contains("capacity 8"), e.getMessage());
        }
    }

    @Test
    void claimsReserveSoTheNextProducerGetsTheFollowingPositions() {
        try (Arena arena = Arena.ofConfined()) {
            MpscRing ring = RingTestSupport.mpsc(arena, 8, SpikeRecord.SIZE);
            assertEquals(0, ring.tryClaim(6));
            assertEquals(RecordRing.NO_CAPACITY, ring.tryClaim(3), "only 2 slots are left");
            assertEquals(6, ring.tryClaim(2));
            assertEquals(8, ring.size());
        }
    }

    @Test
    void commitRejectsANegativePosition() {
        try (Arena arena = Arena.ofConfined()) {
            MpscRing ring = RingTestSupport.mpsc(arena, 4, SpikeRecord.SIZE);
            assertIae(() -> ring.commit(-1, 1), "commit position -1", ">= 0");
        }
    }
}
