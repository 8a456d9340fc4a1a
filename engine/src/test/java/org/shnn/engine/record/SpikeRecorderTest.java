package org.shnn.engine.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.shnn.memory.ring.SpikeRecord;

class SpikeRecorderTest {

    @Test
    void growsAcrossChunksAndHashesLittleEndianStepThenNeuron() throws Exception {
        try (Arena a = Arena.ofConfined()) {
            SpikeRecorder r = new SpikeRecorder(a, null, null);
            int n = SpikeRecorder.CHUNK_RECORDS + 1000;
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                r.append(i / 3, i % 1000);
                b.clear();
                b.putLong(i / 3).putInt(i % 1000);
                md.update(b.array());
            }
            assertEquals(n, r.count());
            assertEquals((n - 1) / 3, r.step(n - 1));
            assertEquals((n - 1) % 1000, r.neuron(n - 1));
            assertArrayEquals(md.digest(), r.sha256());
            MemorySegment dst = a.allocate((long) n * SpikeRecord.SIZE, 8);
            r.copyTo(dst, 0);
            assertEquals(SpikeRecorder.CHUNK_RECORDS / 3, SpikeRecord.timeStep(dst, (long) SpikeRecorder.CHUNK_RECORDS * 16));
            assertThrows(IndexOutOfBoundsException.class, () -> r.copyTo(dst, 16));
            assertThrows(IndexOutOfBoundsException.class, () -> r.step(n));
            long[] seen = new long[1];
            r.forEach((step, neuron) -> seen[0]++);
            assertEquals(n, seen[0]);
        }
    }

    /**
     * reserve() starts a chunk only when the next append would: once before the first spike, not again while the
     * chunk has room, again after a full chunk and after clear(); the spikes read back are the same either way.
     */
    @Test
    void reserveStartsAChunkOnlyWhenTheNextAppendWould() {
        try (Arena a = Arena.ofConfined()) {
            long[] chunks = new long[1];
            java.lang.foreign.SegmentAllocator counting = (bytes, align) -> {
                chunks[0]++;
                return a.allocate(bytes, align);
            };
            SpikeRecorder r = new SpikeRecorder(counting, null, null);
            r.reserve();
            assertEquals(1, chunks[0], "the first chunk, before any spike");
            assertEquals(0, r.count());
            r.reserve();
            r.append(7, 3);
            assertEquals(1, chunks[0], "room left: no second chunk");
            for (int i = 1; i < SpikeRecorder.CHUNK_RECORDS; i++) {
                r.append(8 + i, i);
            }
            assertEquals(1, chunks[0]);
            r.reserve(); // the chunk is full
            assertEquals(2, chunks[0]);
            r.append(1_000_000, 5);
            assertEquals(2, chunks[0]);
            assertEquals(SpikeRecorder.CHUNK_RECORDS + 1L, r.count());
            assertEquals(7, r.step(0));
            assertEquals(3, r.neuron(0));
            assertEquals(1_000_000, r.step(SpikeRecorder.CHUNK_RECORDS));
            assertEquals(5, r.neuron(SpikeRecorder.CHUNK_RECORDS));
            r.clear();
            r.reserve();
            assertEquals(3, chunks[0], "after clear, a new first chunk");
            assertEquals(0, r.count());
        }
    }

    @Test
    void emptyRasterHashIsShaOfNothing() throws Exception {
        try (Arena a = Arena.ofConfined()) {
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(), new SpikeRecorder(a, null, null).sha256());
        }
    }

    @Test
    void ratesAndCv() {
        try (Arena a = Arena.ofConfined()) {
            SpikeRecorder r = new SpikeRecorder(a, null, null);
            // neuron 0 regular every 10 steps (CV 0), neuron 1 silent
            for (int s = 0; s < 100; s += 10) {
                r.append(s, 0);
            }
            double[] h = PopulationRates.histogram(r, 0, 2, 100, 50, 0.1);
            assertEquals(2, h.length);
            // 5 spikes / (2 neurons * 5 ms) = 500 Hz
            assertEquals(500, h[0], 1e-9);
            assertEquals(0, IsiStatistics.meanCv(r, 0, 2, 0, 3), 1e-12);
            assertTrue(Double.isNaN(IsiStatistics.meanCv(r, 1, 2, 0, 3)));
            assertEquals(10, PopulationRates.mean(10, 1, 10000, 0.1), 1e-12);
            assertThrows(IllegalArgumentException.class, () -> PopulationRates.histogram(r, 0, 2, 100, 0, 0.1));
        }
    }
}
