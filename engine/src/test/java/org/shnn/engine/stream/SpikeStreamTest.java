package org.shnn.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.layouts.stream.SpikeStreamLayout;
import org.shnn.memory.ring.BackoffIdleStrategy;
import org.shnn.memory.ring.RingDescriptor;
import org.shnn.memory.ring.SpikeRecord;
import org.shnn.memory.ring.YieldingIdleStrategy;

/**
 * The stream itself: a mapped file opened twice (as another process would), its validation errors, and the
 * drop-oldest policy under concurrent producers (seeded, bounded stress; the seed is printed to replay).
 */
class SpikeStreamTest {

    @TempDir
    Path dir;

    @Test
    void aMappedStreamIsSharedThroughItsFile() throws Exception {
        Path file = dir.resolve("in.ring");
        try (MappedSpikeStream producer = MappedSpikeStream.create(file, true, 8, StreamPolicy.BLOCK);
                MappedSpikeStream consumer = MappedSpikeStream.open(file)) {
            assertTrue(consumer.stream().manyProducers());
            assertEquals(StreamPolicy.BLOCK, consumer.stream().policy());
            for (int i = 0; i < 5; i++) {
                producer.stream().put(100 + i, i, YieldingIdleStrategy.INSTANCE);
            }
            List<Long> got = new ArrayList<>();
            assertEquals(5, consumer.stream().drain((s, o) -> got.add(SpikeRecord.timeStep(s, o) * 1000
                    + SpikeRecord.neuronId(s, o)), 10));
            assertEquals(List.of(100_000L, 101_001L, 102_002L, 103_003L, 104_004L), got);
            consumer.stream().setConsumerStep(7);
            assertEquals(7, producer.stream().consumerStep());
        }
    }

