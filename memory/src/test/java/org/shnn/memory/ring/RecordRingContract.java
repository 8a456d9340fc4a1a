package org.shnn.memory.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.shnn.memory.ring.RingTestSupport.offerSpike;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Behaviour both rings share; {@link SpscRingTest} and {@link MpscRingTest} run it on their ring. */
abstract class RecordRingContract {

    private static final long NO_CAPACITY = RecordRing.NO_CAPACITY;

    /** Creates a ring of the class under test in {@code arena}. */
    abstract RecordRing create(Arena arena, int capacity, int recordSize);

    /** Wraps an existing ring of the class under test. */
    abstract RecordRing wrap(MemorySegment segment);

    @Test
    void offerThenPollKeepsOrderAndReportsBackPressure() {
        try (Arena arena = Arena.ofConfined()) {
            RecordRing ring = create(arena, 8, SpikeRecord.SIZE);
            for (int i = 0; i < 8; i++) {
                assertTrue(offerSpike(ring, 100 + i, i), "offer " + i + " of 8");
            }
            assertFalse(offerSpike(ring, 999, 999), "a full ring refuses");
            assertEquals(NO_CAPACITY, ring.tryClaim(1));
            assertEquals(8, ring.size());
            List<Long> steps = new ArrayList<>();
            assertEquals(8, ring.drain((s, o) -> steps.add(SpikeRecord.timeStep(s, o)), 100));
            assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L), steps);
            assertFalse(ring.poll((s, o) -> { }), "an empty ring has nothing");
            assertEquals(0, ring.size());
        }
    }

    @Test
    void offerAndPollCopyWholeRecordsThroughSegments() {
        try (Arena arena = Arena.ofConfined()) {
            RecordRing ring = create(arena, 4, 24);
            MemorySegment src = arena.allocate(24, 8);
            MemorySegment dst = arena.allocate(48, 8);
            for (int round = 0; round < 10; round++) {
                src.fill((byte) round);
                assertTrue(ring.offer(src, 0));
                assertTrue(ring.poll(dst, 24));
                assertEquals(-1, src.mismatch(dst.asSlice(24)), "round " + round);
            }
            assertFalse(ring.poll(dst, 0));
        }
    }

    @Test
    void batchClaimAndCommitAcrossTheWrapPoint() {
        try (Arena arena = Arena.ofConfined()) {
            RecordRing ring = create(arena, 8, SpikeRecord.SIZE);
            for (int i = 0; i < 5; i++) {
                assertTrue(offerSpike(ring, i, i));
            }
            assertEquals(5, ring.drain((s, o) -> { }, 5));
            long position = ring.tryClaim(6); // positions 5..10: slots 5, 6, 7, 0, 1, 2
            assertEquals(5, position);
            assertEquals(ring.recordOffset(0), ring.recordOffset(position + 3), "slot 0 after the wrap");
            for (int i = 0; i < 6; i++) {
                SpikeRecord.write(ring.segment(), ring.recordOffset(position + i), 50 + i, 7);
            }
            ring.commit(position, 6);
            MemorySegment batch = arena.allocate(8L * SpikeRecord.SIZE, 8);
            assertEquals(6, ring.drain(batch, 0, 8));
            for (int i = 0; i < 6; i++) {
                assertEquals(50 + i, SpikeRecord.timeStep(batch, (long) i * SpikeRecord.SIZE), "record " + i);
            }
            assertEquals(0, ring.size());
        }
    }

    @Test
    void drainRespectsTheLimitAndTheDestination() {
        try (Arena arena = Arena.ofConfined()) {
            RecordRing ring = create(arena, 16, SpikeRecord.SIZE);
            for (int i = 0; i < 10; i++) {
                assertTrue(offerSpike(ring, i, -i));
            }
            MemorySegment batch = arena.allocate(3L * SpikeRecord.SIZE, 8);
            assertEquals(3, ring.drain(batch, 0, 3));
            assertEquals(2, SpikeRecord.timeStep(batch, 32));
            assertEquals(0, ring.drain(batch, 0, 0));
            assertEquals(7, ring.size());
            assertIoobe(() -> ring.drain(batch, 16, 3), "3 records", "48 bytes", "offset 16", "48 bytes");
            assertIoobe(() -> ring.offer(batch, 40), "offset 40", "48 bytes");
            assertIoobe(() -> ring.offer(batch, -1), "offset -1");
            assertIae(() -> ring.drain((s, o) -> { }, -1), "drain limit -1", ">= 0");
            assertIae(() -> ring.drain(batch, 0, -2), "drain limit -2", ">= 0");
        }
    }

    @Test
    void bulkOfferCopiesABatchAcrossTheWrapPointAndRefusesWhenFull() {
        try (Arena arena = Arena.ofConfined()) {
            RecordRing ring = create(arena, 8, SpikeRecord.SIZE);
            MemorySegment src = arena.allocate(10L * SpikeRecord.SIZE, 8);
            for (int i = 0; i < 10; i++) {
                SpikeRecord.write(src, (long) i * SpikeRecord.SIZE, 200 + i, -i);
            }
            assertEquals(5, ring.offer(src, 0, 5));
            assertEquals(5, ring.drain((s, o) -> { }, 5));
            // positions 5..10 from source records 1..6: slots 5, 6, 7 then 0, 1, 2 (two copies)
            assertEquals(6, ring.offer(src, SpikeRecord.SIZE, 6));
            assertEquals(0, ring.offer(src, 0, 3), "only 2 slots free: all or nothing");
            assertEquals(6, ring.size(), "a refused batch claims nothing");
            assertEquals(2, ring.offer(src, 8L * SpikeRecord.SIZE, 2));
            assertEquals(0, ring.offer(src, 0, 1), "a full ring refuses a batch of one");
            MemorySegment dst = arena.allocate(8L * SpikeRecord.SIZE, 8);
            assertEquals(8, ring.drain(dst, 0, 8));
            int[] sourceRecord = {1, 2, 3, 4, 5, 6, 8, 9};
            for (int i = 0; i < 8; i++) {
                long offset = (long) i * SpikeRecord.SIZE;
                assertEquals(200 + sourceRecord[i], SpikeRecord.timeStep(dst, offset), "record " + i);
                assertEquals(-sourceRecord[i], SpikeRecord.neuronId(dst, offset), "record " + i);
            }
            assertEquals(8, ring.offer(src, 0, 8), "a whole-capacity batch fits an empty ring");
            assertEquals(8, ring.size());
        }
    }

    @Test
    void bulkOfferAndDrainCopyEveryByteFromAndToUnalignedOffsets() {
        try (Arena arena = Arena.ofConfined()) {
            RecordRing ring = create(arena, 4, 24);
            MemorySegment src = arena.allocate(4 + 6L * 24, 8);
            MemorySegment dst = arena.allocate(4 + 6L * 24, 8);
            for (int i = 0; i < src.byteSize(); i++) {
                src.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 1));
            }
            assertEquals(3, ring.offer(src, 4, 3));
            assertEquals(2, ring.drain(dst, 4, 2));
            assertEquals(3, ring.offer(src, 4 + 3L * 24, 3)); // wraps: slots 3, 0, 1
            assertEquals(4, ring.drain(dst, 4 + 2L * 24, 4));
            MemorySegment expected = src.asSlice(4, 6L * 24);
            assertEquals(-1, expected.mismatch(dst.asSlice(4, 6L * 24)), "every byte, in order");
        }
    }

    @Test
    void bulkOfferNamesBadCountsAndSourcesWithTheirBounds() {
        try (Arena arena = Arena.ofConfined()) {
            RecordRing ring = create(arena, 8, SpikeRecord.SIZE);
            MemorySegment src = arena.allocate(4L * SpikeRecord.SIZE, 8);
            assertIae(() -> ring.offer(src, 0, 0), "batch of 0", "capacity 8");
            assertIae(() -> ring.offer(src, 0, 9), "batch of 9", "capacity 8");
            assertIae(() -> ring.offer(src, 0, -1), "batch of -1");
            assertIoobe(() -> ring.offer(src, 0, 5), "5 records", "80 bytes", "offset 0", "64 bytes");
            assertIoobe(() -> ring.offer(src, 16, 4), "4 records", "offset 16", "64 bytes");
            assertIoobe(() -> ring.offer(src, -16, 1), "offset -16");
            assertEquals(0, ring.size(), "bad arguments claim nothing");
            assertEquals(4, ring.offer(src, 0, 4));
        }
    }

    @Test
    void badBatchCountsNameValueAndCapacity() {
        try (Arena arena = Arena.ofConfined()) {
            RecordRing ring = create(arena, 8, SpikeRecord.SIZE);
            assertIae(() -> ring.tryClaim(0), "batch of 0", "capacity 8");
            assertIae(() -> ring.tryClaim(-3), "batch of -3");
            assertIae(() -> ring.tryClaim(9), "batch of 9", "capacity 8");
            assertIae(() -> ring.commit(0, -1), "batch of -1");
        }
    }

    @Test
    void aHandlerThatThrowsConsumesItsRecord() {
        try (Arena arena = Arena.ofConfined()) {
            RecordRing ring = create(arena, 8, SpikeRecord.SIZE);
            for (int i = 0; i < 4; i++) {
                assertTrue(offerSpike(ring, i, i));
            }
            List<Long> seen = new ArrayList<>();
            RecordHandler failOnSecond = (s, o) -> {
                seen.add(SpikeRecord.timeStep(s, o));
                if (seen.size() == 2) {
                    throw new IllegalStateException("bad record");
                }
            };
            assertThrows(IllegalStateException.class, () -> ring.drain(failOnSecond, 4));
            assertEquals(2, ring.size(), "records 0 and 1 are consumed");
            assertTrue(ring.poll((s, o) -> seen.add(SpikeRecord.timeStep(s, o))));
            assertEquals(List.of(0L, 1L, 2L), seen);
        }
    }

    @Test
    void wrapSeesWhatTheCreatorLeft() {
        try (Arena arena = Arena.ofConfined()) {
            RecordRing ring = create(arena, 8, SpikeRecord.SIZE);
            for (int i = 0; i < 6; i++) {
                assertTrue(offerSpike(ring, i, 10 * i));
            }
            assertTrue(ring.poll((s, o) -> { }));
            RecordRing again = wrap(ring.segment());
            assertEquals(5, again.size());
            List<Integer> ids = new ArrayList<>();
            assertEquals(5, again.drain((s, o) -> ids.add(SpikeRecord.neuronId(s, o)), 8));
            assertEquals(List.of(10, 20, 30, 40, 50), ids);
            assertTrue(again.toString().contains("capacity=8"), again::toString);
        }
    }

    @Test
    void useAfterTheArenaClosesThrowsInsteadOfCrashing() {
        Arena arena = Arena.ofConfined();
        RecordRing ring = create(arena, 8, SpikeRecord.SIZE);
        arena.close();
        assertThrows(IllegalStateException.class, () -> ring.tryClaim(1));
        assertThrows(IllegalStateException.class, () -> ring.poll((s, o) -> { }));
    }

    @Test
    void takeWaitsForPutWithEveryIdleStrategy() {
        IdleStrategy[] strategies = {BusySpinIdleStrategy.INSTANCE, YieldingIdleStrategy.INSTANCE,
                new BackoffIdleStrategy(10, 10, 1_000, 100_000)};
        for (IdleStrategy consumerIdle : strategies) {
            try (Arena arena = Arena.ofShared()) {
                RecordRing ring = create(arena, 2, SpikeRecord.SIZE);
                int count = 200;
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread producer = Thread.ofPlatform().daemon().start(() -> {
                    MemorySegment src = Arena.ofAuto().allocate(SpikeRecord.SIZE, 8);
                    IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 100_000);
                    try {
                        for (int i = 0; i < count; i++) {
                            SpikeRecord.write(src, 0, i, i);
                            ring.put(src, 0, idle);
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                });
                MemorySegment dst = arena.allocate(SpikeRecord.SIZE, 8);
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                    for (int i = 0; i < count; i++) {
                        ring.take(dst, 0, consumerIdle);
                        assertEquals(i, SpikeRecord.timeStep(dst, 0), consumerIdle.getClass().getSimpleName());
                    }
                    producer.join();
                }, consumerIdle.getClass().getSimpleName());
                assertEquals(null, failure.get());
            }
        }
    }

    @Test
    void blockingCallsStopWhenInterrupted() {
        try (Arena arena = Arena.ofShared()) {
            RecordRing ring = create(arena, 1, SpikeRecord.SIZE);
            assertTrue(offerSpike(ring, 1, 1));
            AtomicReference<Throwable> putResult = new AtomicReference<>();
            AtomicReference<Throwable> takeResult = new AtomicReference<>();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                Thread putter = Thread.ofPlatform().start(() -> {
                    try {
                        ring.claim(1, new BackoffIdleStrategy(0, 0, 1_000, 1_000_000));
                    } catch (Throwable t) {
                        putResult.set(t);
                    }
                });
                putter.interrupt();
                putter.join();
                assertTrue(ring.poll((s, o) -> { }));
                Thread taker = Thread.ofPlatform().start(() -> {
                    try {
                        ring.take((s, o) -> { }, YieldingIdleStrategy.INSTANCE);
                    } catch (Throwable t) {
                        takeResult.set(t);
                    }
                });
                taker.interrupt();
                taker.join();
            });
            assertInstanceOf(InterruptedException.class, putResult.get());
            assertInstanceOf(InterruptedException.class, takeResult.get());
            assertEquals(0, ring.size(), "nothing was claimed or taken");
        }
    }

    static void assertIae(Executable action, String... parts) {
        assertMessage(assertThrows(IllegalArgumentException.class, action), parts);
    }

    static void assertIoobe(Executable action, String... parts) {
        assertMessage(assertThrows(IndexOutOfBoundsException.class, action), parts);
    }

    static void assertMessage(RuntimeException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks '" + part + "'");
        }
    }
}
