package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.layouts.file.ShnnFileLayouts;

/**
 * Opening is O(sections), not O(file size): a 64 GiB file (sparse: a hole, so the disk holds a few KiB) opens
 * in well under the time it would take to read even a fraction of it, and a section far beyond 2^31 bytes is
 * addressable through its mapped view and a typed array.
 */
class LargeSparseFileTest {

    static final long SECTION = 64L << 30;
    static final long OFFSET = 4096;

    @TempDir
    Path dir;

    @Test
    void aHugeFileOpensWithoutBeingRead() throws IOException {
        Path p = dir.resolve("huge.shnn");
        long tableOffset = OFFSET + SECTION;
        long length = tableOffset + ShnnFileLayouts.SECTION_ENTRY_SIZE;
        try (Arena arena = Arena.ofConfined();
                FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            MemorySegment entry = arena.allocate(ShnnFileLayouts.SECTION_ENTRY);
            byte[] name = "big".getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(MemorySegment.ofArray(name), 0, entry, 0, name.length);
            ShnnFileLayouts.TYPE.set(entry, 0L, SectionType.ARRAY);
            ShnnFileLayouts.DTYPE.set(entry, 0L, Dtype.INT64.id());
            ShnnFileLayouts.ELEMENT_SIZE.set(entry, 0L, 8);
            ShnnFileLayouts.ELEMENT_COUNT.set(entry, 0L, SECTION / 8);
            ShnnFileLayouts.OFFSET.set(entry, 0L, OFFSET);
            ShnnFileLayouts.LENGTH.set(entry, 0L, SECTION);
            MemorySegment header = arena.allocate(ShnnFileLayouts.HEADER);
            ShnnFileLayouts.MAGIC.set(header, 0L, ShnnFormat.MAGIC);
            ShnnFileLayouts.BYTE_ORDER_MARK.set(header, 0L, ShnnFormat.BYTE_ORDER_MARK);
            ShnnFileLayouts.VERSION_MAJOR.set(header, 0L, (short) 1);
            ShnnFileLayouts.HEADER_SIZE_FIELD.set(header, 0L, (int) ShnnFileLayouts.HEADER_SIZE);
            ShnnFileLayouts.SECTION_COUNT.set(header, 0L, 1);
            ShnnFileLayouts.SECTION_ENTRY_SIZE_FIELD.set(header, 0L, (int) ShnnFileLayouts.SECTION_ENTRY_SIZE);
            ShnnFileLayouts.SECTION_TABLE_OFFSET.set(header, 0L, tableOffset);
            ShnnFileLayouts.FILE_LENGTH.set(header, 0L, length);
            ShnnFileLayouts.SECTION_TABLE_CHECKSUM.set(header, 0L, Crc32c.of(entry));
            ShnnFileLayouts.HEADER_CHECKSUM.set(header, 0L,
                    Crc32c.skipping(header, ShnnFileLayouts.HEADER_CHECKSUM_OFFSET));
            ch.write(header.asByteBuffer(), 0);
            ch.write(ByteBuffer.wrap(new byte[] {42}), OFFSET + SECTION - 8); // last element = 42 (LE)
            ch.write(entry.asByteBuffer(), tableOffset);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (ShnnFile f = ShnnFile.open(p)) {
                Section s = f.section("big");
                assertEquals(SECTION / 8, s.elementCount());
                assertEquals(0, s.segment().get(ValueLayout.JAVA_LONG, 0));
                assertEquals(42L, s.asLongArray().get(SECTION / 8 - 1));
            }
        }, "opening a 64 GiB file must not read it");
    }
}
