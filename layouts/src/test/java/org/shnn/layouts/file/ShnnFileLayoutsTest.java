package org.shnn.layouts.file;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class ShnnFileLayoutsTest {

    @Test
    void headerOffsetsMatchTheSpecification() {
        assertEquals(128, ShnnFileLayouts.HEADER_SIZE);
        String[] fields = {"magic", "byteOrderMark", "versionMajor", "versionMinor", "headerSize", "flags",
            "sectionCount", "sectionEntrySize", "sectionTableOffset", "fileLength", "sectionTableChecksum",
            "headerChecksum"};
        long[] offsets = {0, 4, 8, 10, 12, 16, 24, 28, 32, 40, 48, 52};
        for (int i = 0; i < fields.length; i++) {
            assertEquals(offsets[i], ShnnFileLayouts.HEADER.byteOffset(groupElement(fields[i])), fields[i]);
        }
        assertEquals(52, ShnnFileLayouts.HEADER_CHECKSUM_OFFSET);
    }

    @Test
    void sectionEntryOffsetsMatchTheSpecification() {
        assertEquals(128, ShnnFileLayouts.SECTION_ENTRY_SIZE);
        String[] fields = {"name", "type", "dtype", "elementSize", "flags", "elementCount", "offset", "length",
            "checksum", "blockSize", "blockChecksums"};
        long[] offsets = {0, 32, 36, 40, 44, 48, 56, 64, 72, 76, 80};
        for (int i = 0; i < fields.length; i++) {
            assertEquals(offsets[i], ShnnFileLayouts.SECTION_ENTRY.byteOffset(groupElement(fields[i])), fields[i]);
        }
    }

    @Test
    void fieldsAreLittleEndianWhateverTheHostOrder() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ShnnFileLayouts.HEADER);
            ShnnFileLayouts.SECTION_TABLE_OFFSET.set(s, 0L, 0x0102030405060708L);
            assertEquals(0x08, s.get(ValueLayout.JAVA_BYTE, 32));
            assertEquals(0x01, s.get(ValueLayout.JAVA_BYTE, 39));
            ShnnFileLayouts.VERSION_MINOR.set(s, 0L, (short) 0x0A0B);
            assertEquals(0x0B, s.get(ValueLayout.JAVA_BYTE, 10));
            assertEquals(0x0A, s.get(ValueLayout.JAVA_BYTE, 11));
        }
    }
}
