package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.layouts.file.ShnnFileLayouts;

/**
 * Block checksums (format 1.1): the writer stores the CRC32C of each block of a section that asks for them, and
 * {@link ShnnFile#verifyRange} checks the blocks a range touches, each once, naming the block that differs.
 */
class BlockChecksumsTest {

    static final int BLOCK = 4096;
    /** Three whole blocks and a short fourth. */
    static final int LENGTH = 3 * BLOCK + 100;
    // Indices in the file: 0 "small", 1 "data", 2 its block checksums, 3 metadata.
    static final int DATA = 1;
    static final int TABLE = 2;

    @TempDir
    Path dir;
    Path path;
    byte[] data;

    @BeforeEach
    void write() throws IOException {
        path = dir.resolve("blocks.shnn");
        data = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            data[i] = (byte) (i * 31 + (i >> 8));
        }
        try (ShnnWriter w = ShnnWriter.create(path)) {
            w.addSection(SectionSpec.of("small", SectionType.ARRAY, Dtype.INT32, 3), MemorySegment.ofArray(new int[3]));
            // chunks of 1000 bytes: block boundaries fall inside chunks
            w.addSection(SectionSpec.of("data", SectionType.CSR_TARGETS, Dtype.BYTES, LENGTH).withBlockChecksums(BLOCK),
                    out -> {
                        for (int at = 0; at < LENGTH; at += 1000) {
                            out.write(MemorySegment.ofArray(data).asSlice(at, Math.min(1000, LENGTH - at)));
                        }
                    });
            w.addMetadata(Metadata.builder().put("creator", "BlockChecksumsTest").build());
            w.commit();
        }
    }

    @Test
    void storesTheCrc32cOfEachBlockBesideTheSection() throws IOException {
        try (ShnnFile f = ShnnFile.open(path, ShnnFile.Option.VERIFY)) {
            Section s = f.section("data");
            assertEquals(BLOCK, s.blockSize());
            assertEquals(4, s.blocks());
            assertFalse(f.section("small").hasBlockChecksums());
            Section t = f.section(ShnnWriter.BLOCK_CHECKSUMS_PREFIX + DATA);
            assertEquals(TABLE, t.index());
            assertEquals(SectionType.BLOCK_CHECKSUMS, t.type());
            assertEquals(Dtype.UINT32, t.dtype());
            int[] stored = t.segment().toArray(ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN));
            int[] expected = new int[4];
            for (int b = 0; b < 4; b++) { // java.util.zip.CRC32C over the bytes, independently of the codec
                CRC32C crc = new CRC32C();
                crc.update(data, b * BLOCK, Math.min(BLOCK, LENGTH - b * BLOCK));
                expected[b] = (int) crc.getValue();
            }
            assertArrayEquals(expected, stored);
            f.verifyRange(s, 0, LENGTH);
            f.verifyRange(s, LENGTH, 0);
            assertThrows(IndexOutOfBoundsException.class, () -> f.verifyRange(s, LENGTH - 10, 11));
            assertThrows(IllegalArgumentException.class, () -> f.verifyRange(f.section("small"), 0, 4));
        }
    }

    @Test
    void aChangedByteFailsOnlyTheRangesOverItsBlock() throws IOException {
        flip(dataOffset() + 2 * BLOCK + 17);
        try (ShnnFile f = ShnnFile.open(path)) {
            Section s = f.section("data");
            f.verifyRange(s, 0, 2 * BLOCK); // blocks 0 and 1
            f.verifyRange(s, 3 * BLOCK, 100);
            for (int attempt = 0; attempt < 2; attempt++) { // a failed block is not marked verified
                CodecException e = assertThrows(CodecException.class, () -> f.verifyRange(s, 2 * BLOCK - 1, 2));
                assertEquals(path, e.file());
                assertEquals("data", e.section());
                assertEquals("block checksum", e.field());
                assertEquals(s.offset() + 2 * BLOCK, e.offset());
                assertTrue(e.expected().contains("block 2 of 4"), e.expected());
            }
            assertThrows(CodecException.class, f::verify); // the section's own checksum sees it too
        }
    }

    @Test
    void changedBlockChecksumsFailTheFirstRange() throws IOException {
        long tableAt;
        try (ShnnFile f = ShnnFile.open(path)) {
            tableAt = f.section(ShnnWriter.BLOCK_CHECKSUMS_PREFIX + DATA).offset();
        }
        flip(tableAt + 5);
        try (ShnnFile f = ShnnFile.open(path)) {
            CodecException e = assertThrows(CodecException.class, () -> f.verifyRange(f.section("data"), 0, 1));
            assertEquals(ShnnWriter.BLOCK_CHECKSUMS_PREFIX + DATA, e.section());
            assertEquals("checksum", e.field());
        }
    }

    @Test
    void badLinksAreRefusedWhenOpening() throws IOException {
        assertRefused(s -> TestFiles.setEntryField(s, DATA, ShnnFileLayouts.BLOCK_SIZE, BLOCK + 1), "blockSize");
        assertRefused(s -> TestFiles.setEntryField(s, DATA, ShnnFileLayouts.BLOCK_SIZE, 2048), "blockSize");
        assertRefused(s -> TestFiles.setEntryField(s, DATA, ShnnFileLayouts.BLOCK_SIZE, 2 * BLOCK), "blockChecksums");
        assertRefused(s -> TestFiles.setEntryField(s, DATA, ShnnFileLayouts.BLOCK_CHECKSUMS, 0), "blockChecksums");
        assertRefused(s -> TestFiles.setEntryField(s, DATA, ShnnFileLayouts.BLOCK_CHECKSUMS, DATA), "blockChecksums");
        assertRefused(s -> TestFiles.setEntryField(s, DATA, ShnnFileLayouts.BLOCK_CHECKSUMS, 99), "blockChecksums");
        assertRefused(s -> TestFiles.setEntryField(s, 0, ShnnFileLayouts.BLOCK_CHECKSUMS, TABLE), "blockChecksums");
        assertRefused(s -> TestFiles.setEntryField(s, TABLE, ShnnFileLayouts.TYPE, SectionType.ARRAY), "blockChecksums");
        assertRefused(s -> { // a second section naming the same table
            ShnnFileLayouts.BLOCK_SIZE.set(s, TestFiles.entryOffset(s, 0), BLOCK);
            TestFiles.setEntryField(s, 0, ShnnFileLayouts.BLOCK_CHECKSUMS, TABLE);
        }, "blockChecksums");
    }

    @Test
    void aVersionOneZeroFileHasNoBlockChecksums() throws IOException {
        Path old = dir.resolve("old.shnn"); // the sections a 1.0 writer wrote: none with block checksums
        try (ShnnWriter w = ShnnWriter.create(old)) {
            w.addSection(SectionSpec.of("data", SectionType.CSR_TARGETS, Dtype.BYTES, LENGTH), MemorySegment.ofArray(data));
            w.addMetadata(Metadata.builder().put("creator", "BlockChecksumsTest").build());
            w.commit();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = TestFiles.edit(arena, Files.readAllBytes(old));
            ShnnFileLayouts.VERSION_MINOR.set(s, 0L, (short) 0);
            TestFiles.fixChecksums(s);
            TestFiles.write(old, s);
        }
        try (ShnnFile f = ShnnFile.open(old, ShnnFile.Option.VERIFY)) {
            assertEquals(0, f.versionMinor());
            assertEquals(2, f.sections().size());
            assertTrue(f.sections().stream().noneMatch(Section::hasBlockChecksums));
            assertThrows(IllegalArgumentException.class, () -> f.verifyRange(f.section("data"), 0, 1));
        }
    }

    private void assertRefused(Consumer<MemorySegment> edit, String field) throws IOException {
        byte[] valid = Files.readAllBytes(path);
        Path bad = dir.resolve("bad.shnn");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = TestFiles.edit(arena, valid);
            edit.accept(s);
            TestFiles.write(bad, s);
        }
        CodecException e = assertThrows(CodecException.class, () -> ShnnFile.open(bad));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(bad, e.file());
    }

    /** The file offset of the data section. */
    private long dataOffset() throws IOException {
        try (ShnnFile f = ShnnFile.open(path)) {
            return f.section("data").offset();
        }
    }

    /** Flips one bit of the file's byte {@code at} (no checksum fixed). */
    private void flip(long at) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        bytes[(int) at] ^= 0x40;
        Files.write(path, bytes);
    }
}
