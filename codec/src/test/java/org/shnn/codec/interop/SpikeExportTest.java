package org.shnn.codec.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.Dtype;
import org.shnn.codec.npy.NpyFile;
import org.shnn.codec.npy.NpzFile;
import org.shnn.memory.ring.SpikeRecord;

class SpikeExportTest {

    @TempDir
    Path dir;

    private static MemorySegment records(Arena arena, long[] steps, int[] ids) {
        MemorySegment r = arena.allocate((long) SpikeRecord.SIZE * steps.length, 8);
        for (int i = 0; i < steps.length; i++) {
            SpikeRecord.write(r, (long) i * SpikeRecord.SIZE, steps[i], ids[i]);
        }
        return r;
    }

    private static final long[] STEPS = {0, 3, 3, 1_000_000_000L};
    private static final int[] IDS = {7, 1, 2, 3999};

    @Test
    void csvHasHeaderAndPlainDecimalTimes() throws IOException {
        Path p = dir.resolve("s.csv");
        try (Arena arena = Arena.ofConfined()) {
            SpikeExport.writeCsv(p, records(arena, STEPS, IDS), STEPS.length, 0.1);
        }
        assertEquals(List.of("neuron_id,time_ms", "7,0.0", "1,0.30000000000000004", "2,0.30000000000000004",
                "3999,100000000"), Files.readAllLines(p));
        try (Stream s = new Stream(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }

    @Test
    void npzAndNpyHoldIdsAndTimes() throws IOException {
        Path z = dir.resolve("s.npz");
        Path y = dir.resolve("s.npy");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = records(arena, STEPS, IDS);
            SpikeExport.writeNpz(z, r, STEPS.length, 0.1);
            SpikeExport.writeNpy(y, r, 3, 0.1);
            assertThrows(IllegalArgumentException.class, () -> SpikeExport.writeCsv(dir.resolve("x"), r, 5, 0.1));
            assertThrows(IllegalArgumentException.class, () -> SpikeExport.writeCsv(dir.resolve("x"), r, 1, 0));
        }
        try (NpzFile f = NpzFile.open(z)) {
            assertArrayEquals(IDS, f.array("neuron_id").data().toArray(ValueLayout.JAVA_INT));
            double[] t = f.array("time_ms").data().toArray(ValueLayout.JAVA_DOUBLE);
            for (int i = 0; i < t.length; i++) {
                assertEquals(STEPS[i] * 0.1, t[i]);
            }
        }
        try (NpyFile f = NpyFile.open(y)) {
            assertArrayEquals(new long[] {3, 2}, f.array().shape());
            assertEquals(Dtype.FLOAT64, f.array().dtype());
            assertArrayEquals(new double[] {7, 0, 1, 0.30000000000000004, 2, 0.30000000000000004},
                    f.array().data().toArray(ValueLayout.JAVA_DOUBLE));
            assertTrue(f.array().isMapped());
        }
    }

    /** Lists a directory (closed after use). */
    private static final class Stream implements AutoCloseable {
        private final java.util.stream.Stream<Path> s;

        Stream(Path dir) throws IOException {
            s = Files.list(dir);
        }

        long count() {
            return s.count();
        }

        @Override
        public void close() {
            s.close();
        }
    }
}
