package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.layouts.file.ShnnFileLayouts;

/** Every kind of damage gives a CodecException naming the file, the section, the field and the offset. */
class CorruptionTest {

    @TempDir
    Path dir;
    byte[] valid;
    Path bad;

    // Indices in the sample: 0 metadata, 1 targets, 2 v, 3 spikes, 4 empty.
    static final int TARGETS = 1;
    static final int V = 2;

    @BeforeEach
    void sample() throws IOException {
        valid = TestFiles.sampleBytes(dir);
        bad = dir.resolve("bad.shnn");
    }

    private CodecException openBroken(Consumer<MemorySegment> damage) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = TestFiles.edit(arena, valid);
            damage.accept(s);
            TestFiles.write(bad, s);
        }
        CodecException e = assertThrows(CodecException.class, () -> ShnnFile.open(bad, ShnnFile.Option.VERIFY));
        assertEquals(bad, e.file());
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        return e;
    }

    private CodecException openBytes(byte[] bytes) throws IOException {
        Files.write(bad, bytes);
        CodecException e = assertThrows(CodecException.class, () -> ShnnFile.open(bad));
        assertEquals(bad, e.file());
        return e;
    }

    @Test
    void wrongMagic() throws IOException {
        CodecException e = openBroken(s -> s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 'X'));
        assertEquals("magic", e.field());
        assertEquals(0, e.offset());
        assertNull(e.section());
        assertEquals("magic", openBytes(new byte[0]).field());
        assertEquals("magic", openBytes("PK\3\4 not shnn".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).field());
    }

    @Test
    void wrongByteOrder() throws IOException {
        CodecException e = openBroken(s -> ShnnFileLayouts.BYTE_ORDER_MARK.set(s, 0L,
                Integer.reverseBytes(ShnnFormat.BYTE_ORDER_MARK)));
        assertEquals("byteOrderMark", e.field());
        assertTrue(e.found().contains("big-endian"), e.found());
    }

    @Test
    void otherMajorVersionNamesBothVersions() throws IOException {
        CodecException e = openBroken(s -> {
            ShnnFileLayouts.VERSION_MAJOR.set(s, 0L, (short) 2);
            ShnnFileLayouts.VERSION_MINOR.set(s, 0L, (short) 3);
        });
        assertEquals("versionMajor", e.field());
        assertEquals(8, e.offset());
        assertTrue(e.found().contains("2.3"), e.found());
        assertTrue(e.expected().contains("1.x"), e.expected());
    }

    @Test
    void headerChecksum() throws IOException {
        CodecException e = openBroken(s -> ShnnFileLayouts.SECTION_COUNT.set(s, 0L, 4));
        assertEquals("headerChecksum", e.field());
    }

    @Test
    void tableChecksum() throws IOException {
        CodecException e = openBroken(s -> ShnnFileLayouts.OFFSET.set(s, TestFiles.entryOffset(s, V), 64L));
        assertEquals("sectionTableChecksum", e.field());
    }

    @Test
    void truncatedAtEveryRegion() throws IOException {
        long tableOffset;
        long vOffset;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = TestFiles.edit(arena, valid);
            tableOffset = TestFiles.tableOffset(s);
            vOffset = (long) ShnnFileLayouts.OFFSET.get(s, TestFiles.entryOffset(s, V));
        }
        // inside the magic, inside the header, in the first section, in the page-aligned one, in the table
        long[] cuts = {2, 10, 64, 127, 200, vOffset + 8, tableOffset + 5, valid.length - 1};
        for (long cut : cuts) {
            CodecException e = openBytes(Arrays.copyOf(valid, (int) cut));
            String field = e.field();
            assertTrue(field.equals("fileLength") || field.equals("magic"), cut + ": " + e.getMessage());
            if (cut >= 12) {
                assertEquals("fileLength", field, e.getMessage());
            }
        }
        CodecException e = openBytes(Arrays.copyOf(valid, valid.length + 64));
        assertEquals("fileLength", e.field());
    }

    @Test
    void sectionBeyondEndOfFile() throws IOException {
        CodecException e = openBroken(s -> TestFiles.setEntryField(s, V, ShnnFileLayouts.OFFSET, s.byteSize()));
        assertEquals("v", e.section());
        assertEquals("offset", e.field());
        assertEquals(TestFiles.tableOffset(TestFiles.edit(Arena.global(), valid))
                + V * ShnnFileLayouts.SECTION_ENTRY_SIZE + 56, e.offset());
    }

    @Test
    void misalignedSection() throws IOException {
        CodecException e = openBroken(s -> TestFiles.setEntryField(s, TARGETS, ShnnFileLayouts.OFFSET,
                (long) ShnnFileLayouts.OFFSET.get(s, TestFiles.entryOffset(s, TARGETS)) + 8));
        assertEquals("targets", e.section());
        assertEquals("offset", e.field());
    }

    @Test
    void overlappingSections() throws IOException {
        CodecException e = openBroken(s -> {
            long vOff = (long) ShnnFileLayouts.OFFSET.get(s, TestFiles.entryOffset(s, V));
            TestFiles.setEntryField(s, TARGETS, ShnnFileLayouts.OFFSET, vOff + 64);
        });
        assertEquals("offset", e.field());
        assertTrue(e.expected().contains("no overlap"), e.expected());
    }

    @Test
    void sectionOverlappingTheTable() throws IOException {
        CodecException e = openBroken(s -> TestFiles.setEntryField(s, TARGETS, ShnnFileLayouts.OFFSET,
                TestFiles.tableOffset(s)));
        assertEquals("targets", e.section());
        assertTrue(e.expected().contains("section table"), e.expected());
    }

    @Test
    void sectionInsideTheHeader() throws IOException {
        CodecException e = openBroken(s -> TestFiles.setEntryField(s, TARGETS, ShnnFileLayouts.OFFSET, 64L));
        assertEquals("offset", e.field());
    }

    @Test
    void negativeAndOverflowingSizes() throws IOException {
        CodecException e = openBroken(s -> TestFiles.setEntryField(s, V, ShnnFileLayouts.ELEMENT_COUNT, -1L));
        assertEquals("elementCount", e.field());
        assertEquals("v", e.section());
        // count * size overflows a long: caught before the multiplication
        e = openBroken(s -> TestFiles.setEntryField(s, V, ShnnFileLayouts.ELEMENT_COUNT, Long.MAX_VALUE / 4));
        assertEquals("elementCount", e.field());
        e = openBroken(s -> TestFiles.setEntryField(s, V, ShnnFileLayouts.LENGTH, -8L));
        assertEquals("length", e.field());
        e = openBroken(s -> TestFiles.setEntryField(s, V, ShnnFileLayouts.OFFSET, Long.MIN_VALUE));
        assertEquals("offset", e.field());
        e = openBroken(s -> {
            ShnnFileLayouts.SECTION_TABLE_OFFSET.set(s, 0L, Long.MAX_VALUE - 63);
            TestFiles.fixChecksums(s);
        });
        assertEquals("sectionTableOffset", e.field());
        e = openBroken(s -> {
            ShnnFileLayouts.SECTION_COUNT.set(s, 0L, -1);
            TestFiles.fixChecksums(s);
        });
        assertEquals("sectionCount", e.field());
        e = openBroken(s -> {
            ShnnFileLayouts.HEADER_SIZE_FIELD.set(s, 0L, -128);
            ShnnFileLayouts.HEADER_CHECKSUM.set(s, 0L, 0);
        });
        assertEquals("headerSize", e.field());
    }

    @Test
    void dtypeAndElementSize() throws IOException {
        CodecException e = openBroken(s -> TestFiles.setEntryField(s, V, ShnnFileLayouts.DTYPE, 99));
        assertEquals("dtype", e.field());
        e = openBroken(s -> TestFiles.setEntryField(s, V, ShnnFileLayouts.ELEMENT_SIZE, 4));
        assertEquals("elementSize", e.field());
    }

    @Test
    void namesMustBeUtf8UniqueAndPadded() throws IOException {
        CodecException e = openBroken(s -> {
            MemorySegment.copy(MemorySegment.ofArray("v".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, s,
                    TestFiles.entryOffset(s, TARGETS), 1);
            s.asSlice(TestFiles.entryOffset(s, TARGETS) + 1, 31).fill((byte) 0);
            TestFiles.fixChecksums(s);
        });
        assertEquals("name", e.field());
        e = openBroken(s -> {
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, TestFiles.entryOffset(s, V), (byte) 0xC3);
            TestFiles.fixChecksums(s);
        });
        assertEquals("name", e.field());
        assertEquals("#" + V, e.section());
        e = openBroken(s -> {
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, TestFiles.entryOffset(s, V) + 20, (byte) 'x');
            TestFiles.fixChecksums(s);
        });
        assertEquals("name", e.field());
    }

    @Test
    void unknownIncompatibleFlag() throws IOException {
        CodecException e = openBroken(s -> {
            ShnnFileLayouts.HEADER_FLAGS.set(s, 0L, 1L << 40);
            TestFiles.fixChecksums(s);
        });
        assertEquals("flags", e.field());
    }

    @Test
    void badSectionChecksumWithVerify() throws IOException {
        CodecException e = openBroken(s -> TestFiles.setEntryField(s, TARGETS, ShnnFileLayouts.CHECKSUM, 12345));
        assertEquals("targets", e.section());
        assertEquals("checksum", e.field());
    }

    @Test
    void malformedMetadata() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = TestFiles.edit(arena, valid);
            long off = (long) ShnnFileLayouts.OFFSET.get(s, TestFiles.entryOffset(s, 0));
            s.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, off + 4, 1 << 30); // first key length
            TestFiles.write(bad, s);
        }
        try (ShnnFile f = ShnnFile.open(bad)) {
            CodecException e = assertThrows(CodecException.class, f::metadata);
            assertEquals("metadata", e.section());
            assertEquals("key[0].length", e.field());
        }
    }
}
