package org.shnn.codec;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.shnn.layouts.file.ShnnFileLayouts;

/** Builds a valid sample file and edits raw bytes of one (with or without fixing the checksums). */
final class TestFiles {

    static final int SMALL = 100;
    static final int BIG = 3000; // 3000 doubles = 24000 bytes: page-aligned
    /** Bytes of the section with block checksums: three whole blocks of 4096 and a short one. */
    static final int BLOCKED = 3 * 4096 + 10;

    private TestFiles() {
    }

    /**
     * Writes a file with metadata, small and big typed sections, a record section, an empty one and one with block
     * checksums (indices 0 to 5, then its block checksums at 6).
     */
    static void writeSample(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined(); ShnnWriter w = ShnnWriter.create(path)) {
            MemorySegment ints = arena.allocate(4L * SMALL, 64);
            for (int i = 0; i < SMALL; i++) {
                ints.setAtIndex((ValueLayout.OfInt) Dtype.INT32.layout(), i, i * 7 - 3);
            }
            MemorySegment doubles = arena.allocate(8L * BIG, 64);
            for (int i = 0; i < BIG; i++) {
                doubles.setAtIndex((ValueLayout.OfDouble) Dtype.FLOAT64.layout(), i, Math.sin(i) * 70 - 65);
            }
            w.addMetadata(Metadata.builder().put("creator", "TestFiles").putLong("seed", 42)
                    .putDouble("t_ms", 1000.25).build());
            w.addSection(SectionSpec.of("targets", SectionType.CSR_TARGETS, Dtype.INT32, SMALL), ints);
            w.addSection(SectionSpec.of("v", SectionType.NEURON_STATE, Dtype.FLOAT64, BIG), doubles);
            w.addSection(SectionSpec.record("spikes", SectionType.RECORDER, 16, 3),
                    MemorySegment.ofArray(new byte[48]).fill((byte) 5));
            w.addSection(SectionSpec.of("empty", SectionType.PLASTICITY, Dtype.FLOAT32, 0), MemorySegment.NULL);
            MemorySegment blocked = MemorySegment.ofArray(new byte[BLOCKED]);
            for (int i = 0; i < BLOCKED; i++) {
                blocked.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 13));
            }
            w.addSection(SectionSpec.of("blocked", SectionType.CSR_WEIGHTS, Dtype.BYTES, BLOCKED)
                    .withBlockChecksums(ShnnFormat.MIN_BLOCK_SIZE), blocked); // and its block checksums after it
            w.commit();
        }
    }

    static byte[] sampleBytes(Path dir) throws IOException {
        Path p = dir.resolve("sample.shnn");
        writeSample(p);
        return Files.readAllBytes(p);
    }

    /** A native, 8-aligned copy of {@code bytes} so the layout VarHandles can be used on it. */
    static MemorySegment edit(Arena arena, byte[] bytes) {
        MemorySegment s = arena.allocate(Math.max(1, bytes.length), 8);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, s, 0, bytes.length);
        return s.asSlice(0, bytes.length);
    }

    static long tableOffset(MemorySegment s) {
        return (long) ShnnFileLayouts.SECTION_TABLE_OFFSET.get(s, 0L);
    }

    static long entryOffset(MemorySegment s, int index) {
        return tableOffset(s) + index * ShnnFileLayouts.SECTION_ENTRY_SIZE;
    }

    /** Sets an entry field through its VarHandle, then recomputes the table and header checksums. */
    static void setEntryField(MemorySegment s, int index, VarHandle field, Object value) {
        field.set(s, entryOffset(s, index), value);
        fixChecksums(s);
    }

    /** Recomputes the section-table CRC and then the header CRC of a (possibly edited) file image. */
    static void fixChecksums(MemorySegment s) {
        long count = Integer.toUnsignedLong((int) ShnnFileLayouts.SECTION_COUNT.get(s, 0L));
        long entrySize = Integer.toUnsignedLong((int) ShnnFileLayouts.SECTION_ENTRY_SIZE_FIELD.get(s, 0L));
        long off = tableOffset(s);
        long bytes = count * entrySize;
        if (off >= 0 && bytes >= 0 && off <= s.byteSize() && bytes <= s.byteSize() - off) {
            ShnnFileLayouts.SECTION_TABLE_CHECKSUM.set(s, 0L, Crc32c.of(s.asSlice(off, bytes)));
        }
        long headerSize = Integer.toUnsignedLong((int) ShnnFileLayouts.HEADER_SIZE_FIELD.get(s, 0L));
        if (headerSize >= ShnnFileLayouts.HEADER_SIZE && headerSize <= s.byteSize()) {
            ShnnFileLayouts.HEADER_CHECKSUM.set(s, 0L,
                    Crc32c.skipping(s.asSlice(0, headerSize), ShnnFileLayouts.HEADER_CHECKSUM_OFFSET));
        }
    }

    static void write(Path path, MemorySegment s) throws IOException {
        Files.write(path, s.toArray(ValueLayout.JAVA_BYTE));
    }
}
