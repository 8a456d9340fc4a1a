package org.shnn.memory.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rings in a memory-mapped file: written, unmapped, mapped again and read, as another process would. */
class MappedRingTest {

    @TempDir
    Path dir;

    private static MemorySegment map(Path file, long bytes, Arena arena) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
        }
    }

    @Test
    void spscRingSurvivesUnmapAndRemap() throws IOException {
        Path file = dir.resolve("spikes.ring");
        long bytes = SpscRing.requiredBytes(64, SpikeRecord.SIZE);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment mapped = map(file, bytes, arena);
            SpscRing ring = SpscRing.create(mapped, 64, SpikeRecord.SIZE);
            for (int i = 0; i < 50; i++) {
                assertTrue(RingTestSupport.offerSpike(ring, 1000 + i, i));
            }
            assertEquals(10, ring.drain((s, o) -> { }, 10));
            mapped.force();
        }
        assertEquals(bytes, Files.size(file));
        try (Arena arena = Arena.ofShared()) {
            SpscRing ring = SpscRing.wrap(map(file, bytes, arena));
            assertEquals(40, ring.size());
            for (int i = 50; i < 70; i++) { // continues across the wrap point (slot 63 -> 0)
                assertTrue(RingTestSupport.offerSpike(ring, 1000 + i, i));
            }
            List<Integer> ids = new ArrayList<>();
            assertEquals(60, ring.drain((s, o) -> {
                ids.add(SpikeRecord.neuronId(s, o));
                assertEquals(1000 + ids.getLast(), SpikeRecord.timeStep(s, o));
            }, 100));
            for (int i = 0; i < 60; i++) {
                assertEquals(10 + i, ids.get(i));
            }
        }
    }

    @Test
    void mpscRingSurvivesUnmapAndRemap() throws IOException {
        Path file = dir.resolve("mpsc.ring");
        long bytes = MpscRing.requiredBytes(16, 32);
        try (Arena arena = Arena.ofShared()) {
            MpscRing ring = MpscRing.create(map(file, bytes, arena), 16, 32);
            long first = ring.tryClaim(3);
            long second = ring.tryClaim(2);
            for (long p = first; p < second + 2; p++) {
                ring.segment().asSlice(ring.recordOffset(p), 32).fill((byte) (p + 1));
            }
            ring.commit(second, 2);
            ring.commit(first, 3);
            ring.segment().force();
        }
        try (Arena arena = Arena.ofShared()) {
            MpscRing ring = MpscRing.wrap(map(file, bytes, arena));
            MemorySegment batch = arena.allocate(16 * 32, 8);
            assertEquals(5, ring.drain(batch, 0, 16));
            for (int r = 0; r < 5; r++) {
                assertEquals((byte) (r + 1), batch.get(java.lang.foreign.ValueLayout.JAVA_BYTE, r * 32L + 31));
            }
        }
    }

    @Test
    void aFileThatIsNotARingIsRejectedWithTheField() throws IOException {
        Path file = dir.resolve("junk.ring");
        Files.write(file, new byte[4096]);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment mapped = map(file, 4096, arena);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpscRing.wrap(mapped));
            assertTrue(e.getMessage().contains("'magic' expected 0x474e49524e4e4853, found 0x0"), e.getMessage());
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> SpscRing.create(mapped, 256, SpikeRecord.SIZE));
            assertTrue(small.getMessage().contains("4096 bytes is smaller than the 6656 bytes"), small.getMessage());
        }
    }
}