    @Test
    void aBadFileIsRefusedNamingFileOffsetFieldExpectedAndFound() throws IOException {
        Path file = dir.resolve("bad.ring");
        MappedSpikeStream.create(file, false, 8, StreamPolicy.DROP_OLDEST).close();
        long ring = SpikeStreamLayout.RING_OFFSET;
        assertRefused(file, 0, 0x1234L, "at byte offset 0, field magic: expected 0x4d5254534e4e4853", "found 0x1234");
        assertRefusedInt(file, SpikeStreamLayout.VERSION_OFFSET, 9, "field version: expected 1, found 9");
        assertRefusedInt(file, SpikeStreamLayout.POLICY_OFFSET, 7, "field policy: expected 1 (block) or 2 (drop-oldest), found 7");
        assertRefusedInt(file, ring + RingDescriptor.CAPACITY_OFFSET, 12,
                "at byte offset " + (ring + RingDescriptor.CAPACITY_OFFSET) + ", field ring.capacity: expected a power of two");
        assertRefusedInt(file, ring + RingDescriptor.VERSION_OFFSET, 1, "field ring.version: expected 2, found 1");
        assertRefusedInt(file, ring + RingDescriptor.RECORD_SIZE_OFFSET, 24, "field ring.recordSize: expected 16 bytes");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - 8);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MappedSpikeStream.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("field size: expected "
                + SpikeStream.requiredBytes(false, 8) + " bytes") && e.getMessage().contains("(truncated)"), e.getMessage());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(100);
        }
        e = assertThrows(IllegalArgumentException.class, () -> MappedSpikeStream.open(file));
        assertTrue(e.getMessage().contains("found 100 bytes (truncated)"), e.getMessage());
    }

    private static void assertRefused(Path file, long offset, long value, String... parts) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value);
        corruptAndCheck(file, offset, b, parts);
    }

    private static void assertRefusedInt(Path file, long offset, int value, String... parts) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value);
        corruptAndCheck(file, offset, b, parts);
    }

    private static void corruptAndCheck(Path file, long offset, ByteBuffer value, String... parts) throws IOException {
        ByteBuffer saved = ByteBuffer.allocate(value.capacity());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.read(saved, offset);
            ch.write(value, offset);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MappedSpikeStream.open(file));
        assertTrue(e.getMessage().startsWith("spike stream " + file + ": "), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(saved.flip(), offset);
        }
        MappedSpikeStream.open(file).close(); // restored: valid again
    }

    @Test
    void dropOldestKeepsTheNewestAndCountsTheRest() throws Exception {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            SpikeStream s = SpikeStream.allocate(arena, false, 8, StreamPolicy.DROP_OLDEST);
            for (int i = 0; i < 20; i++) {
                s.put(i, i, YieldingIdleStrategy.INSTANCE);
            }
            assertEquals(12, s.dropped());
            List<Integer> left = new ArrayList<>();
            s.drain((seg, off) -> left.add(SpikeRecord.neuronId(seg, off)), 100);
            assertEquals(List.of(12, 13, 14, 15, 16, 17, 18, 19), left);
        }
    }

    /**
     * A drop-oldest ring whose oldest record was claimed and never committed (its producer died mid-put) cannot drop:
     * a put gives up after the stall timeout naming the stream, instead of spinning for good; a blocking ring nobody
     * drains gives up likewise. Both within bounded time.
     */
    @Test
    void aPutThatCannotProgressGivesUpAfterTheStallTimeout() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                java.lang.foreign.MemorySegment segment = arena.allocate(SpikeStream.requiredBytes(true, 4),
                        org.shnn.memory.ring.RingDescriptor.ALIGNMENT);
                SpikeStream s = SpikeStream.create(segment, true, 4, StreamPolicy.DROP_OLDEST, "stalled");
                long claimed = org.shnn.memory.ring.MpscRing.wrap(segment.asSlice(
                        org.shnn.layouts.stream.SpikeStreamLayout.RING_OFFSET)).tryClaim(1); // never committed
                assertEquals(0, claimed);
                s.stallTimeoutNanos(100_000_000L);
                for (int i = 1; i < 4; i++) {
                    s.put(i, i, YieldingIdleStrategy.INSTANCE);
                }
                long start = System.nanoTime();
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> s.put(4, 4, YieldingIdleStrategy.INSTANCE));
                assertTrue(System.nanoTime() - start >= 100_000_000L);
                String m = e.getMessage();
                assertTrue(m.startsWith("spike stream stalled: its ring of 4 records has been full for")
                        && m.contains("its oldest record was claimed and never committed"), m);
                assertEquals(0, s.dropped());

                SpikeStream b = SpikeStream.allocate(arena, false, 2, StreamPolicy.BLOCK);
                b.stallTimeoutNanos(100_000_000L);
                b.put(1, 1, YieldingIdleStrategy.INSTANCE);
                b.put(2, 2, YieldingIdleStrategy.INSTANCE);
                e = assertThrows(IllegalStateException.class,
                        () -> b.put(3, 3, YieldingIdleStrategy.INSTANCE));
                assertTrue(e.getMessage().contains("records has been full for")
                        && e.getMessage().contains("its consumer has stopped reading"), e.getMessage());
            }
        });
    }

    /**
     * Four producers put into a small drop-oldest MPSC stream while one consumer drains: each producer's spikes
     * arrive in order without duplicates, and received + dropped = produced (another producer's drops may take
     * any producer's newest spike, so which ones survive is not fixed).
     */
    @Test
    void dropOldestUnderConcurrentProducersLosesOnlyWhatItCounts() throws Exception {
        long seed = System.nanoTime();
        System.out.println("dropOldestUnderConcurrentProducers seed " + seed + " (replay: set it here)");
        SplittableRandom random = new SplittableRandom(seed);
        int producers = 4;
        int perProducer = 50_000;
        int capacity = 1 << (2 + random.nextInt(5));
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared()) {
            SpikeStream s = SpikeStream.allocate(arena, true, capacity, StreamPolicy.DROP_OLDEST);
            AtomicBoolean done = new AtomicBoolean();
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int id = p;
                threads[p] = Thread.ofPlatform().start(() -> {
                    BackoffIdleStrategy idle = BackoffIdleStrategy.standard();
                    for (int i = 0; i < perProducer; i++) {
                        try {
                            s.put(i, id, idle);
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                });
            }
            long[] last = {-1, -1, -1, -1};
            long[] received = new long[1];
            Thread watcher = Thread.ofPlatform().start(() -> {
                for (Thread t : threads) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
                done.set(true);
            });
            while (!done.get() || s.size() > 0) {
                s.drain((seg, off) -> {
                    int p = SpikeRecord.neuronId(seg, off);
                    long i = SpikeRecord.timeStep(seg, off);
                    if (i <= last[p]) {
                        throw new AssertionError("producer " + p + ": spike " + i + " after " + last[p] + ", seed " + seed);
                    }
                    last[p] = i;
                    received[0]++;
                }, random.nextInt(1, 64));
            }
            watcher.join();
            assertEquals((long) producers * perProducer, received[0] + s.dropped(), "capacity " + capacity + ", seed " + seed);
        }
    }
}
